"""Importing a file in a real browser: upload a CSV from My guides, read the preview, choose
its columns, confirm, and land in the new guide's editor; with and without JavaScript, and
accessible at each step."""

import re

import pytest
from playwright.sync_api import expect

from guide.models import Guide, Question
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = "Word;Meaning\nhola;hello\nadiós;goodbye\n"


def import_a_csv(page, live_url, tmp_path):
    path = tmp_path / "spanish words.csv"
    path.write_text(CSV, encoding="utf-8")
    page.goto(live_url + "/my/guides/")
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("File").set_input_files(path)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()


def choose_columns_and_confirm(page):
    outcome = page.locator(".import-outcome")
    expect(outcome).to_contain_text("Questions: 3 new")
    page.get_by_label("The first row names the columns").check()
    page.get_by_role("button", name="Preview with these columns").click()
    expect(outcome).to_contain_text("Questions: 2 new, 0 updated, 0 unchanged.")
    assert not Guide.objects.exists()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Imported spanish words.csv: 2 questions")
    expect(page.locator(".editor-question").first).to_contain_text("Q1. hola")


def test_a_csv_is_previewed_then_imported_into_a_new_guide(page, live_url, sign_in, tmp_path):
    sign_in("learner")
    import_a_csv(page, live_url, tmp_path)

    expect(page.locator(".notice-warning")).to_contain_text("does not say which column")
    assert_no_axe_violations(page)
    choose_columns_and_confirm(page)

    assert list(Question.objects.values_list("prompt", "answer")) == [
        ("hola", "hello"),
        ("adiós", "goodbye"),
    ]
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Practise it").click()
    expect(page.get_by_role("heading", name="Take it with you")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("for Anki"))).to_have_attribute(
        "href", re.compile(r"/export/anki/$")
    )


def test_the_import_works_without_javascript(browser, live_url, sign_in, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in("learner", context)
    import_a_csv(page, live_url, tmp_path)

    choose_columns_and_confirm(page)

    assert Question.objects.count() == 2
    context.close()


def test_a_bad_file_is_refused_on_the_upload_form_accessibly(page, live_url, sign_in, tmp_path):
    sign_in("learner")
    path = tmp_path / "broken.csv"
    path.write_bytes("front,back\nété,summer\n".encode("latin-1"))
    page.goto(live_url + "/my/guides/import/")

    page.get_by_label("File").set_input_files(path)
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator(".error-summary")).to_contain_text(
        "broken.csv, line 2: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    )
    assert_no_axe_violations(page)


def test_the_same_anki_package_again_proposes_its_guide(page, live_url, sign_in, tmp_path):
    from tests.guide.anki_files import basic_package

    sign_in("learner")
    path = tmp_path / "biology.apkg"
    path.write_bytes(
        basic_package(
            {"Biology": [("What is DNA?", "The genetic code", "g-dna")]},
            cloze=["The {{c1::nucleus}} holds the DNA."],
        )
    )
    for _ in range(2):
        page.goto(live_url + "/my/guides/import/")
        page.get_by_label("File").set_input_files(path)
        page.get_by_role("button", name="Preview the import").click()
        expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
        if not Guide.objects.exists():
            page.get_by_role("button", name="Import", exact=True).click()
            expect(page.locator(".editor-question").nth(1)).to_contain_text("The […] holds")

    expect(page.locator(".import-match")).to_contain_text("This looks like your guide “Biology”")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("0 questions added, 0 updated, 2 unchanged")
    assert Guide.objects.count() == 1
