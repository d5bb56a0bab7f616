"""The library in a real browser, with four people each in a browser context of their own:
alice publishes a guide, bob finds it in the library, practises it (a rating moves his review)
and copies it; alice edits and unpublishes it (bob's practice follows the edit, his copy stays,
the listing no longer shows it); carol reports it and staff hide it (404 for bob, visible to
alice with the reason). Screenshots at 1280 and 390 pixels when SCREENSHOT_DIR is set."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guide.models import Guide
from practice.models import QuestionProgress
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import QuestionFactory, SectionFactory, UserFactory

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def screenshot(page, name):
    if not SCREENSHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def alices_guide(transactional_db):
    alice = UserFactory(
        username="alice", email="alice@example.com", date_joined=timezone.now() - timedelta(days=3)
    )
    section = SectionFactory(
        guide__owner=alice,
        guide__title="Feature stores",
        guide__slug="feature-stores-a1b2c3",
        guide__subject="ML System Design",
        guide__level="Senior",
        guide__intro="Online and offline features without training-serving skew.",
        number=1,
        title="Basics",
    )
    QuestionFactory(
        section=section,
        number=1,
        prompt="Why keep one definition of a feature?",
        answer="So that **training and serving** compute it the same way.",
    )
    return section.guide


def test_publish_practise_copy_unpublish_report_and_hide(
    browser, live_server, sign_in, alices_guide
):
    url = live_server.url
    alice = alices_guide.owner
    people = {name: browser.new_context() for name in ("alice", "bob", "carol", "staff")}
    sign_in(alice, people["alice"])
    bob = sign_in("bob", people["bob"])
    sign_in("carol", people["carol"])
    sign_in(UserFactory(username="moderator", is_staff=True, is_superuser=True), people["staff"])
    a, b, c, s = (people[name].new_page() for name in ("alice", "bob", "carol", "staff"))

    # Alice publishes from her editor.
    a.goto(url + alices_guide.get_edit_url())
    a.get_by_label("CC BY-SA 4.0").check()
    screenshot(a, "library-publish-form")
    a.get_by_role("button", name="Publish to the library").click()
    expect(a.locator(".messages")).to_contain_text("Published")

    # Bob finds it in the library and practises it.
    b.goto(url + "/")
    b.get_by_role("link", name="Library", exact=True).click()
    b.get_by_label("Field").select_option("ML System Design")
    b.get_by_role("button", name="Show guides").click()
    screenshot(b, "library-listing")
    b.get_by_role("link", name="Feature stores").click()
    expect(b.get_by_text("alice", exact=True)).to_be_visible()
    expect(b.get_by_role("link", name="CC BY-SA 4.0")).to_be_visible()
    screenshot(b, "library-guide-page")
    assert_no_axe_violations(b)
    b.get_by_role("button", name="Practise this guide").click()
    expect(b.locator(".messages")).to_contain_text("is in your guides")
    b.locator("#q-1").get_by_role("link", name=re.compile("Show answer")).click()
    b.get_by_role("button", name=re.compile("^1 – No idea")).click()
    expect(b.locator(".rating-status")).to_contain_text("Your confidence: 1 – No idea")
    progress = QuestionProgress.objects.get(user=bob)
    assert progress.confidence == 1

    # ... and copies it.
    b.goto(url + f"/library/{alices_guide.slug}/")
    b.get_by_role("button", name="Copy to my guides").click()
    expect(b.get_by_text(re.compile("Copied from “Feature stores” by alice"))).to_be_visible()
    copy = Guide.objects.get(owner=bob)

    # Alice edits her question, then unpublishes.
    question = alices_guide.sections.get().questions.get()
    a.goto(url + f"/my/guides/{alices_guide.pk}/questions/{question.pk}/edit/")
    a.get_by_label("Question", exact=True).fill("Why one definition of a feature, twice?")
    a.get_by_role("button", name=re.compile("Save")).click()
    a.goto(url + alices_guide.get_edit_url())
    a.get_by_role("button", name="Unpublish").click()
    expect(a.locator(".messages")).to_contain_text("Unpublished")

    b.goto(url + alices_guide.get_absolute_url())
    expect(b.get_by_text("Why one definition of a feature, twice?")).to_be_visible()
    b.goto(url + copy.get_absolute_url())
    expect(b.get_by_text("Why keep one definition of a feature?")).to_be_visible()
    b.goto(url + "/library/")
    expect(b.get_by_role("link", name="Feature stores")).to_have_count(0)

    # Alice publishes again; carol reports it; staff hide it.
    a.goto(url + alices_guide.get_edit_url())
    a.get_by_label("CC BY 4.0", exact=True).check()
    a.get_by_role("button", name="Publish to the library").click()
    c.goto(url + f"/library/{alices_guide.slug}/")
    c.get_by_role("link", name="Report this guide").click()
    c.get_by_label("What is wrong with this guide?").fill("Copied from a paid course.")
    c.get_by_role("button", name="Send the report").click()
    expect(c.locator(".messages")).to_contain_text("staff will read your report")

    s.goto(url + "/admin/guide/libraryguide/")
    s.get_by_role("link", name="Feature stores").click()
    expect(s.get_by_text("Copied from a paid course.")).to_be_visible()
    s.get_by_label("Hidden from the library").check()
    s.get_by_label("Hidden reason").fill("Copied from a paid course without permission.")
    s.get_by_role("button", name="Save", exact=True).click()

    response = b.goto(url + alices_guide.get_absolute_url())
    assert response.status == 404
    a.goto(url + alices_guide.get_edit_url())
    expect(a.get_by_text("Taken out of the library by staff.")).to_be_visible()
    expect(a.get_by_text(re.compile("without permission"))).to_be_visible()
    for context in people.values():
        context.close()
