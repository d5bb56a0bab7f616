"""Re-render stored HTML whose Markdown holds display math ($$…$$): inside a sentence it used to
come out with a stray dollar on each side; guide.rendering now makes it a block. Rows without
$$ render as before."""

from django.db import migrations

from ._rerender import rerender_where


def rerender(apps, schema_editor):
    rerender_where(apps, lambda source, html: {f"{source}__contains": "$$"})


class Migration(migrations.Migration):
    dependencies = [("guide", "0007_search_document")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
