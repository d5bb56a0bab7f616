"""Anki cloze notes: `{{c1::Madrid}} is the capital of {{c2::Spain::a country}}`.

Each cloze number is a card in Anki, and a question here: the prompt is the text with that
deletion shown as `[…]` (or as `[hint]` when the deletion has one, as Anki shows it), the others
filled in; the answer is the whole text with the deletion filled in and in bold. Fields are
Anki's HTML, and stay HTML until the reader converts them.
"""

import re

# {{cN::text}} or {{cN::text::hint}}; nested deletions are read as their outer one's text.
_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers in `text`, each once, in order."""
    return sorted({int(match[1]) for match in _DELETION.finditer(text) if len(match[1]) < 6})


def cloze_card(text: str, number: int) -> tuple[str, str]:
    """(prompt, answer) HTML for cloze `number` of `text`."""

    def prompt(match: re.Match) -> str:
        if int(match[1]) != number:
            return match[2]
        return f"[{match[3]}]" if match[3] else "[…]"

    def answer(match: re.Match) -> str:
        return f"<strong>{match[2]}</strong>" if int(match[1]) == number else match[2]

    return _DELETION.sub(prompt, text), _DELETION.sub(answer, text)
