"""A small sample of each format "Import a file" accepts: shown on the page as an example and
offered as a download, from the same text, so what a person copies is what the importer reads
(a test imports each one)."""

from dataclasses import dataclass
from functools import cache

import genanki

from .formats.anki_export import package_bytes

GUIDE_DOCUMENT = """Networking basics
Question & Answer Guide
Junior
Backend
2 Questions
Contents
1. Protocols

Section 1 — Protocols
How data gets there

Q1. What is TCP?
A **reliable**, ordered stream of bytes.
Pro Tip: Mention the three-way handshake.

Q2. What is UDP?
Datagrams: no order, no retries, little delay.
"""

CSV_NOTES = """Front,Back,Section
What is a cache?,A **fast** store in front of a slow one.,Caching
What is a TTL?,How long an entry stays valid.,Caching
Why use a queue?,To absorb bursts of load.,Queues
"""

Q_AND_A = """Machine learning notes

Q: What is overfitting?
A: Learning the noise of the training data,
so the model does worse on new data.

Q: Why regularise a model?
A: To keep its weights small and help it generalise.
"""

QUESTION_HEADINGS = """## Question
What is gradient descent?

## Answer
Repeatedly stepping the weights against the gradient of the loss.

## Question
What is a learning rate?

## Answer
The size of each step.
"""

ANKI_NOTES = """Basic note
  Front: What is a p-value?
  Back:  The chance of data this extreme
         if the null hypothesis holds.

Cloze note
  Text:  {{c1::Paris}} is the capital of {{c2::France::a country}}.
  Gives two questions:
    […] is the capital of France.
    Paris is the capital of [a country].
"""


@dataclass(frozen=True)
class Sample:
    name: str
    filename: str
    title: str
    description: str
    example: str
    content_type: str = "text/plain; charset=utf-8"


SAMPLES = {
    sample.name: sample
    for sample in [
        Sample(
            "guide-document",
            "sample-guide.txt",
            "A guide document",
            "The format a guide is exported in: a cover, sections, questions with answers "
            "and pro tips. Errors name the line.",
            GUIDE_DOCUMENT,
        ),
        Sample(
            "q-and-a",
            "sample-q-and-a.txt",
            "Plain notes: Q: and A:",
            "A question after “Q:”, its answer after “A:” (either may run over several "
            "lines). A first line before the questions names the guide; without one, the "
            "file’s name does.",
            Q_AND_A,
        ),
        Sample(
            "question-headings",
            "sample-question-headings.md",
            "Plain notes: Question and Answer headings",
            "“Question” and “Answer” on lines of their own (a Markdown # and a number are "
            "fine), the text below each.",
            QUESTION_HEADINGS,
        ),
        Sample(
            "csv",
            "sample-notes.csv",
            "CSV or tab-separated notes",
            "One question a row: front, back and optionally a section. Anki’s “Notes in "
            "Plain Text” export works as it is; if the file does not say which column is "
            "which, you choose on the next page. UTF-8 only.",
            CSV_NOTES,
            "text/csv; charset=utf-8",
        ),
        Sample(
            "anki",
            "sample-deck.apkg",
            "An Anki package (.apkg)",
            "Basic notes become questions; each deletion of a cloze note becomes a "
            "question; decks become sections. Images and sounds are left out.",
            ANKI_NOTES,
            "application/octet-stream",
        ),
    ]
}


@cache
def anki_sample() -> bytes:
    deck = genanki.Deck(1_718_300_001, "Sample deck")
    deck.add_note(
        genanki.Note(
            genanki.BASIC_MODEL,
            [
                "What is a p-value?",
                "The chance of data this extreme if the null hypothesis holds.",
            ],
            guid="sample-basic",
        )
    )
    deck.add_note(
        genanki.Note(
            genanki.CLOZE_MODEL,
            ["{{c1::Paris}} is the capital of {{c2::France::a country}}.", ""],
            guid="sample-cloze",
        )
    )
    return package_bytes(genanki.Package(deck))


def sample_bytes(sample: Sample) -> bytes:
    return anki_sample() if sample.name == "anki" else sample.example.encode()
