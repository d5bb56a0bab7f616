"""Re-render stored HTML whose Markdown holds display math ($$…$$): inside a sentence it used to
come out with a stray dollar on each side; guide.rendering now makes it a block. Rows without
$$ render as before."""

from django.db import migrations
from django.db.models import F

from guide.rendering import render_markdown

# (model, Markdown field, its HTML field, path to the guide id)
RENDERED = [
    ("Question", "answer", "answer_html", "section__guide_id"),
    ("Question", "pro_tip", "pro_tip_html", "section__guide_id"),
    ("Tip", "body", "body_html", "guide_id"),
]


def rerender(apps, schema_editor):
    guide_ids = set()
    for model_name, source, html, guide_path in RENDERED:
        rows = apps.get_model("guide", model_name).objects.filter(**{f"{source}__contains": "$$"})
        for row in rows.iterator():
            setattr(row, html, render_markdown(getattr(row, source)))
            row.save(update_fields=[html])
        guide_ids.update(rows.values_list(guide_path, flat=True))
    # Cached pages of these guides are keyed by this version.
    Guide = apps.get_model("guide", "Guide")
    Guide.objects.filter(pk__in=guide_ids).update(content_version=F("content_version") + 1)


class Migration(migrations.Migration):
    dependencies = [("guide", "0007_search_document")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
