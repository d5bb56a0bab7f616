"""Re-render stored HTML that holds math: text typed in \\text{…} used to reach the page as
markup; guide.rendering now keeps it as text. Rows without math render as before."""

from django.db import migrations

from ._rerender import rerender_where


def rerender(apps, schema_editor):
    rerender_where(apps, lambda source, html: {f"{html}__contains": "<math"})


class Migration(migrations.Migration):
    dependencies = [("guide", "0003_numbers_fit_an_address")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
