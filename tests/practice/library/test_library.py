"""The library: alice publishes one of her guides, bob finds it, practises it as it is or
copies it, carol reports it, staff hide it. Three people and small factory data."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from guide import library
from guide.models import Guide, GuideReader, GuideReport
from practice.models import QuestionProgress
from tests.factories import QuestionFactory, SectionFactory, UserFactory

LIBRARY = reverse("practice:library")


def _old_enough(user):
    user.date_joined = timezone.now() - timedelta(days=2)
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def alice(db):
    return _old_enough(UserFactory(username="alice", email="alice@example.com"))


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def guide(alice):
    section = SectionFactory(
        guide__owner=alice,
        guide__title="Kubernetes for ML engineers",
        guide__slug="kubernetes-abc123",
        guide__subject="MLOps",
        guide__level="Senior",
        guide__intro="Pods, jobs and GPUs.",
        number=1,
        title="Basics",
    )
    QuestionFactory(
        section=section,
        number=1,
        prompt="What is a pod?",
        answer="The smallest deployable unit; see [the docs](https://kubernetes.io/docs/).",
    )
    return section.guide


def _publish(client, guide, licence="CC-BY-SA-4.0"):
    return client.post(reverse("guide:my_guide_publish", args=[guide.pk]), {"licence": licence})


def _text(response) -> str:
    return response.content.decode()


def test_an_owner_publishes_a_guide_under_the_licence_they_choose(client, alice, guide):
    client.force_login(alice)

    response = _publish(client, guide)

    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.published_at is not None
    assert guide.get_licence_display() == "CC BY-SA 4.0"
    page = _text(client.get(reverse("practice:library_guide", args=[guide.slug])))
    assert "Kubernetes for ML engineers" in page
    assert "alice" in page
    assert "CC BY-SA 4.0" in page
    assert "1 question in 1 section" in page


def test_publishing_needs_a_licence(client, alice, guide):
    client.force_login(alice)

    response = _publish(client, guide, licence="")

    assert response.status_code == 400
    assert "Choose a licence." in _text(response)
    guide.refresh_from_db()
    assert guide.published_at is None


def test_an_account_younger_than_a_day_cannot_publish(client, bob):
    section = SectionFactory(guide__owner=bob, number=1)
    QuestionFactory(section=section, number=1, answer="Yes.")
    client.force_login(bob)

    response = _publish(client, section.guide)

    assert response.status_code == 400
    assert "Publishing opens one day after you signed up" in _text(response)
    assert not Guide.objects.filter(published_at__isnull=False).exists()


def test_a_guide_without_an_answered_question_cannot_be_published(client, alice):
    section = SectionFactory(guide__owner=alice, number=1)
    client.force_login(alice)

    response = _publish(client, section.guide)

    assert "Add at least one question with an answer" in _text(response)
    section.guide.refresh_from_db()
    assert section.guide.published_at is None


def test_a_person_publishes_at_most_twenty_guides(alice, guide):
    for _n in range(library.MAX_PUBLISHED_PER_PERSON):
        other = SectionFactory(guide__owner=alice, number=1).guide
        Guide.objects.filter(pk=other.pk).update(published_at=timezone.now())
    assert "You have 20 published guides" in library.publish_refusal(guide, owner=alice)


def test_the_library_lists_shipped_and_published_guides_but_no_private_one(
    client, alice, guide, bob
):
    QuestionFactory(section__guide__title="Shipped guide", section__guide__slug="shipped")
    SectionFactory(guide__owner=alice, guide__title="Alice's diary")
    library.publish(guide, licence="CC-BY-4.0")

    page = _text(client.get(LIBRARY))

    assert "Kubernetes for ML engineers" in page
    assert "By alice · CC BY 4.0" in page
    assert "Shipped guide" in page
    assert "Alice&#x27;s diary" not in page
    assert "diary" not in page


def test_the_library_filters_by_field_and_level_and_searches_titles(client, guide):
    QuestionFactory(
        section__guide__title="Statistics",
        section__guide__slug="stats",
        section__guide__subject="Statistics",
        section__guide__level="Mid-Level",
    )
    library.publish(guide, licence="CC-BY-4.0")

    by_field = _text(client.get(LIBRARY, {"field": "MLOps"}))
    by_level = _text(client.get(LIBRARY, {"level": "Mid-Level"}))
    by_words = _text(client.get(LIBRARY, {"q": "kubernetes"}))

    assert "Kubernetes for ML engineers" in by_field
    assert ">Statistics</a>" not in by_field
    assert ">Statistics</a>" in by_level
    assert "Kubernetes" not in by_level.split("<h2")[1]
    assert "Kubernetes for ML engineers" in by_words
    assert ">Statistics</a>" not in by_words


def test_most_practised_guides_come_first_with_their_count(client, guide, bob):
    QuestionFactory(section__guide__title="Quiet guide", section__guide__slug="quiet")
    library.publish(guide, licence="CC-BY-4.0")
    library.add_reader(guide, bob)
    library.add_reader(guide, UserFactory())

    page = _text(client.get(LIBRARY, {"sort": "popular"}))

    assert page.index("Kubernetes for ML engineers") < page.index("Quiet guide")
    assert "2 people practising" in page


def test_newest_sort_puts_the_latest_publication_first(client, alice, guide):
    older = SectionFactory(guide__owner=alice, guide__title="Older guide").guide
    Guide.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - timedelta(days=30), licence="CC-BY-4.0"
    )
    library.publish(guide, licence="CC-BY-4.0")

    page = _text(client.get(LIBRARY, {"sort": "newest"}))

    assert page.index("Kubernetes for ML engineers") < page.index("Older guide")


def test_a_visitor_reads_a_published_guide_and_finds_it_in_search(client, guide):
    library.publish(guide, licence="CC-BY-4.0")

    guide_page = client.get(guide.get_absolute_url())
    search = client.get(reverse("practice:search"), {"q": "deployable"})

    assert guide_page.status_code == 200
    assert "What is a pod?" in _text(guide_page)
    assert "From the library" in _text(guide_page)
    assert "What is a pod?" in _text(search)


def test_links_in_published_guides_are_marked_as_user_content(client, guide):
    library.publish(guide, licence="CC-BY-4.0")

    page = _text(client.get(guide.get_absolute_url() + "questions/1/?answer=shown"))

    assert 'rel="noopener noreferrer nofollow ugc"' in page


def test_practising_a_published_guide_puts_it_in_bobs_guides_and_a_rating_moves_his_review(
    client, guide, bob
):
    library.publish(guide, licence="CC-BY-4.0")
    client.force_login(bob)
    assert "Kubernetes for ML engineers" not in _text(client.get(reverse("practice:home")))

    response = client.post(reverse("practice:library_practise", args=[guide.slug]))
    question = guide.sections.get().questions.get()
    client.post(reverse("practice:rate", args=[question.pk]), {"confidence": 1})

    assert response.status_code == 302
    assert "Kubernetes for ML engineers" in _text(client.get(reverse("practice:home")))
    progress = QuestionProgress.objects.get(user=bob, question=question)
    assert progress.confidence == 1
    assert progress.due <= timezone.now() + timedelta(hours=1)


def test_a_rating_on_a_published_guide_adds_it_to_the_readers_guides(client, guide, bob):
    library.publish(guide, licence="CC-BY-4.0")
    client.force_login(bob)
    question = guide.sections.get().questions.get()

    response = client.post(reverse("practice:rate", args=[question.pk]), {"confidence": 4})

    assert response.status_code == 302
    assert GuideReader.objects.filter(guide=guide, user=bob).exists()


def test_readers_follow_the_authors_edits_and_keep_the_guide_after_it_is_unpublished(
    client, alice, guide, bob
):
    library.publish(guide, licence="CC-BY-4.0")
    library.add_reader(guide, bob)
    question = guide.sections.get().questions.get()
    client.force_login(alice)
    client.post(
        reverse("guide:my_question_edit", args=[guide.pk, question.pk]),
        {"prompt": "What is a Kubernetes pod?", "answer": "A group of containers."},
    )
    client.post(reverse("guide:my_guide_unpublish", args=[guide.pk]))
    client.force_login(bob)

    page = client.get(guide.get_absolute_url())
    listing = _text(client.get(LIBRARY))

    assert "What is a Kubernetes pod?" in _text(page)
    assert "Kubernetes for ML engineers" not in listing


def test_an_unpublished_guide_is_out_of_reach_of_new_readers(client, guide):
    library.publish(guide, licence="CC-BY-4.0")
    library.unpublish(guide)
    carol = UserFactory(username="carol")
    client.force_login(carol)

    assert client.get(guide.get_absolute_url()).status_code == 404
    assert client.post(reverse("practice:library_practise", args=[guide.slug])).status_code == 404


def test_a_copy_is_bobs_own_records_its_origin_and_stays_whatever_the_author_does(
    client, alice, guide, bob
):
    library.publish(guide, licence="CC-BY-SA-4.0")
    client.force_login(bob)

    response = client.post(reverse("practice:library_copy", args=[guide.slug]))
    copy = Guide.objects.get(owner=bob)
    library.unpublish(guide)
    guide.delete()

    assert response.status_code == 302
    assert response.url == copy.get_edit_url()
    copy.refresh_from_db()
    assert copy.origin == "“Kubernetes for ML engineers” by alice, CC BY-SA 4.0"
    assert copy.sections.get().questions.get().prompt == "What is a pod?"
    assert "Copied from “Kubernetes for ML engineers” by alice" in _text(
        client.get(copy.get_edit_url())
    )


def test_a_report_reaches_staff_and_hiding_answers_404_to_readers_but_not_the_author(
    client, admin_client, alice, guide, bob
):
    library.publish(guide, licence="CC-BY-4.0")
    library.add_reader(guide, bob)
    carol = UserFactory(username="carol")
    client.force_login(carol)
    client.post(reverse("practice:library_report", args=[guide.slug]), {"reason": "Spam links"})
    report = GuideReport.objects.get()

    admin_client.post(
        reverse("admin:guide_libraryguide_change", args=[guide.pk]),
        {
            "hidden": "on",
            "hidden_reason": "Links to spam",
            "reports-TOTAL_FORMS": "1",
            "reports-INITIAL_FORMS": "1",
            "reports-MIN_NUM_FORMS": "0",
            "reports-MAX_NUM_FORMS": "1000",
            "reports-0-id": str(report.pk),
            "reports-0-guide": str(guide.pk),
        },
    )

    client.force_login(bob)
    assert client.get(guide.get_absolute_url()).status_code == 404
    assert client.get(reverse("practice:library_guide", args=[guide.slug])).status_code == 404
    assert "Kubernetes" not in _text(client.get(LIBRARY))
    client.force_login(alice)
    editor = _text(client.get(guide.get_edit_url()))
    assert "Taken out of the library by staff." in editor
    assert "Links to spam" in editor
    assert client.get(guide.get_absolute_url()).status_code == 200
    assert mail.outbox[-1].to == ["alice@example.com"]
    assert "Links to spam" in mail.outbox[-1].body


def test_a_report_needs_a_reason(client, guide, bob):
    library.publish(guide, licence="CC-BY-4.0")
    client.force_login(bob)

    response = client.post(reverse("practice:library_report", args=[guide.slug]), {"reason": ""})

    assert response.status_code == 400
    assert "Say what is wrong with the guide." in _text(response)
    assert not GuideReport.objects.exists()


def test_the_library_page_of_a_guide_shows_no_reader_beyond_the_count(client, alice, guide, bob):
    library.publish(guide, licence="CC-BY-4.0")
    library.add_reader(guide, bob)
    client.force_login(alice)

    page = _text(client.get(reverse("practice:library_guide", args=[guide.slug])))

    assert "1 person practising" in page
    assert "bob" not in page


def test_the_practitioner_counts_are_kept_for_ten_minutes(client, guide, bob, monkeypatch):
    library.publish(guide, licence="CC-BY-4.0")
    library.add_reader(guide, bob)
    assert "1 person practising" in _text(client.get(LIBRARY))

    library.add_reader(guide, UserFactory())
    kept = _text(client.get(LIBRARY))
    later = timezone.now() + timedelta(minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)

    # Counting reads every progress row of every guide listed: not on every page.
    assert "1 person practising" in kept
    assert "2 people practising" in _text(client.get(LIBRARY))


def test_a_large_library_is_listed_a_page_at_a_time_keeping_the_filters(client, alice):
    from practice.library.listing import PAGE_SIZE

    for number in range(PAGE_SIZE + 2):
        QuestionFactory(
            section__guide__title=f"Shared {number:02d}",
            section__guide__subject="MLOps",
            section__guide__owner=alice,
            section__guide__published_at=timezone.now(),
            section__guide__licence="CC-BY-4.0",
        )

    first = client.get(LIBRARY, {"field": "MLOps", "sort": "newest"})
    second = client.get(LIBRARY, {"field": "MLOps", "sort": "newest", "page": "2"})
    past_the_end = _text(client.get(LIBRARY, {"field": "MLOps", "page": "99"}))

    text = _text(first)
    assert text.count(" practising ·") == PAGE_SIZE
    assert f"Page 1 of 2 · {PAGE_SIZE + 2} guides" in text
    next_link = re.search(r'href="([^"]+)" rel="next"', first.content.decode()).group(1)
    assert "page=2" in next_link
    assert "field=MLOps" in next_link
    assert _text(second).count(" practising ·") == 2
    assert "← Previous page" in _text(second)
    assert "Page 2 of 2" in past_the_end
    assert _text(client.get(LIBRARY, {"page": "two"})).count(" practising ·") == PAGE_SIZE
