""" "Download my data" holds every row that is the user's, and its file name survives any
username."""

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.data import export_data
from accounts.models import Preferences
from common import downloads
from practice.mock_interviews import services as interviews
from practice.models import InterviewDate, MockSession
from practice.rating import rate_question
from practice.services import save_answer_note
from tests.factories import QuestionFactory, UserFactory, start_mock

# Every model whose rows belong to a user, and the section of the download that holds them.
EXPORT_SECTIONS = {
    "accounts.Preferences": "preferences",
    "practice.ConfidenceRating": "ratings",
    # The same ratings counted per guide and day, for the progress page: derived, not kept.
    "practice.DailyPractice": "ratings",
    "practice.QuestionProgress": "current_confidence",
    "practice.MockSession": "mock_interviews",
    "practice.MockItem": "mock_interviews",
    "practice.InterviewDate": "interview_dates",
    "practice.AnswerNote": "answer_notes",
    # A partner interview's link (the partner's display name) and feedback, in the session.
    "practice.PartnerLink": "mock_interviews",
    "practice.PartnerFeedback": "mock_interviews",
    "practice.SpokenAnswer": "spoken_answers",
    "admin.LogEntry": "admin_actions",
    # A person's own guide, and the rows that hang on it (its questions, through sections);
    # its search documents hold the same text again, for search alone.
    "guide.Guide": "guides",
    "guide.Section": "guides",
    "guide.Tip": "guides",
    "guide.PendingImport": "pending_imports",
    "guide.SearchDocument": "guides",
    # The library: the same guides as the staff moderate them, those a person practises
    # from the library, and their reports.
    "guide.LibraryGuide": "guides",
    "guide.GuideReader": "library_guides",
    "guide.GuideReport": "guide_reports",
}
# Rows the app keeps about a person that hold nothing of theirs: deleted with the account,
# left out of the download.
NOT_IN_THE_DOWNLOAD = {
    # A counter that moves on with each rating (the header's kept count).
    "practice.TodayVersion",
}
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def user_models():
    """Models with a foreign key to the user, or to such a model (a mock item, via its
    session)."""
    user_model = get_user_model()

    def points_at(model, targets):
        return any(
            field.many_to_one or field.one_to_one
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in targets and model not in targets
        )

    direct = {model for model in apps.get_models() if points_at(model, {user_model})}
    return direct | {model for model in apps.get_models() if points_at(model, direct)}


def test_every_model_that_belongs_to_a_user_has_a_section_in_the_download(client, owner):
    client.force_login(owner)
    sections = json.loads(client.get(reverse("accounts:export_json")).getvalue()).keys()

    for model in user_models():
        label = model._meta.label
        if label in NOT_IN_THE_DOWNLOAD:
            continue
        assert label in EXPORT_SECTIONS, f"{label} points at a user: add it to the download"
        assert EXPORT_SECTIONS[label] in sections, label


@pytest.fixture
def rows_of_every_kind(owner, other_user):
    Preferences.objects.create(
        user=owner,
        time_zone="Pacific/Auckland",
        reminders=True,
        reminder_time=time(7, 15),
        last_reminder_on=date(2026, 3, 1),
        calendar_token="the-owners-secret-feed-token",
    )
    Preferences.objects.create(user=other_user, time_zone="America/Los_Angeles")
    question = QuestionFactory(section__guide__slug="ml", number=7, prompt="What is bias?")
    rate_question(user=owner, question=question, confidence=2, seconds_spent=30, at=START)
    session = start_mock(
        user=owner,
        questions=[question],
        now=START,
        strategy=MockSession.Strategy.WEAKEST,
        minutes_per_question=4,
        timed=False,
    )
    shown = START
    interviews.save_answer(session=session, position=0, text="Error from wrong", now=shown)
    revealed = shown + timedelta(seconds=95)
    interviews.reveal(
        session=session, position=0, text="Error from wrong assumptions", now=revealed
    )
    interviews.rate_item(
        session=session, position=0, confidence=3, now=revealed + timedelta(seconds=5)
    )
    interviews.advance(session=session, from_position=0, now=revealed + timedelta(seconds=9))
    retry = interviews.retry_weakest(session=session, now=revealed + timedelta(minutes=1))
    LogEntry.objects.create(
        user=owner,
        action_time=START,
        content_type=ContentType.objects.get_for_model(question),
        object_id=str(question.pk),
        object_repr="Q7. What is bias?",
        action_flag=CHANGE,
        change_message="Fixed a typo.",
    )
    save_answer_note(
        user=owner, question=question, text="Error from **wrong** assumptions", at=START
    )
    InterviewDate.objects.create(
        user=owner,
        guide=question.section.guide,
        interview_on=START.date() + timedelta(days=20),
        interview_time=time(9, 0),
        target_percent=95,
        daily_budget=12,
    )
    # Someone else's rows, which must not appear.
    rate_question(user=other_user, question=question, confidence=5)
    InterviewDate.objects.create(
        user=other_user, guide=question.section.guide, interview_on=START.date() + timedelta(3)
    )
    save_answer_note(user=other_user, question=question, text="Someone else's note")
    start_mock(user=other_user, questions=[question], now=START, minutes_per_question=2)
    return {"session": session, "retry": retry}


