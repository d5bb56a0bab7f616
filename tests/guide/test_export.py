"""Exporting a guide to the text format, and importing the export back unchanged."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guide.document import parse_document
from guide.exporter import document_from_guide
from guide.importer import import_guide
from guide.models import Guide, Question
from tests.conftest import SEED_GUIDE, database_snapshot, run_import
from tests.factories import GuideFactory, QuestionFactory, SectionFactory, TipFactory


def export(slug: str) -> str:
    stdout = StringIO()
    call_command("export_guide", slug, stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def reimport(text: str, tmp_path, name: str = "exported.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    stdout, _ = run_import(path)
    return stdout


def test_the_export_of_the_seed_holds_its_last_question(seed_guide):
    assert (
        "\nQ15. Explain regularisation — L1 (Lasso) vs L2 (Ridge). When do you use each?\n"
        in export("ai-ml-interview")
    )


def test_the_export_of_the_seed_holds_its_last_tip(seed_guide):
    assert "\n◆ Ask clarifying questions\n" in export("ai-ml-interview")


def test_the_export_states_the_real_question_count_on_its_cover(seed_guide):
    text = export("ai-ml-interview")
    assert "\n15 Questions\n" in text
    assert "19 Questions" not in text


def test_reimporting_the_export_leaves_the_database_identical(seed_guide, tmp_path):
    before = database_snapshot()
    reimport(export("ai-ml-interview"), tmp_path)
    assert database_snapshot() == before


def test_reimporting_the_export_reports_nothing_created_or_updated(seed_guide, tmp_path):
    stdout = reimport(export("ai-ml-interview"), tmp_path)
    assert "(0 created, 0 updated, 25 unchanged, 0 archived)" in stdout


def test_the_export_imported_into_an_empty_database_gives_the_same_content(db, tmp_path):
    run_import(SEED_GUIDE)
    text = export("ai-ml-interview")
    from_seed = document_from_guide(Guide.objects.get())
    Guide.objects.all().delete()
    reimport(text, tmp_path)
    assert document_from_guide(Guide.objects.get()) == from_seed


def test_exporting_twice_gives_the_same_text(seed_guide, tmp_path):
    first = export("ai-ml-interview")
    reimport(first, tmp_path)
    assert export("ai-ml-interview") == first


def test_archived_questions_are_left_out_of_the_export(seed_guide):
    Question.objects.filter(section__guide=seed_guide, number=7).update(archived=True)
    text = export("ai-ml-interview")
    assert "Q7." not in text
    assert "\n14 Questions\n" in text


def test_reimporting_keeps_an_archived_question_archived(seed_guide, tmp_path):
    Question.objects.filter(section__guide=seed_guide, number=7).update(archived=True)
    before = database_snapshot()
    reimport(export("ai-ml-interview"), tmp_path)
    assert database_snapshot() == before


def test_a_guide_made_in_the_database_round_trips_through_the_export(db, tmp_path):
    guide = GuideFactory(title="Made By Hand", slug="made-by-hand", tips_title="")
    section = SectionFactory(guide=guide, number=3, subtitle="")
    QuestionFactory(section=section, number=10, pro_tip="")
    QuestionFactory(section=section, number=12, answer="Two.\n\n- a\n- b\n\nAfter the list.")
    TipFactory(guide=guide, order=1)
    before = database_snapshot()
    reimport(export("made-by-hand"), tmp_path)
    assert database_snapshot() == before


def test_the_export_of_a_document_parses_back_to_the_same_document(seed_guide):
    document = document_from_guide(seed_guide)
    assert parse_document(export("ai-ml-interview"), "exported.txt") == document


def test_the_export_can_be_written_to_a_file(seed_guide, tmp_path):
    output = tmp_path / "out.txt"
    stdout = StringIO()
    call_command("export_guide", "ai-ml-interview", output=str(output), stdout=stdout)
    assert output.read_text(encoding="utf-8") == export("ai-ml-interview")
    assert f"Wrote ai-ml-interview to {output}" in stdout.getvalue()


def test_exporting_an_unknown_slug_fails(seed_guide):
    with pytest.raises(CommandError, match='No guide "no-such-guide"'):
        export("no-such-guide")


def test_exporting_a_guide_whose_title_no_longer_matches_its_slug_warns(seed_guide):
    Guide.objects.filter(pk=seed_guide.pk).update(title="Machine Learning Interview")
    stderr = StringIO()
    call_command("export_guide", "ai-ml-interview", stdout=StringIO(), stderr=stderr)
    assert "importing this file would create a separate guide" in stderr.getvalue()


def test_document_from_guide_counts_the_live_questions(seed_guide):
    document = document_from_guide(seed_guide)
    assert document.declared_question_count == document.question_count == 15


def test_a_dry_run_import_of_the_export_reports_no_change(seed_guide):
    report = import_guide(document_from_guide(seed_guide), dry_run=True)
    assert (report.created, report.updated, report.archived) == ([], [], [])
