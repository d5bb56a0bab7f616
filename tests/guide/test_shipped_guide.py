"""Content fidelity: every question, answer, list item, bold term, code span, math span, pro
tip and strategy tip of the shipped guide is served, read from the text file line by line
(not through the app's parser, so a parser that drops something cannot agree with itself).

The one test module about the shipped guide's words; every other test builds its own data.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from tests.conftest import SEED_GUIDE

GUIDE = "/guides/ai-ml-interview/"
HEADING = re.compile(r"^(Q\d+\. |Section \d+ — |Bonus — |◆ |Pro Tip: )")
MATH = re.compile(r"\$[^$]+\$")


@dataclass
class Served:
    """What a person reads on a page: its text (math left out), list items, bold terms,
    code spans, and how many math formulas."""

    text: str = ""
    items: list[str] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    math: int = 0


class _Reader(HTMLParser):
    COLLECTED = {"li": "items", "strong": "bold", "code": "code"}

    def __init__(self):
        super().__init__()
        self.served = Served()
        self.open: dict[str, list[str]] = {}
        self.in_math = 0

    def handle_starttag(self, tag, attrs):
        if tag == "math":
            self.in_math += 1
            self.served.math += 1
        if tag in self.COLLECTED:
            self.open[tag] = []

    def handle_endtag(self, tag):
        if tag == "math":
            self.in_math -= 1
        if tag in self.COLLECTED and tag in self.open:
            getattr(self.served, self.COLLECTED[tag]).append(plain("".join(self.open.pop(tag))))

    def handle_data(self, data):
        if self.in_math:
            return
        self.served.text += data
        for parts in self.open.values():
            parts.append(data)


def read(html: str) -> Served:
    reader = _Reader()
    reader.feed(html)
    reader.served.text = plain(reader.served.text)
    return reader.served


def plain(text: str) -> str:
    """Markdown or HTML text as read aloud: no emphasis marks, no math, single spaces."""
    text = MATH.sub(" ", text).replace("**", "").replace("`", "")
    return " ".join(text.split())


@dataclass
class Block:
    heading: str
    lines: list[str] = field(default_factory=list)


def blocks() -> list[Block]:
    """The file cut at each heading line (question, section, bonus, tip, pro tip)."""
    found = [Block("")]
    for line in SEED_GUIDE.read_text(encoding="utf-8").splitlines():
        if HEADING.match(line):
            found.append(Block(line))
        elif line.strip():
            found[-1].lines.append(line.strip())
    return found


def questions() -> list[tuple[int, str, list[str]]]:
    """(number, prompt, answer and pro tip lines) of every question of the file."""
    result = []
    for block in blocks():
        if block.heading.startswith("Q"):
            number, prompt = block.heading[1:].split(". ", 1)
            result.append((int(number), prompt, list(block.lines)))
        elif block.heading.startswith("Pro Tip: "):
            result[-1][2].append(block.heading.removeprefix("Pro Tip: "))
            result[-1][2].extend(block.lines)
    return result


def without_key_points(response) -> str:
    """The page without its "Key points" box, which repeats parts of the answer (its own
    tests are in test_key_points)."""
    return re.sub(
        r'<aside class="key-points-box".*?</aside>', "", response.content.decode(), flags=re.S
    )


@pytest.fixture
def pages(client, seed_guide):
    return {
        "guide": read(client.get(GUIDE).content.decode()),
        "tips": read(client.get(GUIDE + "tips/").content.decode()),
        **{
            number: read(
                without_key_points(client.get(f"{GUIDE}questions/{number}/?answer=shown"))
            )
            for number, _prompt, _lines in questions()
        },
    }


def test_the_file_holds_fifteen_questions_and_five_tips():
    """Guards the reader below: a file it misread would pass every other check vacuously."""
    assert [number for number, _prompt, _lines in questions()] == list(range(1, 16))
    assert sum(block.heading.startswith("◆ ") for block in blocks()) == 5


def test_every_section_and_question_prompt_is_on_the_guide_page(pages):
    headings = [block.heading for block in blocks() if block.heading.startswith("Section ")]

    for heading in headings:
        assert plain(heading) in pages["guide"].text
    for number, prompt, _lines in questions():
        assert f"Q{number}. {plain(prompt)}" in pages["guide"].text
    assert len(headings) == 4


def test_every_line_of_every_answer_and_pro_tip_is_served_on_its_question_page(pages):
    for number, prompt, lines in questions():
        served = pages[number]
        assert plain(prompt) in served.text, number
        for line in lines:
            assert plain(line.removeprefix("- ")) in served.text, (number, line)


def test_lists_bold_terms_code_and_math_keep_their_markup(pages):
    for number, _prompt, lines in questions():
        served = pages[number]
        source = "\n".join(lines)
        items = [plain(line[2:]) for line in lines if line.startswith("- ")]
        assert [item for item in served.items if item in items] == items, number
        for bold in re.findall(r"\*\*(.+?)\*\*", source):
            assert plain(bold) in served.bold, (number, bold)
        for code in re.findall(r"`([^`]+)`", source):
            assert code in served.code, (number, code)
        assert served.math == len(MATH.findall(source)), number


def test_every_strategy_tip_is_on_the_tips_page(pages):
    tips = [block for block in blocks() if block.heading.startswith("◆ ")]

    for tip in tips:
        assert plain(tip.heading.removeprefix("◆ ")) in pages["tips"].text
        for line in tip.lines:
            assert plain(line) in pages["tips"].text
    assert "Interview Strategy Tips" in pages["tips"].text
