"""Key points of a model answer: what a good answer should say, one per line.

A question stores them as text (`Question.key_points`), one point a line, in the answer's own
Markdown: its key terms in **bold**. By default they are derived from the model answer
(`derive`): each sentence or list item that carries a **bold** term, in order; where the
answer has no bold terms, its list items, or else its sentences (at most `MAX_DERIVED`).
Staff (admin) and the owner of a private guide (editor) may rewrite them; see
`Question.refresh_key_points` for when derived ones are replaced.
"""

import re
from dataclasses import dataclass

MAX_DERIVED = 8
MAX_POINT_LENGTH = 500
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9*$`(\"'])")
# A lead-in such as "Common mitigations:" introduces a list; it is not a point.
_LEAD_IN = re.compile(r"^[^.!?]{0,60}:$")


@dataclass(frozen=True)
class KeyPoint:
    text: str  # one line of Markdown

    @property
    def terms(self) -> list[str]:
        """Its bold terms without their trailing punctuation: "**L2:**" → "L2"."""
        found = []
        for match in BOLD.finditer(self.text):
            term = " ".join(match.group(1).split()).strip(" :;,.–—-")
            if term and term.lower() not in {t.lower() for t in found}:
                found.append(term)
        return found

    @property
    def plain(self) -> str:
        """The text without Markdown emphasis or code marks."""
        return " ".join(re.sub(r"\*\*|`|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", self.text).split())


def _units(answer: str) -> tuple[list[str], list[str]]:
    """(list items, sentences of paragraphs), each as one line, in order of appearance; the
    list items are also among the first list so `derive` can prefer them."""
    items, units = [], []
    for block in re.split(r"\n\s*\n", answer.strip()):
        current = None
        paragraph = []
        for line in block.splitlines():
            if _LIST_ITEM.match(line):
                if current is not None:
                    items.append(current)
                    units.append(current)
                current = _LIST_ITEM.sub("", line).strip()
            elif current is not None:
                current += " " + line.strip()
            else:
                paragraph.append(line.strip())
        if current is not None:
            items.append(current)
            units.append(current)
        text = " ".join(" ".join(paragraph).split())
        if text:
            units.extend(s for s in _SENTENCE_END.split(text) if not _LEAD_IN.match(s))
    return items, units


def derive(answer: str) -> list[str]:
    """The key points of a model answer, as lines of Markdown (see the module's docstring)."""
    items, units = _units(answer)
    bold = [unit for unit in units if BOLD.search(unit)]
    chosen = bold or items or units
    points = []
    for unit in chosen:
        line = " ".join(unit.split())[:MAX_POINT_LENGTH]
        if line and line not in points:
            points.append(line)
    return points if bold else points[:MAX_DERIVED]


def parse(text: str) -> list[KeyPoint]:
    """The stored key points: one a line, list markers and blank lines ignored."""
    points = []
    for line in text.splitlines():
        line = _LIST_ITEM.sub("", line).strip()
        if line:
            points.append(KeyPoint(line))
    return points


def as_text(points: list[str]) -> str:
    return "\n".join(points)


def as_markdown_list(text: str) -> str:
    """The stored key points as a Markdown list, for rendering."""
    return "\n".join(f"- {point.text}" for point in parse(text))
