"""Key-point coverage: the bold terms of an answer, found in what a person typed."""

import pytest

from practice.mock_interviews.coverage import coverage, highlight_segments, key_points


@pytest.fixture
def seed_answers():
    """Answers shaped like the shipped guide's: bold terms in list items, with colons,
    parentheses, dashes and math beside them."""
    return {
        1: "- **High bias** → underfitting.\n- **High variance** → overfitting.",
        2: "- **Supervised Learning:** labelled data.\n"
        "- **Unsupervised Learning:** no labels.\n"
        "- **Reinforcement Learning:** rewards.",
        15: "- **L1 (Lasso)** — $|w|$: sparse models.\n"
        "- **L2 (Ridge)** — w^2 : shrinks all weights.\n"
        "- **Elastic Net:** Combines L1 + L2.",
    }


def covered(points, text):
    return {point.text: point.covered for point in coverage(points, text)}


def test_key_points_are_the_bold_terms_of_the_answer(seed_answers):
    assert key_points(seed_answers[1]) == ["High bias", "High variance"]
    assert key_points(seed_answers[2]) == [
        "Supervised Learning",
        "Unsupervised Learning",
        "Reinforcement Learning",
    ]
    assert key_points(seed_answers[15]) == ["L1 (Lasso)", "L2 (Ridge)", "Elastic Net"]


def test_answers_without_bold_have_no_key_points():
    assert key_points("Plain answer with `code` and *italic* only.") == []


def test_matching_ignores_case(seed_answers):
    result = covered(key_points(seed_answers[1]), "HIGH BIAS means underfitting.")

    assert result == {"High bias": True, "High variance": False}


def test_matching_tolerates_plurals_and_punctuation(seed_answers):
    text = "High-biases underfit, while high variances overfit; class weights help too."

    assert covered(key_points(seed_answers[1]), text) == {
        "High bias": True,
        "High variance": True,
    }
    assert covered(["Class weights"], "set a class-weight")["Class weights"] is True


def test_parentheses_and_slashes_in_key_points(seed_answers):
    result = covered(key_points(seed_answers[15]), "Use L1/Lasso for sparsity and elastic-net.")

    assert result == {"L1 (Lasso)": True, "L2 (Ridge)": False, "Elastic Net": True}


def test_a_longer_word_does_not_count_as_the_key_point(seed_answers):
    result = covered(key_points(seed_answers[2]), "Only unsupervised learning was mentioned.")

    assert result["Supervised Learning"] is False
    assert result["Unsupervised Learning"] is True


def test_words_far_apart_do_not_count():
    result = covered(
        ["Batch Normalisation"], "batch sizes matter a lot, and so does normalisation"
    )

    assert result["Batch Normalisation"] is False


def test_small_words_may_be_left_out_but_not_real_ones():
    assert covered(["Area under the curve"], "the area under a ROC curve")["Area under the curve"]
    assert not covered(["Leave-One-Out (LOO)"], "leave one out")["Leave-One-Out (LOO)"]


def test_matched_phrases_are_highlighted_in_the_users_text():
    text = "I think high variance and High Bias matter."
    points = coverage(["High bias", "High variance"], text)

    segments = highlight_segments(text, points)

    assert segments == [
        ("I think ", False),
        ("high variance", True),
        (" and ", False),
        ("High Bias", True),
        (" matter.", False),
    ]
    assert "".join(segment for segment, _ in segments) == text


def test_nothing_typed_highlights_nothing():
    assert highlight_segments("", []) == []
