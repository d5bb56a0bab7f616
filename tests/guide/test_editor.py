"""My guides: a signed-in person writes a guide of their own, previews answers, reorders,
archives and deletes, within limits that keep one person from hurting the service."""

import pytest
from django.test import Client
from django.urls import reverse

from guide.limits import (
    MAX_GUIDES_PER_PERSON,
    MAX_QUESTIONS_PER_GUIDE,
    MAX_SECTIONS_PER_GUIDE,
)
from guide.models import Guide, Question, Section
from practice.models import ConfidenceRating
from practice.rating import rate_question
from tests.factories import GuideFactory, QuestionFactory, SectionFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def me(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def guide(owner):
    """Two sections: Basics (Q1, Q2), Scaling (Q3)."""
    guide = GuideFactory(owner=owner, title="Backend notes", slug="backend-notes-a1b2c3")
    basics = SectionFactory(guide=guide, number=1, title="Basics")
    scaling = SectionFactory(guide=guide, number=2, title="Scaling")
    QuestionFactory(section=basics, number=1, prompt="What is a cache?")
    QuestionFactory(section=basics, number=2, prompt="What is a queue?")
    QuestionFactory(section=scaling, number=3, prompt="What is sharding?")
    return guide


def reading_order(guide) -> list[tuple[str, int, str]]:
    return [
        (question.section.title, question.number, question.prompt)
        for question in Question.objects.in_guide(guide).select_related("section").in_order()
    ]


def edit(guide, name, **ids) -> str:
    return reverse(f"guide:{name}", kwargs={"guide_id": guide.pk, **ids})


def test_it_creates_a_guide_of_the_signed_in_persons_own_at_a_fresh_address(me, owner):
    response = me.post(
        reverse("guide:my_guide_new"), {"title": "System design", "level": "Senior"}
    )

    guide = Guide.objects.get(title="System design")
    assert response.url == guide.get_edit_url()
    assert (guide.owner, guide.level, guide.archived) == (owner, "Senior", False)
    assert guide.slug.startswith("system-design-")
    assert Guide.private_slug("System design") != guide.slug


def test_it_adds_a_section_and_a_question_with_math_that_its_guide_page_shows(me):
    me.post(reverse("guide:my_guide_new"), {"title": "Maths"})
    guide = Guide.objects.get(title="Maths")

    me.post(edit(guide, "my_section_new"), {"title": "Norms", "subtitle": "Lengths"})
    section = guide.sections.get()
    response = me.post(
        edit(guide, "my_question_new", section_id=section.pk),
        {"prompt": "What is the L2 norm?", "answer": "$\\sqrt{x^2}$, **always**.", "pro_tip": ""},
    )

    question = Question.objects.get(section=section)
    assert response.url == guide.get_edit_url() + f"#editor-question-{question.pk}"
    assert (section.number, question.number) == (1, 1)
    assert "<math" in question.answer_html
    page = me.get(guide.get_absolute_url()).content.decode()
    assert "Section 1 — Norms" in page
    assert "What is the L2 norm?" in page
    assert "Your guide · " in page
    answer = me.get(question.get_revealed_url()).content.decode()
    assert "<strong>always</strong>" in answer


def test_the_editor_lists_the_sections_and_questions_in_order_with_their_counts(me, guide):
    page = me.get(guide.get_edit_url()).content.decode()

    assert "3 questions in 2 sections" in page
    assert page.index("What is a cache?") < page.index("What is a queue?")
    assert page.index("What is a queue?") < page.index("Section 2 — Scaling")


def test_my_guides_lists_the_persons_own_guides_with_their_counts(me, guide, other_user):
    GuideFactory(owner=other_user, title="Their guide")

    page = me.get(reverse("guide:my_guides")).content.decode()

    assert "Backend notes" in page
    assert "3 questions in 2 sections" in page
    assert "Their guide" not in page
    assert "1 of 50 guides" in page


def test_the_live_preview_renders_markdown_and_math_and_saves_nothing(me, guide):
    before = list(Question.objects.values_list("answer", flat=True))

    response = me.post(
        reverse("guide:my_preview"),
        {"prompt": "Q?", "answer": "A **bold** $x^2$ <script>x</script>", "pro_tip": "Say *why*"},
        **HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "<strong>bold</strong>" in content
    assert "<math" in content
    assert "<script>" not in content
    assert "<em>why</em>" in content
    assert list(Question.objects.values_list("answer", flat=True)) == before


def test_the_preview_button_without_javascript_shows_the_form_again_with_the_rendered_answer(
    me, guide
):
    section = guide.sections.get(number=1)

    response = me.post(
        edit(guide, "my_question_new", section_id=section.pk),
        {"prompt": "What is $n$?", "answer": "It is **$n^2$** big.", "preview": "1"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert '<strong><span class="math inline"><math' in content
    assert 'value="What is $n$?"' in content
    assert "It is **$n^2$** big.</textarea>" in content
    assert Question.objects.in_guide(guide).count() == 3


def test_an_answer_too_long_to_preview_says_so(me):
    response = me.post(reverse("guide:my_preview"), {"answer": "x" * 20_001}, **HTMX)

    assert response.status_code == 400
    assert "Answer can be at most 20,000 characters (it has 20001)." in response.content.decode()


def test_editing_a_question_rerenders_it_and_its_guide_page_shows_the_change(me, guide):
    question = Question.objects.get(section__guide=guide, number=1)
    me.get(guide.get_absolute_url())
    version = Guide.objects.get(pk=guide.pk).content_version

    me.post(
        edit(guide, "my_question_edit", question_id=question.pk),
        {"prompt": "What is a CDN?", "answer": "An *edge* cache.", "pro_tip": "Name one."},
    )

    question.refresh_from_db()
    assert question.answer_html == "<p>An <em>edge</em> cache.</p>\n"
    assert Guide.objects.get(pk=guide.pk).content_version > version
    assert "What is a CDN?" in me.get(guide.get_absolute_url()).content.decode()


def test_moving_a_question_up_swaps_it_with_the_one_before(me, guide):
    queue = Question.objects.get(prompt="What is a queue?")

    me.post(edit(guide, "my_question_move", question_id=queue.pk), {"direction": "up"})

    assert reading_order(guide) == [
        ("Basics", 1, "What is a queue?"),
        ("Basics", 2, "What is a cache?"),
        ("Scaling", 3, "What is sharding?"),
    ]


def test_moving_a_sections_first_question_up_puts_it_last_in_the_section_before(me, guide):
    sharding = Question.objects.get(prompt="What is sharding?")

    response = me.post(
        edit(guide, "my_question_move", question_id=sharding.pk), {"direction": "up"}
    )

    assert response.url.endswith(f"#editor-question-{sharding.pk}")
    assert reading_order(guide) == [
        ("Basics", 1, "What is a cache?"),
        ("Basics", 2, "What is a queue?"),
        ("Basics", 3, "What is sharding?"),
    ]


def test_moving_the_last_question_down_changes_nothing(me, guide):
    sharding = Question.objects.get(prompt="What is sharding?")
    before = reading_order(guide)

    me.post(edit(guide, "my_question_move", question_id=sharding.pk), {"direction": "down"})

    assert reading_order(guide) == before


def test_moving_a_section_up_renumbers_sections_and_questions_in_reading_order(me, guide):
    scaling = Section.objects.get(guide=guide, title="Scaling")

    me.post(edit(guide, "my_section_move", section_id=scaling.pk), {"direction": "up"})

    assert reading_order(guide) == [
        ("Scaling", 1, "What is sharding?"),
        ("Basics", 2, "What is a cache?"),
        ("Basics", 3, "What is a queue?"),
    ]
    assert list(guide.sections.order_by("number").values_list("title", "number")) == [
        ("Scaling", 1),
        ("Basics", 2),
    ]


def test_ratings_follow_a_question_that_moves(me, owner, guide):
    sharding = Question.objects.get(prompt="What is sharding?")
    rate_question(user=owner, question=sharding, confidence=4)
    scaling = Section.objects.get(guide=guide, title="Scaling")

    me.post(edit(guide, "my_section_move", section_id=scaling.pk), {"direction": "up"})

    page = me.get(reverse("practice:question", args=[guide.slug, 1])).content.decode()
    assert "What is sharding?" in page
    assert "4 – Good" in page


def test_archiving_hides_the_guide_everywhere_but_the_editor_until_unarchived(me, guide):
    archive = edit(guide, "my_guide_archive")
    pages = [
        reverse("guide:list"),
        reverse("practice:search") + "?q=cache",
        reverse("practice:mock_setup"),
    ]

    me.post(archive, {"archived": "1"})
    hidden = [me.get(page).content.decode() for page in pages]
    guide_page = me.get(guide.get_absolute_url())
    editor = me.get(guide.get_edit_url()).content.decode()
    me.post(archive, {"archived": "0"})
    shown = [me.get(page).content.decode() for page in pages]

    assert ["Backend notes" in page for page in hidden] == [False, False, False]
    assert guide_page.status_code == 404
    assert "Archived." in editor
    assert "Unarchive this guide" in editor
    assert ["Backend notes" in page for page in shown] == [True, True, True]


def test_the_delete_page_says_what_goes_with_the_guide_ratings_included(me, owner, guide):
    for question in Question.objects.in_guide(guide):
        rate_question(user=owner, question=question, confidence=3)
    rate_question(user=owner, question=Question.objects.get(number=1), confidence=5)

    page = me.get(edit(guide, "my_guide_delete")).content.decode()

    assert "Delete the guide “Backend notes”?" in page
    assert "<dt>Sections</dt><dd>2</dd>" in page
    assert "<dt>Questions</dt><dd>3</dd>" in page
    assert "<dt>Confidence ratings</dt><dd>4</dd>" in page
    assert Guide.objects.filter(pk=guide.pk).exists()


def test_confirming_deletes_the_guide_with_its_questions_and_ratings(me, owner, guide):
    rate_question(user=owner, question=Question.objects.get(number=1), confidence=3)

    response = me.post(edit(guide, "my_guide_delete"))

    assert response.url == reverse("guide:my_guides")
    assert not Guide.objects.filter(pk=guide.pk).exists()
    assert not Question.objects.exists()
    assert not ConfidenceRating.objects.exists()


def test_deleting_a_question_asks_first_then_renumbers_the_rest(me, owner, guide):
    cache = Question.objects.get(prompt="What is a cache?")
    rate_question(user=owner, question=cache, confidence=2)
    url = edit(guide, "my_question_delete", question_id=cache.pk)

    page = me.get(url).content.decode()
    me.post(url)

    assert "<dt>Confidence rating</dt><dd>1</dd>" in page
    assert reading_order(guide) == [
        ("Basics", 1, "What is a queue?"),
        ("Scaling", 2, "What is sharding?"),
    ]


def test_deleting_a_section_takes_its_questions_and_renumbers_the_guide(me, guide):
    basics = Section.objects.get(guide=guide, title="Basics")

    page = me.get(edit(guide, "my_section_delete", section_id=basics.pk)).content.decode()
    me.post(edit(guide, "my_section_delete", section_id=basics.pk))

    assert "<dt>Questions</dt><dd>2</dd>" in page
    assert reading_order(guide) == [("Scaling", 1, "What is sharding?")]
    assert guide.sections.get().number == 1


def test_guide_details_are_saved_and_shown_on_its_page(me, guide):
    me.post(
        guide.get_edit_url(),
        {"title": "Backend, revised", "level": "", "subject": "", "role": "SRE", "intro": "Hi."},
    )

    page = me.get(guide.get_absolute_url()).content.decode()
    assert "<h1>Backend, revised</h1>" in page
    assert "SRE" in page


# Limits, each with its message


def test_a_person_at_the_guide_limit_is_told_and_gets_no_new_guide(me, owner):
    Guide.objects.bulk_create(
        Guide(owner=owner, title=f"G{n}", slug=f"g-{n}") for n in range(MAX_GUIDES_PER_PERSON)
    )

    response = me.post(reverse("guide:my_guide_new"), {"title": "One more"})
    listing = me.get(reverse("guide:my_guides")).content.decode()

    assert response.status_code == 400
    assert "You already have 50 guides, the most one person can have." in (
        response.content.decode()
    )
    assert Guide.objects.filter(owner=owner).count() == MAX_GUIDES_PER_PERSON
    assert "New guide</a>" not in listing


def test_a_guide_at_the_section_limit_says_so_and_gets_no_new_section(me, guide):
    Section.objects.bulk_create(
        Section(guide=guide, number=n, title=f"S{n}") for n in range(3, MAX_SECTIONS_PER_GUIDE + 1)
    )

    response = me.post(edit(guide, "my_section_new"), {"title": "One more"})

    assert response.status_code == 400
    assert "This guide already has 50 sections, the most a guide can have." in (
        response.content.decode()
    )
    assert guide.sections.count() == MAX_SECTIONS_PER_GUIDE


def test_a_guide_at_the_question_limit_says_so_and_gets_no_new_question(me, guide):
    section = guide.sections.get(number=2)
    Question.objects.bulk_create(
        Question(section=section, number=n, prompt="Q", answer="A")
        for n in range(4, MAX_QUESTIONS_PER_GUIDE + 1)
    )

    response = me.post(
        edit(guide, "my_question_new", section_id=section.pk),
        {"prompt": "One more?", "answer": "No."},
    )

    assert response.status_code == 400
    assert "This guide already has 500 questions, the most a guide can have." in (
        response.content.decode()
    )
    assert Question.objects.in_guide(guide).count() == MAX_QUESTIONS_PER_GUIDE


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("prompt", 1_001, "Question can be at most 1,000 characters (it has 1001)."),
        ("answer", 20_001, "Answer can be at most 20,000 characters (it has 20001)."),
        ("pro_tip", 20_001, "Pro tip can be at most 20,000 characters (it has 20001)."),
    ],
)
def test_a_question_text_over_its_limit_says_so_and_saves_nothing(
    me, guide, field, length, message
):
    question = Question.objects.get(number=1)
    data = {"prompt": "Q?", "answer": "A.", "pro_tip": ""} | {field: "x" * length}

    response = me.post(edit(guide, "my_question_edit", question_id=question.pk), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Question.objects.get(pk=question.pk).prompt == "What is a cache?"


def test_a_title_over_200_characters_says_so(me, guide):
    response = me.post(guide.get_edit_url(), {"title": "x" * 201})

    assert response.status_code == 400
    assert "Title can be at most 200 characters (it has 201)." in response.content.decode()
    assert Guide.objects.get(pk=guide.pk).title == "Backend notes"


def test_a_missing_answer_says_what_to_enter(me, guide):
    section = guide.sections.get(number=1)

    response = me.post(
        edit(guide, "my_question_new", section_id=section.pk), {"prompt": "Q?", "answer": ""}
    )

    assert response.status_code == 400
    assert "Enter the answer." in response.content.decode()


@pytest.mark.parametrize("sections", [1, 6])
def test_my_guides_and_the_editor_take_the_same_queries_however_big_the_guide(
    me, owner, guide, sections, django_assert_max_num_queries
):
    for number in range(3, 3 + sections):
        section = SectionFactory(guide=guide, number=number)
        QuestionFactory.create_batch(3, section=section)
    GuideFactory.create_batch(sections, owner=owner)

    # Each with the header's count: its kept count's version, and the first time upcoming
    # interviews, then (with none) what is due and what comes due in the next minute.
    with django_assert_max_num_queries(7):
        me.get(reverse("guide:my_guides"))
    # The editor: and two to say whether it may be published to the library.
    with django_assert_max_num_queries(10):
        me.get(guide.get_edit_url())


def test_the_question_and_introduction_hints_say_they_are_plain_text(me, guide):
    section = guide.sections.get(number=1)
    question_page = me.get(edit(guide, "my_question_new", section_id=section.pk)).content.decode()
    guide_page = me.get(reverse("guide:my_guide_new")).content.decode()

    assert (
        'id="id_prompt_helptext">Plain text, shown as you type it, like the questions of the '
        "shipped guides: Markdown and math work in the answer, not here.</div>"
    ) in question_page
    assert "Markdown: a blank line between paragraphs" in question_page
    assert (
        'id="id_intro_helptext">Optional. Plain text, shown as you type it: no Markdown or '
        "math here.</div>"
    ) in guide_page
