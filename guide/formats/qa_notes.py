"""Plain notes in the shape people keep them: `Q: …` / `A: …` blocks, or `Question` / `Answer`
headings with the text below them (a Markdown `#`, a number and a colon are allowed:
"## Question 3:"). A question's text runs until its answer starts, an answer's until the next
question; answers are Markdown. A first line before any question names the guide; without one
the file's name does. Questions are found again by their text, as CSV notes are, so importing
the same file twice updates instead of adding copies.
"""

import hashlib
import re

from ..document import DocumentError, GuideDocument, QuestionDocument, _join_block, _split_lines
from . import DEFAULT_SECTION, Upload, cut, place_questions, refusal, title_from_filename

# "Q: text", "Q1. text", "Question 2: text", "## Question" (text on the lines below). Only
# spaces and tabs between the parts, so that the same patterns search a whole text (re.M).
_QUESTION = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:Q|Question)(?:[ \t]*\d+)?(?:[ \t]*[:.)][ \t]*(.*)|[ \t]*)$",
    re.I | re.M,
)
_ANSWER = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:A|Answer)(?:[ \t]*\d+)?(?:[ \t]*[:.)][ \t]*(.*)|[ \t]*)$",
    re.I | re.M,
)
# A guide document has sections; notes do not.
_SECTION = re.compile(r"^[ \t]*Section[ \t]+\d+[ \t]*[—–-]", re.M)


def looks_like_notes(text: str) -> bool:
    """Whether `text` is Q/A notes rather than a guide document: a question line and an answer
    line, and no "Section N —" heading. Searched in the whole text at once (no loop over
    the lines in Python), as it is asked of every guide document uploaded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SECTION.search(text):
        return False
    return bool(_QUESTION.search(text) and _ANSWER.search(text))


class _Card:
    def __init__(self, line: int, prompt: str):
        self.line = line
        self.prompt = [prompt] if prompt else []
        self.answer: list[str] | None = None


def read_qa_notes(text: str, source: str) -> Upload:
    lines = _split_lines(text)
    title, cards = "", []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        question = _QUESTION.match(stripped)
        card = cards[-1] if cards else None
        if question:
            cards.append(_Card(number, (question[1] or "").strip()))
        elif card is not None and card.answer is None and (answer := _ANSWER.match(stripped)):
            card.answer = [answer[1].strip()] if answer[1] else []
        elif card is not None:
            (card.prompt if card.answer is None else card.answer).append(line)
        elif stripped and not title:
            title = cut(stripped.lstrip("#").strip())
    upload = Upload(
        document=GuideDocument(title=title or title_from_filename(source), source=source),
        keyed=True,
        pro_tips=False,
        label="Plain notes (questions and answers)",
    )
    placed, seen = [], {}
    for card in cards:
        prompt = " ".join(part.strip() for part in card.prompt if part.strip())
        answer = _join_block(card.answer or [])
        reason = "it has no answer" if card.answer is None else refusal(prompt, answer)
        key = "front:" + hashlib.sha256(prompt.encode()).hexdigest()[:40]
        if not reason and key in seen:
            reason = f"the same question as line {seen[key]}"
        if reason:
            upload.skipped.append(f"Line {card.line}: {reason}.")
            continue
        seen[key] = card.line
        placed.append(
            (DEFAULT_SECTION, QuestionDocument(0, prompt, answer, line=card.line, source_key=key))
        )
    if not placed:
        reasons = f" ({upload.skipped[0]})" if upload.skipped else ""
        raise DocumentError(source, None, f"the notes hold no question with an answer{reasons}")
    place_questions(upload.document, placed)
    return upload
