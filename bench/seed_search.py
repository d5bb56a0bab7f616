"""A guide of N questions for the search benchmark, in place of the one a previous run made:
prompts and answers drawn from a fixed vocabulary (the same text every run), indexed through
the write path every import and edit takes. Run with DJANGO_SETTINGS_MODULE=bench.settings.

    python bench/seed_search.py 15000
"""

import random
import sys

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from guide.models import Guide, Question, Section  # noqa: E402

SLUG = "search-bench"
SECTIONS = 10
# About 200 words, so that a word is in roughly a quarter of the answers and two words are
# both in a few percent of them: a query that finds hundreds of questions at 15,000.
WORDS = (
    "model training data gradient descent loss function layer network neural weight bias "
    "variance overfitting underfitting regularisation dropout batch normalisation learning "
    "rate optimiser momentum feature label class imbalance precision recall accuracy metric "
    "validation test split cross fold ensemble boosting bagging forest tree depth split node "
    "leaf kernel vector embedding token attention transformer encoder decoder sequence "
    "recurrent memory convolution pooling filter stride padding image text audio signal "
    "noise sample distribution mean median deviation probability likelihood prior posterior "
    "bayesian inference hypothesis significance interval confidence pipeline deployment "
    "monitoring drift latency throughput cache queue database index query schema partition "
    "replica shard cluster container service endpoint request response payload batching "
    "streaming window aggregate join table column row sparse dense matrix tensor dimension "
    "projection reduction clustering centroid distance similarity cosine euclidean graph "
    "edge path search ranking retrieval recommendation user item rating feedback reward "
    "policy agent environment state action value estimate bootstrap baseline benchmark "
    "experiment trial result analysis behaviour colour centre pattern signal scale "
    "production serving version artifact registry lineage governance privacy fairness "
    "explainability interpretability calibration threshold curve area trade-off budget"
)
VOCABULARY = WORDS.split()


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


@transaction.atomic
def seed(question_count: int):
    Guide.objects.filter(slug=SLUG).delete()
    guide = Guide.objects.create(title="Search benchmark", slug=SLUG)
    sections = Section.objects.bulk_create(
        Section(guide=guide, number=n, title=f"Part {n}") for n in range(1, SECTIONS + 1)
    )
    rng = random.Random(question_count)
    questions = []
    for number in range(1, question_count + 1):
        answer = f"{text(rng, 30)}.\n\n- **{text(rng, 3)}**: {text(rng, 30)}."
        questions.append(
            Question(
                section=sections[number % SECTIONS],
                number=number,
                prompt=f"What is {text(rng, 6)}?",
                answer=answer,
                answer_html=f"<p>{answer}</p>",
                pro_tip=text(rng, 12),
            )
        )
    Question.objects.bulk_create(questions, batch_size=500)
    Guide.content_changed(guide.pk)


def main(question_count: int):
    seed(question_count)
    # Planner statistics for the new rows, as autovacuum would gather soon after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE guide_searchdocument")


if __name__ == "__main__":
    main(int(sys.argv[1]))
