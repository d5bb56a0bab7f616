"""Coverage by meaning (guide.coverage): the key points a person's answer says, judged from
sentence embeddings and key terms, with the sentence that matched."""

import pytest

from common import embeddings
from guide.coverage import COVERED_LABEL, MISSING_LABEL, coverage_for, score_points, stem
from guide.key_points import parse
from guide.models import Question


def point(seed_guide, number, term):
    question = Question.objects.get(section__guide=seed_guide, number=number)
    results = {r.point.terms[0]: r for r in coverage_for(question, ANSWERS[number])}
    return results[term]


# The paraphrases issue 18 reported as "missing": each should now count as covered.
ANSWERS = {
    9: "Leakage is sneaky. For example, fitting the scaler on the full dataset before the "
    "split lets the test rows shape the training.",
    10: "In production I watch for covariate drift: the inputs no longer look like the "
    "training data.",
    11: "Batch means you precompute predictions for everyone overnight on a schedule, which "
    "is cheap. Real-time means each request gets a prediction within milliseconds, on demand.",
}


def test_fitting_the_scaler_before_the_split_covers_train_test_contamination(seed_guide):
    result = point(seed_guide, 9, "Train-test contamination")

    assert result.status == COVERED_LABEL
    assert "fitting the scaler on the full dataset" in result.sentence


def test_covariate_drift_covers_data_drift(seed_guide):
    assert point(seed_guide, 10, "Data drift (covariate shift)").status == COVERED_LABEL


def test_a_batch_and_real_time_answer_without_the_word_inference_covers_both(seed_guide):
    assert point(seed_guide, 11, "Batch inference").status == COVERED_LABEL
    assert point(seed_guide, 11, "Real-time (online) inference").status == COVERED_LABEL


def test_an_answer_about_another_topic_covers_nothing(seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=9)
    answer = (
        "I would put a load balancer in front of stateless web servers and cache hot pages "
        "in Redis. The STAR method helps in behavioural rounds."
    )

    results = coverage_for(question, answer)

    assert [r.status for r in results] == [MISSING_LABEL, MISSING_LABEL]
    assert all(r.sentence == "" and r.span is None for r in results)


def test_nothing_typed_covers_nothing(seed_guide):
    question = Question.objects.get(section__guide=seed_guide, number=4)

    assert {r.status for r in coverage_for(question, "   ")} == {MISSING_LABEL}


def test_abbreviations_in_the_key_points_are_found_as_written():
    points = parse("**PR-AUC (Average Precision)** focuses on positives.\n**L2 (Ridge)** shrinks.")

    results = score_points(points, "I'd report the PR AUC. And I'd add an L2 penalty.")

    assert [r.terms for r in results] == [1.0, 1.0]
    assert MISSING_LABEL not in [r.status for r in results]
    sentences = [r.sentence for r in results]
    assert sentences == ["I'd report the PR AUC.", "And I'd add an L2 penalty."]


def test_the_matching_sentence_is_located_in_the_answer():
    text = "Hello there. Dropout switches off random neurons while training."
    (result,) = score_points(parse("**Dropout** deactivates random neurons in training."), text)

    assert text[result.span[0] : result.span[1]].strip() == result.sentence


@pytest.mark.parametrize(
    ("one", "other"),
    [("splitting", "split"), ("fitted", "fit"), ("regularisation", "regularization"),
     ("models", "model"), ("scaler", "scaling")],
)  # fmt: skip
def test_word_forms_share_a_stem(one, other):
    assert stem(one) == stem(other)


def test_a_missing_model_file_is_named_in_the_error(tmp_path):
    with pytest.raises(embeddings.EmbeddingsMissing) as error:
        embeddings.StaticModel(tmp_path)

    assert str(tmp_path / embeddings.VECTORS_FILE) in str(error.value)
    assert "make install" in str(error.value)
