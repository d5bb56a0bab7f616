"""The guides list on a phone, with every shipped guide: one shelf per field, links at the
top that jump to each field, and no sideways scrolling."""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.conftest import SEED_GUIDE

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shipped_url(live_server, transactional_db):
    """The live server's base URL with every guide of guide/content/ imported, as setup does."""
    paths = sorted(str(path) for path in SEED_GUIDE.parent.glob("*.txt"))
    call_command("import_guide", *paths, verbosity=0)
    return live_server.url


@pytest.mark.parametrize("width", [390, 1280])
def test_a_field_link_leads_to_its_shelf_of_guides(page, shipped_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(shipped_url + "/")

    fields = page.get_by_role("navigation", name="Guides by field")
    fields.get_by_role("link", name="Statistics & Experimentation").click()

    shelf = page.get_by_role("region", name="Statistics & Experimentation")
    expect(page).to_have_url(re.compile(r"#field-statistics-experimentation$"))
    expect(shelf.get_by_role("heading", level=2)).to_be_in_viewport()
    expect(
        shelf.get_by_role("link", name="Statistics & Experimentation Interview")
    ).to_be_visible()
    behavioural = page.get_by_role("region", name="Behavioural")
    expect(
        behavioural.get_by_role("link", name="Behavioural Interview for Engineers")
    ).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if SCREENSHOTS:
        page.goto(shipped_url + "/")
        page.screenshot(path=os.path.join(SCREENSHOTS, f"home-{width}.png"), full_page=True)


def test_the_grouped_guides_list_passes_axe(page, shipped_url):
    page.goto(shipped_url + "/")

    assert_no_axe_violations(page)
