from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from guide.models import Guide, GuideReader
        from guide.signals import content_changed

        from . import today_version
        from .models import InterviewDate
        from .today_version import bump_when_deleted, bump_when_saved

        # An interview date and a library guide taken up change a person's day without a
        # rating: the header's kept count (practice.plans.header) must not outlive them.
        for model in (InterviewDate, GuideReader):
            post_save.connect(bump_when_saved, sender=model, dispatch_uid=f"today-{model}")
            post_delete.connect(bump_when_deleted, sender=model, dispatch_uid=f"today-{model}")
        # So does a change to a guide's content for its owner and readers, and deleting it.
        content_changed.connect(today_version.bump_for_guide, dispatch_uid="today-content")
        post_delete.connect(
            today_version.bump_owner_when_deleted, sender=Guide, dispatch_uid="today-guide"
        )
        post_save.connect(
            today_version.create_for_new_user, sender=get_user_model(), dispatch_uid="today-user"
        )

    def personal_data(self, user):
        """This app's share of "Download my data" (see accounts/data.py)."""
        from .personal_data import personal_data

        return personal_data(user)

    def personal_files(self, user):
        """The person's stored recordings, deleted with the account (see accounts/data.py)."""
        from .spoken_answers.services import personal_files

        return personal_files(user)

    def preferences_changed(self, user):
        """A lower number of recordings kept applies at once; a new time zone has the
        person's days of practice counted again in it."""
        from .daily_practice import follow_time_zone
        from .spoken_answers.services import apply_retention_everywhere

        apply_retention_everywhere(user)
        follow_time_zone(user)

    def questions_leaving(self, question_ids, *, guide_id, to_guide_id):
        """Questions deleted or moved to another guide (see guide/regrouping.py): their
        ratings no longer count in that guide's days."""
        from .daily_practice import questions_leaving

        questions_leaving(question_ids, guide_id=guide_id, to_guide_id=to_guide_id)
