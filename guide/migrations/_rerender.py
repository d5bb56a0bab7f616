"""Shared by the data migrations that re-render stored HTML after a change to
guide.rendering (the migration loader skips modules whose name starts with "_")."""

from django.db.models import F

from guide.rendering import render_markdown

# (model, Markdown field, its HTML field, path to the guide id)
RENDERED = [
    ("Question", "answer", "answer_html", "section__guide_id"),
    ("Question", "pro_tip", "pro_tip_html", "section__guide_id"),
    ("Tip", "body", "body_html", "guide_id"),
]


def rerender_where(apps, lookup):
    """Re-render every row for which `lookup(source, html)` (a filter dict) matches, and raise
    the content version of their guides: cached pages are keyed by it."""
    guide_ids = set()
    for model_name, source, html, guide_path in RENDERED:
        rows = apps.get_model("guide", model_name).objects.filter(**lookup(source, html))
        for row in rows.iterator():
            setattr(row, html, render_markdown(getattr(row, source)))
            row.save(update_fields=[html])
        guide_ids.update(rows.values_list(guide_path, flat=True))
    Guide = apps.get_model("guide", "Guide")
    Guide.objects.filter(pk__in=guide_ids).update(content_version=F("content_version") + 1)
