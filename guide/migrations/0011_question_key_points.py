"""Key points of each question (guide.key_points), derived from its answer for the questions
that exist; and room for the search documents' sentence embeddings."""

from django.db import migrations, models

from guide import key_points
from guide.rendering import render_markdown


def derive_key_points(apps, schema_editor):
    Question = apps.get_model("guide", "Question")
    for question in Question.objects.iterator():
        question.key_points = key_points.as_text(key_points.derive(question.answer))
        question.key_points_html = render_markdown(
            key_points.as_markdown_list(question.key_points)
        )
        question.save(update_fields=["key_points", "key_points_html"])
    # Cached pages are keyed by the content version: the question pages now show key points.
    Guide = apps.get_model("guide", "Guide")
    Guide.objects.update(content_version=models.F("content_version") + 1)


class Migration(migrations.Migration):
    dependencies = [("guide", "0010_imported_content_record")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="key_points",
            field=models.TextField(
                blank=True,
                help_text="One key point a line, key terms in **bold**. Leave empty to derive "
                "them again from the answer (each sentence or list item holding a **bold** "
                "term).",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="key_points_edited",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="question",
            name="key_points_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="embeddings",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.RunPython(derive_key_points, migrations.RunPython.noop),
    ]
