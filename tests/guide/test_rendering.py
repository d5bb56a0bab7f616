"""Markdown, math and sanitizing as a reader sees them."""

from importlib import import_module

import pytest
from django.apps import apps

from guide.models import Guide, Question
from guide.rendering import render_markdown
from tests.factories import QuestionFactory


def test_bold_list_items_and_code_spans_become_html():
    html = render_markdown("- **High bias** → underfitting\n- use `class_weight='balanced'`")

    assert "<li><strong>High bias</strong> → underfitting</li>" in html
    assert "<code>class_weight='balanced'</code>" in html


def test_italic_and_paragraphs_are_kept():
    html = render_markdown("First *idea*.\n\nSecond paragraph.")

    assert html.count("<p>") == 2
    assert "<em>idea</em>" in html


def test_dollar_math_becomes_mathml_that_survives_sanitizing():
    html = render_markdown("scaled by $(1-p)$ with $|w|$ when $p < 0.05$")

    assert html.count("<math") == 3
    assert 'xmlns="http://www.w3.org/1998/Math/MathML"' in html
    assert "<mi>p</mi>" in html
    assert "<mo>&lt;</mo>" in html


@pytest.mark.parametrize(
    "answer",
    [r"$$\int_0^1 x\,dx$$", r"The area is $$\int_0^1 x\,dx$$ exactly.", r"- $$\int_0^1 x\,dx$$"],
)
def test_double_dollar_math_is_display_math_with_no_dollars_left(db, answer):
    html = QuestionFactory(answer=answer).answer_html

    assert "$" not in html
    assert html.count('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">') == 1
    assert "<mo>∫</mo>" in html


def test_display_math_inside_a_sentence_stays_in_its_paragraph():
    html = render_markdown(r"The area is $$\int_0^1 x\,dx$$ exactly.").strip()

    assert html.startswith("<p>The area is <math")
    assert html.endswith("</math> exactly.</p>")


def test_money_amounts_are_not_mistaken_for_math():
    html = render_markdown("It costs $5 and $10 a month.")

    assert "<math" not in html
    assert "$5 and $10" in html


def test_raw_script_is_shown_as_text():
    html = render_markdown("Watch out: <script>alert(1)</script>")

    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_script_in_a_code_span_is_shown_as_code_text():
    html = render_markdown("Type `<script>alert(1)</script>` to test.")

    assert "<script" not in html
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in html


def test_dangerous_link_schemes_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) and <img src=x onerror=alert(1)>")

    assert "href" not in html
    assert "<img" not in html


def test_empty_source_renders_nothing():
    assert render_markdown("   \n") == ""


def test_text_inside_math_keeps_a_less_than_sign_as_text():
    html = render_markdown(r"Read $\text{if a<b then}$ aloud.")

    assert "<mtext>if&nbsp;a&lt;b&nbsp;then</mtext>" in html
    assert "aloud." in html


def test_markup_typed_inside_math_text_is_shown_not_obeyed():
    html = render_markdown(r"See $\text{<a/href=https://evil.example>click</a>}$.")

    assert "<a" not in html
    assert "<mtext>&lt;a/href=https://evil.example&gt;click&lt;/a&gt;</mtext>" in html


@pytest.mark.django_db
def test_the_migration_rerenders_math_stored_by_the_old_renderer():
    rerender = import_module("guide.migrations.0004_rerender_math_text").rerender
    question = QuestionFactory(answer=r"Read $\text{if a<b then}$ aloud.")
    stale = "<p><math><mrow><mtext>if a<b then</mtext></mrow></math></p>"
    Question.objects.filter(pk=question.pk).update(answer_html=stale)
    version = Guide.objects.get(pk=question.section.guide_id).content_version

    rerender(apps, None)

    question.refresh_from_db()
    assert "<mtext>if&nbsp;a&lt;b&nbsp;then</mtext>" in question.answer_html
    assert Guide.objects.get(pk=question.section.guide_id).content_version == version + 1


@pytest.mark.django_db
def test_the_migration_rerenders_display_math_stored_with_stray_dollars():
    rerender = import_module("guide.migrations.0008_rerender_display_math").rerender
    question = QuestionFactory(answer=r"The area is $$\int_0^1 x\,dx$$ here.")
    untouched = QuestionFactory(answer="No math.")
    Question.objects.filter(pk=question.pk).update(
        answer_html="<p>The area is $<math>…</math>$ here.</p>"
    )
    Question.objects.filter(pk=untouched.pk).update(answer_html="<p>kept</p>")
    version = Guide.objects.get(pk=question.section.guide_id).content_version

    rerender(apps, None)

    question.refresh_from_db()
    untouched.refresh_from_db()
    assert 'display="block"' in question.answer_html
    assert "$" not in question.answer_html
    assert untouched.answer_html == "<p>kept</p>"
    assert Guide.objects.get(pk=question.section.guide_id).content_version == version + 1
