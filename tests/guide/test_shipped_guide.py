"""Content fidelity: every question, answer, list item, bold term, code span, math span, pro
tip and strategy tip of each shipped guide is served and found by search, read from the text
file line by line (not through the app's parser, so a parser that drops something cannot agree
with itself).

The one test module about the shipped guides' words; every other test builds its own data.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import SEED_GUIDE

CONTENT = SEED_GUIDE.parent


@dataclass(frozen=True)
class Shipped:
    """What a shipped file holds, written down by hand so that a misread file cannot pass."""

    file: str
    slug: str
    questions: int
    sections: int
    tips: int
    # The seed guide's cover has said "19 Questions" over its 15 since it was first shipped.
    cover_count: int | None = None

    @property
    def path(self) -> Path:
        return CONTENT / self.file

    @property
    def url(self) -> str:
        return f"/guides/{self.slug}/"


SHIPPED = [
    Shipped("ai-ml-interview-guide.txt", "ai-ml-interview", 15, 4, 5, cover_count=19),
    Shipped("ml-system-design-interview-guide.txt", "ml-system-design-interview", 23, 5, 5),
    Shipped("llm-generative-ai-interview-guide.txt", "llms-generative-ai-interview", 24, 5, 5),
    Shipped(
        "statistics-experimentation-interview-guide.txt",
        "statistics-experimentation-interview",
        23,
        5,
        5,
    ),
    Shipped("behavioural-interview-guide.txt", "behavioural-interview-for-engineers", 23, 5, 5),
]
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


def blocks(guide: Shipped) -> list[Block]:
    """The file cut at each heading line (question, section, bonus, tip, pro tip)."""
    found = [Block("")]
    for line in guide.path.read_text(encoding="utf-8").splitlines():
        if HEADING.match(line):
            found.append(Block(line))
        elif line.strip():
            found[-1].lines.append(line.strip())
    return found


def questions(guide: Shipped) -> list[tuple[int, str, list[str]]]:
    """(number, prompt, answer and pro tip lines) of every question of the file."""
    result = []
    for block in blocks(guide):
        if block.heading.startswith("Q"):
            number, prompt = block.heading[1:].split(". ", 1)
            result.append((int(number), prompt, list(block.lines)))
        elif block.heading.startswith("Pro Tip: "):
            result[-1][2].append(block.heading.removeprefix("Pro Tip: "))
            result[-1][2].extend(block.lines)
    return result


@pytest.fixture(params=SHIPPED, ids=lambda guide: guide.slug)
def guide(request):
    return request.param


@pytest.fixture
def pages(client, db, guide):
    call_command("import_guide", str(guide.path), verbosity=0)
    url = guide.url
    return {
        "guide": read(client.get(url).content.decode()),
        "tips": read(client.get(url + "tips/").content.decode()),
        **{
            number: read(client.get(f"{url}questions/{number}/?answer=shown").content.decode())
            for number, _prompt, _lines in questions(guide)
        },
    }


def test_every_guide_in_the_content_folder_is_checked_here():
    assert sorted(path.name for path in CONTENT.glob("*.txt")) == sorted(
        guide.file for guide in SHIPPED
    )


def test_the_file_holds_its_questions_tips_and_a_pro_tip_for_each(guide):
    """Guards the reader below: a file it misread would pass every other check vacuously."""
    found = questions(guide)
    assert [number for number, _prompt, _lines in found] == list(range(1, guide.questions + 1))
    assert sum(block.heading.startswith("◆ ") for block in blocks(guide)) == guide.tips
    for number, _prompt, _lines in found:
        question = next(
            block for block in blocks(guide) if block.heading.startswith(f"Q{number}. ")
        )
        assert question.lines, number
    pro_tips = [block for block in blocks(guide) if block.heading.startswith("Pro Tip: ")]
    assert len(pro_tips) == guide.questions


def test_the_cover_count_and_the_contents_agree_with_the_file(guide):
    lines = [line.strip() for line in guide.path.read_text(encoding="utf-8").splitlines()]
    cover = next(int(line.split()[0]) for line in lines if re.fullmatch(r"\d+ Questions", line))
    contents = lines[lines.index("Contents") + 1 :]
    listed = [line for line in contents[: contents.index("", 1)] if line]
    headings = [
        block.heading.removeprefix("Section ").replace(" — ", ". ", 1)
        for block in blocks(guide)
        if block.heading.startswith("Section ")
    ]

    assert cover == (guide.cover_count or guide.questions)
    assert listed == headings


def test_every_section_and_question_prompt_is_on_the_guide_page(guide, pages):
    headings = [block.heading for block in blocks(guide) if block.heading.startswith("Section ")]

    for heading in headings:
        assert plain(heading) in pages["guide"].text
    for number, prompt, _lines in questions(guide):
        assert f"Q{number}. {plain(prompt)}" in pages["guide"].text
    assert len(headings) == guide.sections


def test_every_line_of_every_answer_and_pro_tip_is_served_on_its_question_page(guide, pages):
    for number, prompt, lines in questions(guide):
        served = pages[number]
        assert plain(prompt) in served.text, number
        for line in lines:
            assert plain(line.removeprefix("- ")) in served.text, (number, line)


def test_lists_bold_terms_code_and_math_keep_their_markup(guide, pages):
    for number, _prompt, lines in questions(guide):
        served = pages[number]
        source = "\n".join(lines)
        items = [plain(line[2:]) for line in lines if line.startswith("- ")]
        assert [item for item in served.items if item in items] == items, number
        for bold in re.findall(r"\*\*(.+?)\*\*", source):
            assert plain(bold) in served.bold, (number, bold)
        for code in re.findall(r"`([^`]+)`", source):
            assert code in served.code, (number, code)
        assert served.math == len(MATH.findall(source)), number


def test_every_strategy_tip_is_on_the_tips_page(guide, pages):
    tips = [block for block in blocks(guide) if block.heading.startswith("◆ ")]

    for tip in tips:
        assert plain(tip.heading.removeprefix("◆ ")) in pages["tips"].text
        for line in tip.lines:
            assert plain(line) in pages["tips"].text
    assert "Interview Strategy Tips" in pages["tips"].text


def test_searching_a_question_prompt_finds_that_question(client, guide, pages):
    for number, prompt, _lines in questions(guide):
        response = client.get(reverse("practice:search"), {"q": prompt})
        assert f'href="{guide.url}questions/{number}/"' in response.content.decode(), number
