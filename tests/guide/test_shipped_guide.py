"""Content fidelity: every question, answer, list item, bold term, code span, math span, pro
tip and strategy tip of each shipped guide (every `guide/content/*.txt`) is served, read from
the text file line by line (not through the app's parser, so a parser that drops something
cannot agree with itself), and every question is found by search.

The one test module about the shipped guides' words; every other test builds its own data.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.text import slugify

from tests.conftest import SEED_GUIDE

SHIPPED = sorted(SEED_GUIDE.parent.glob("*.txt"))
# The seed guide's cover has said "19 Questions" over its 15 since it first shipped (the
# importer warns, see test_import); every guide written since says its real count.
COVER_SAYS = {SEED_GUIDE.name: 19}
HEADING = re.compile(r"^(Q\d+\. |Section \d+ — |Bonus — |◆ |Pro Tip: )")
QUESTION_COUNT = re.compile(r"^(\d+) Questions$")
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


@dataclass
class Shipped:
    """One shipped file as text: its lines, cut into blocks at each heading line."""

    path: Path

    @property
    def lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines()

    @property
    def url(self) -> str:
        title = next(line for line in self.lines if line.strip())
        return f"/guides/{slugify(title)}/"

    @property
    def cover_count(self) -> int:
        return next(int(m[1]) for line in self.lines if (m := QUESTION_COUNT.match(line)))

    def blocks(self) -> list[Block]:
        """The file cut at each heading line (question, section, bonus, tip, pro tip)."""
        found = [Block("")]
        for line in self.lines:
            if HEADING.match(line):
                found.append(Block(line))
            elif line.strip():
                found[-1].lines.append(line.strip())
        return found

    def questions(self) -> list[tuple[int, str, list[str], list[str]]]:
        """(number, prompt, answer lines, pro tip lines) of every question of the file."""
        result = []
        for block in self.blocks():
            if block.heading.startswith("Q"):
                number, prompt = block.heading[1:].split(". ", 1)
                result.append((int(number), prompt, list(block.lines), []))
            elif block.heading.startswith("Pro Tip: "):
                result[-1][3].append(block.heading.removeprefix("Pro Tip: "))
                result[-1][3].extend(block.lines)
        return result


@pytest.fixture(params=SHIPPED, ids=[path.stem for path in SHIPPED])
def shipped(request) -> Shipped:
    return Shipped(request.param)


@pytest.fixture
def pages(client, db, shipped):
    call_command("import_guide", str(shipped.path), verbosity=0)
    return {
        "guide": read(client.get(shipped.url).content.decode()),
        "tips": read(client.get(shipped.url + "tips/").content.decode()),
        **{
            number: read(
                client.get(f"{shipped.url}questions/{number}/?answer=shown").content.decode()
            )
            for number, *_ in shipped.questions()
        },
    }


def test_the_shipped_guides_include_the_seed_and_the_newer_guides():
    assert SEED_GUIDE in SHIPPED
    assert len(SHIPPED) >= 3


def test_questions_are_numbered_without_gaps_and_the_cover_says_how_many(shipped):
    """Guards the reader below: a file it misread would pass every other check vacuously."""
    numbers = [number for number, *_ in shipped.questions()]

    assert numbers == list(range(1, len(numbers) + 1))
    assert shipped.cover_count == COVER_SAYS.get(shipped.path.name, len(numbers))
    assert len(numbers) >= 15
    assert sum(block.heading.startswith("◆ ") for block in shipped.blocks()) == 5


def test_every_question_has_an_answer_and_a_pro_tip(shipped):
    for number, _prompt, answer, pro_tip in shipped.questions():
        assert answer, number
        assert " ".join(pro_tip).strip(), number


def test_every_section_and_question_prompt_is_on_the_guide_page(shipped, pages):
    headings = [b.heading for b in shipped.blocks() if b.heading.startswith("Section ")]

    for heading in headings:
        assert plain(heading) in pages["guide"].text
    for number, prompt, *_ in shipped.questions():
        assert f"Q{number}. {plain(prompt)}" in pages["guide"].text
    assert len(headings) >= 4


def test_every_line_of_every_answer_and_pro_tip_is_served_on_its_question_page(shipped, pages):
    for number, prompt, answer, pro_tip in shipped.questions():
        served = pages[number]
        assert plain(prompt) in served.text, number
        for line in answer + pro_tip:
            assert plain(line.removeprefix("- ")) in served.text, (number, line)


def test_lists_bold_terms_code_and_math_keep_their_markup(shipped, pages):
    for number, _prompt, answer, pro_tip in shipped.questions():
        served = pages[number]
        lines = answer + pro_tip
        source = "\n".join(lines)
        items = [plain(line[2:]) for line in lines if line.startswith("- ")]
        assert [item for item in served.items if item in items] == items, number
        for bold in re.findall(r"\*\*(.+?)\*\*", source):
            assert plain(bold) in served.bold, (number, bold)
        for code in re.findall(r"`([^`]+)`", source):
            assert code in served.code, (number, code)
        assert served.math == len(MATH.findall(source)), number


def test_every_strategy_tip_is_on_the_tips_page(shipped, pages):
    tips = [block for block in shipped.blocks() if block.heading.startswith("◆ ")]

    for tip in tips:
        assert plain(tip.heading.removeprefix("◆ ")) in pages["tips"].text
        for line in tip.lines:
            assert plain(line) in pages["tips"].text
    assert "Interview Strategy Tips" in pages["tips"].text


def test_search_finds_every_question_by_its_prompt(client, db, shipped):
    call_command("import_guide", str(shipped.path), verbosity=0)

    for number, prompt, *_ in shipped.questions():
        content = client.get(reverse("practice:search"), {"q": prompt}).content.decode()
        assert f"{shipped.url}questions/{number}/" in content, (number, prompt)
