"""An index for a person's rating history at scale (bench/large.py measures it): one question's
ratings of one person in time order."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0008_rerender_display_math"),
        ("practice", "0008_interview_day_and_time"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="confidencerating",
            index=models.Index(
                fields=["user", "question", "rated_at"], name="rating_user_question_time"
            ),
        ),
    ]
