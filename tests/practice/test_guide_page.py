"""Reading pages served by practice: the home's guide list, the guide page with inline
reveal, and the question page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import GuideFactory, QuestionFactory, SectionFactory, TipFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def guide(db):
    guide = GuideFactory(title="Systems Design", slug="systems-design", role="Backend")
    first = SectionFactory(guide=guide, number=1, title="Basics", subtitle="Start here")
    second = SectionFactory(guide=guide, number=2, title="Scaling", subtitle="Then this")
    QuestionFactory(section=first, number=1, prompt="What is a cache?", answer="A **fast** store.")
    QuestionFactory(section=first, number=2, prompt="What is a queue?", pro_tip="")
    QuestionFactory(section=second, number=3, prompt="What is sharding?")
    QuestionFactory(section=second, number=4, prompt="Retired question?", archived=True)
    return guide


def test_home_lists_guides_with_real_counts(client, guide):
    response = client.get(reverse("guide:list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Systems Design" in content
    assert "Backend" in content
    assert "3 questions in 2 sections" in content


def test_guide_page_shows_sections_in_order_with_questions(client, guide):
    response = client.get(reverse("practice:guide", args=["systems-design"]))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Section 1 — Basics") < content.index("Section 2 — Scaling")
    assert "Start here" in content
    assert content.index("What is a cache?") < content.index("What is a queue?")
    assert content.index("What is a queue?") < content.index("What is sharding?")


def test_guide_page_hides_answers_until_revealed(client, guide):
    content = client.get(reverse("practice:guide", args=["systems-design"])).content.decode()

    assert "<strong>fast</strong>" not in content
    assert 'href="/guides/systems-design/questions/1/?answer=shown"' in content
    assert 'hx-get="/guides/systems-design/questions/1/?answer=shown"' in content


def test_archived_questions_are_not_shown(client, guide):
    content = client.get(reverse("practice:guide", args=["systems-design"])).content.decode()

    assert "Retired question?" not in content
    archived_page = client.get(reverse("practice:question", args=["systems-design", 4]))
    assert archived_page.status_code == 404


def test_unknown_guide_is_404(client, db):
    response = client.get(reverse("practice:guide", args=["no-such-guide"]))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_question_page_shows_answer_and_pro_tip_when_asked(client, guide):
    url = reverse("practice:question", args=["systems-design", 1])
    response = client.get(url, {"answer": "shown"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content
    assert "What is a cache?" in content
    assert "A <strong>fast</strong> store." in content
    assert "Mention an example." in content
    assert f'href="{url}"' in content
    assert "Hide answer" in content


def test_question_page_keeps_the_answer_hidden_until_asked(client, guide):
    url = reverse("practice:question", args=["systems-design", 1])

    content = client.get(url).content.decode()

    assert "What is a cache?" in content
    assert "<strong>fast</strong>" not in content
    assert f'href="{url}?answer=shown"' in content


def test_question_page_links_previous_next_and_section(client, guide):
    content = client.get(reverse("practice:question", args=["systems-design", 2])).content.decode()

    assert 'href="/guides/systems-design/questions/1/" rel="prev"' in content
    assert 'href="/guides/systems-design/questions/3/" rel="next"' in content
    assert 'href="/guides/systems-design/#section-1"' in content


def test_first_and_last_questions_have_no_link_beyond_the_ends(client, guide):
    first = client.get(reverse("practice:question", args=["systems-design", 1])).content.decode()
    last = client.get(reverse("practice:question", args=["systems-design", 3])).content.decode()

    assert 'rel="prev"' not in first
    assert 'rel="next"' not in last


def test_question_without_pro_tip_shows_no_pro_tip_box(client, guide):
    content = client.get(reverse("practice:question", args=["systems-design", 2])).content.decode()

    assert "pro-tip" not in content


def test_htmx_reveal_returns_only_the_answer_fragment(client, guide):
    response = client.get(
        reverse("practice:question", args=["systems-design", 1]), {"answer": "shown"}, headers=HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "A <strong>fast</strong> store." in content
    assert 'aria-expanded="true"' in content
    assert "Hide answer" in content


def test_htmx_hide_returns_the_fragment_without_the_answer(client, guide):
    url = reverse("practice:question", args=["systems-design", 1])
    response = client.get(url, headers=HTMX)

    content = response.content.decode()
    assert "<html" not in content
    assert "<strong>fast</strong>" not in content
    assert "Show answer" in content
    assert 'aria-expanded="false"' in content


def test_question_responses_vary_on_the_htmx_header(client, guide):
    url = reverse("practice:question", args=["systems-design", 1])

    for headers in ({}, HTMX):
        response = client.get(url, headers=headers)
        assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("extra", [{"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}])
def test_boosted_or_history_restore_requests_get_the_full_page(client, guide, extra):
    url = reverse("practice:question", args=["systems-design", 1])

    response = client.get(url, headers=HTMX | extra)

    assert "<html" in response.content.decode()


def test_guide_page_links_to_tips_only_when_it_has_some(client, guide):
    url = reverse("practice:guide", args=["systems-design"])
    assert "/guides/systems-design/tips/" not in client.get(url).content.decode()

    TipFactory(guide=guide)

    assert "/guides/systems-design/tips/" in client.get(url).content.decode()


def test_every_page_has_the_search_box(client, guide):
    for url in (
        reverse("guide:list"),
        reverse("practice:guide", args=["systems-design"]),
        reverse("practice:question", args=["systems-design", 1]),
        reverse("guide:tips", args=["systems-design"]),
    ):
        content = client.get(url).content.decode()
        assert 'role="search"' in content
        assert 'name="q"' in content


def _guide_with_questions(count):
    guide = GuideFactory(slug=f"big-{count}")
    sections = [SectionFactory(guide=guide, number=n) for n in range(1, 5)]
    for number in range(1, count + 1):
        QuestionFactory(section=sections[number % 4], number=number)
    TipFactory(guide=guide)
    return guide


@pytest.mark.parametrize("question_count", [3, 30])
def test_guide_page_query_count_does_not_grow_with_questions(
    client, db, django_assert_max_num_queries, question_count
):
    guide = _guide_with_questions(question_count)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("practice:guide", args=[guide.slug]))

    assert response.content.decode().count('class="question"') == question_count


@pytest.mark.parametrize("question_count", [3, 30])
def test_a_visitors_second_view_of_a_guide_is_served_from_cache(
    client, db, django_assert_num_queries, question_count
):
    guide = _guide_with_questions(question_count)
    first = client.get(reverse("practice:guide", args=[guide.slug])).content

    with django_assert_num_queries(1):
        again = client.get(reverse("practice:guide", args=[guide.slug])).content

    assert again == first


def test_a_content_change_shows_at_once_on_the_cached_guide_page(client, staff_user, guide):
    url = reverse("practice:guide", args=["systems-design"])
    assert "What is a cache?" in client.get(url).content.decode()
    question = guide.sections.get(number=1).questions.get(number=1)
    editor = Client()
    editor.force_login(staff_user)

    editor.post(
        reverse("admin:guide_question_change", args=[question.pk]),
        {
            "section": question.section_id,
            "number": 1,
            "prompt": "What is a CDN cache?",
            "answer": question.answer,
            "pro_tip": "",
        },
    )

    content = client.get(url).content.decode()
    assert "What is a CDN cache?" in content
    assert "What is a cache?" not in content


@pytest.mark.parametrize("question_count", [3, 30])
def test_home_query_count_does_not_grow_with_questions(
    client, db, django_assert_max_num_queries, question_count
):
    _guide_with_questions(question_count)

    with django_assert_max_num_queries(1):
        client.get(reverse("guide:list"))


def test_question_page_reads_a_fixed_handful_of_rows(client, guide, django_assert_max_num_queries):
    # The question, then its previous and next neighbours with their guide in the same query.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("practice:question", args=["systems-design", 2]))

    assert 'rel="prev"' in response.content.decode()
    assert 'rel="next"' in response.content.decode()


def test_an_unparseable_hx_current_url_is_treated_as_absent(client, owner, guide):
    client.force_login(owner)
    url = reverse("practice:question", args=["systems-design", 1])

    response = client.get(f"{url}?answer=shown", headers=HTMX | {"HX-Current-URL": "http://[::1"})

    assert response.status_code == 200
    assert f'name="next" value="{url}?answer=shown"' in response.content.decode()