def test_the_download_holds_every_row_of_the_user_and_no_one_elses(
    client, owner, rows_of_every_kind
):
    client.force_login(owner)

    data = json.loads(client.get(reverse("accounts:export_json")).getvalue())

    session, retry = rows_of_every_kind["session"], rows_of_every_kind["retry"]
    assert data["preferences"] == [
        {
            "time_zone": "Pacific/Auckland",
            "reminders": True,
            "reminder_time": "07:15",
            "last_reminder_on": "2026-03-01",
            "calendar_feed": True,
            "spoken_answers_kept": 5,
        }
    ]
    assert "the-owners-secret-feed-token" not in json.dumps(data)
    assert [(r["confidence"], r["seconds_spent"]) for r in data["ratings"]] == [(2, 30), (3, 95)]
    assert [(p["question_number"], p["confidence"]) for p in data["current_confidence"]] == [
        (7, 3)
    ]
    first, second = data["mock_interviews"]
    assert first == {
        "id": session.pk,
        "guide": "ml",
        "strategy": "weakest",
        "minutes_per_question": 4,
        "timed": False,
        "status": "finished",
        "started_at": "2026-03-02T09:00:00+00:00",
        "ended_at": "2026-03-02T09:01:44+00:00",
        "retry_of": None,
        "partner": None,
        "questions": [
            {
                "position": 1,
                "question_number": 7,
                "question": "What is bias?",
                "answer": "Error from wrong assumptions",
                "answer_saved_at": "2026-03-02T09:01:35+00:00",
                "shown_at": "2026-03-02T09:00:00+00:00",
                "revealed_at": "2026-03-02T09:01:35+00:00",
                "seconds_to_reveal": 95,
                "confidence": 3,
                "rated_at": "2026-03-02T09:01:40+00:00",
                "partner_feedback": None,
            }
        ],
    }
    assert (second["id"], second["retry_of"], second["strategy"]) == (
        retry.pk,
        session.pk,
        "retry",
    )
    assert [item["answer"] for item in second["questions"]] == [""]
    assert data["interview_dates"] == [
        {
            "guide": "ml",
            "interview_on": "2026-03-22",
            "interview_time": "09:00",
            "target_percent": 95,
            "daily_budget": 12,
        }
    ]
    assert data["answer_notes"] == [
        {
            "guide": "ml",
            "question_number": 7,
            "question": "What is bias?",
            "text": "Error from **wrong** assumptions",
            "updated_at": "2026-03-02T09:00:00+00:00",
        }
    ]
    assert data["admin_actions"] == [
        {
            "action_time": "2026-03-02T09:00:00+00:00",
            "action": "Change",
            "object_type": "Interview guides | question",
            "object": "Q7. What is bias?",
            "change": "Fixed a typo.",
        }
    ]


def test_the_download_of_someone_who_never_chose_a_time_zone_says_utc(client, owner):
    client.force_login(owner)

    data = json.loads(client.get(reverse("accounts:export_json")).getvalue())

    assert data["preferences"] == [
        {
            "time_zone": "UTC",
            "reminders": False,
            "reminder_time": "08:00",
            "last_reminder_on": None,
            "calendar_feed": False,
            "spoken_answers_kept": 5,
        }
    ]


@pytest.mark.parametrize(
    ("username", "extension", "header"),
    [
        (
            "José",
            "json",
            (
                'attachment; filename="interview-prep-2026-03-02.json"; '
                "filename*=UTF-8''interview-prep-Jos%C3%A9-2026-03-02.json"
            ),
        ),
        (
            "ф",
            "csv",
            (
                'attachment; filename="interview-prep-2026-03-02.csv"; '
                "filename*=UTF-8''interview-prep-%D1%84-2026-03-02.csv"
            ),
        ),
        (
            "ada.l+x@home",
            "json",
            'attachment; filename="interview-prep-ada.l+x@home-2026-03-02.json"',
        ),
    ],
)
def test_the_download_name_keeps_any_username(
    client, db, monkeypatch, username, extension, header
):
    monkeypatch.setattr(timezone, "now", lambda: START)
    client.force_login(UserFactory(username=username))

    response = client.get(reverse(f"accounts:export_{extension}"))

    assert response["Content-Disposition"] == header


def test_the_download_holds_the_persons_own_guides_whole(client, owner, other_user):
    mine = QuestionFactory(
        section__guide__owner=owner,
        section__guide__title="My notes",
        section__guide__slug="my-notes-a1b2c3",
        section__number=1,
        section__title="Basics",
        number=1,
        prompt="What is $x$?",
        answer="**It.**",
        pro_tip="",
    )
    QuestionFactory(section__guide__owner=other_user, section__guide__title="Their notes")
    client.force_login(owner)

    data = json.loads(client.get(reverse("accounts:export_json")).getvalue())

    assert data["guides"] == [
        {
            "title": "My notes",
            "address": mine.section.guide.get_absolute_url(),
            "level": "Mid-Level (2–5 Years)",
            "subject": "AI / ML Concepts",
            "role": "General / Mixed Role",
            "intro": "An introduction.",
            "archived": False,
            "published": None,
            "licence": "",
            "copied_from": "",
            "sections": [
                {
                    "number": 1,
                    "title": "Basics",
                    "subtitle": "A subtitle",
                    "archived": False,
                    "questions": [
                        {
                            "number": 1,
                            "prompt": "What is $x$?",
                            "answer": "**It.**",
                            "pro_tip": "",
                            "archived": False,
                        }
                    ],
                }
            ],
            "tips": [],
        }
    ]


def test_the_download_is_streamed_in_blocks_as_the_text_json_dumps_writes(
    client, owner, rows_of_every_kind, monkeypatch
):
    question = QuestionFactory(section__guide__slug="sql", number=2, prompt="Joins — which?")
    save_answer_note(user=owner, question=question, text="Inner first,\nthen “outer”", at=START)
    monkeypatch.setattr(downloads, "BLOCK_CHARS", 200)
    client.force_login(owner)

    response = client.get(reverse("accounts:export_json"))

    blocks = list(response.streaming_content)
    assert len(blocks) > 1
    expected = json.dumps(export_data(owner), indent=2, ensure_ascii=False)
    assert b"".join(blocks).decode() == expected
