"""The guides list (the home page and /guides/) grouped by field: a heading per subject from
the cover, each guide's level on its card, and a person's own guides on a shelf of their own."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from guide.shelves import shelve
from tests.factories import GuideFactory, QuestionFactory, SectionFactory


def text_of(response) -> str:
    """The page's visible text with tags dropped and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def shelves(response) -> dict[str, list[str]]:
    """Each shelf's heading and the titles of the guides on it, in page order."""
    content = response.content.decode()
    found = {}
    for shelf in content.split('<section class="shelf"')[1:]:
        heading = re.search(r"<h2 [^>]*>(.*?)</h2>", shelf, re.S)[1].strip()
        found[heading] = re.findall(r'<h3><a href="[^"]*">(.*?)</a></h3>', shelf)
    return found


def guide(title, subject, level="Mid-Level (2–5 Years)", **fields):
    made = GuideFactory(
        title=title, slug=title.lower().replace(" ", "-"), subject=subject, level=level, **fields
    )
    QuestionFactory(section=SectionFactory(guide=made, number=1), number=1)
    return made


@pytest.fixture
def library(db):
    guide("Statistics Basics", "Statistics & Experimentation", level="Junior")
    guide("Experiment Design", "Statistics & Experimentation", level="Senior")
    guide("Behavioural Interview", "Behavioural", level="All Levels")
    guide("AI Concepts", "AI / ML Concepts")
    guide("Odds and Ends", "")


@pytest.mark.parametrize("url", ["/", "/guides/"])
def test_guides_are_grouped_under_a_heading_per_field_in_alphabetical_order(client, library, url):
    response = client.get(url)

    assert shelves(response) == {
        "AI / ML Concepts": ["AI Concepts"],
        "Behavioural": ["Behavioural Interview"],
        "Statistics &amp; Experimentation": ["Experiment Design", "Statistics Basics"],
        "Other guides": ["Odds and Ends"],
    }


def test_each_card_shows_its_level_and_the_field_is_said_once_by_the_heading(client, library):
    response = client.get("/")

    page = text_of(response)
    assert "Experiment Design Level Senior Role General / Mixed Role 1 question" in page
    assert "Statistics Basics Level Junior" in page
    assert "<dt>Subject</dt>" not in response.content.decode()


def test_the_field_links_at_the_top_lead_to_each_shelf(client, library):
    content = client.get("/").content.decode()

    nav = re.search(r'<nav class="shelf-nav".*?</nav>', content, re.S)[0]
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', nav)
    assert [name for _anchor, name in links] == [
        "AI / ML Concepts",
        "Behavioural",
        "Statistics &amp; Experimentation",
        "Other guides",
    ]
    for anchor, name in links:
        assert f'<h2 id="{anchor}">{name}</h2>' in content


def test_a_single_field_needs_no_links_to_jump_between_fields(client, db):
    guide("AI Concepts", "AI / ML Concepts")

    response = client.get("/")

    assert shelves(response) == {"AI / ML Concepts": ["AI Concepts"]}
    assert "shelf-nav" not in response.content.decode()


def test_a_persons_own_guides_come_first_on_their_own_shelf(client, library, owner, other_user):
    guide("My Notes", "AI / ML Concepts", owner=owner)
    guide("Their Notes", "Behavioural", owner=other_user)
    client.force_login(owner)

    response = client.get("/")

    found = shelves(response)
    assert list(found)[0] == "Your guides"
    assert found["Your guides"] == ["My Notes"]
    assert found["AI / ML Concepts"] == ["AI Concepts"]
    assert "Their Notes" not in response.content.decode()
    # On the mixed shelf of one's own guides each card says its subject.
    assert (
        "My Notes Your guide · Edit My Notes Level Mid-Level (2–5 Years) "
        "Role General / Mixed Role Subject AI / ML Concepts 1 question"
    ) in text_of(response)


def test_a_visitor_sees_no_shelf_of_their_own(client, library, owner):
    guide("My Notes", "AI / ML Concepts", owner=owner)

    found = shelves(client.get("/"))

    assert "Your guides" not in found
    assert "My Notes" not in str(found)


def test_subjects_that_differ_only_in_case_or_spaces_share_a_shelf(client, db):
    guide("One", "Behavioural")
    guide("Two", "behavioural ")

    assert shelves(client.get("/")) == {"Behavioural": ["One", "Two"]}


def test_grouping_reads_no_more_rows_than_the_plain_list(
    client, library, owner, django_assert_max_num_queries
):
    guide("My Notes", "AI / ML Concepts", owner=owner)

    with django_assert_max_num_queries(1):
        client.get(reverse("guide:list"))


def test_a_guide_another_person_wrote_goes_on_its_fields_shelf_not_the_readers_own():
    """Once published guides reach a reader's list, only the reader's own are "Your guides"."""
    reader, author = SimpleNamespace(pk=1, is_authenticated=True), 2
    mine = SimpleNamespace(title="Mine", subject="Behavioural", owner_id=reader.pk)
    theirs = SimpleNamespace(title="Theirs", subject="Behavioural", owner_id=author)
    shipped = SimpleNamespace(title="Shipped", subject="Behavioural", owner_id=None)

    found = {shelf.heading: shelf.guides for shelf in shelve([theirs, shipped, mine], reader)}

    assert found == {"Your guides": [mine], "Behavioural": [shipped, theirs]}
