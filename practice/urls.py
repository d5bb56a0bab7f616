from django.urls import path

from . import export_views, guide_views, search_views, views
from .check_answer import views as check_answer_views
from .library import views as library_views
from .mock_interviews import views as mock_views
from .partner.urls import urlpatterns as partner_urls
from .plans import calendar_feed
from .plans import views as plan_views
from .progress import views as progress_views
from .spoken_answers import views as spoken_views

app_name = "practice"

urlpatterns = [
    path("", plan_views.home, name="home"),
    path("guides/<slug:slug>/", guide_views.guide_page, name="guide"),
    path("guides/<slug:slug>/questions/<id:number>/", guide_views.question_page, name="question"),
    path("guides/<slug:slug>/export/anki/", export_views.export_anki, name="export_anki"),
    path("questions/<id:question_id>/rate/", views.rate, name="rate"),
    path("search/", search_views.search, name="search"),
    path("library/", library_views.library_list, name="library"),
    path("library/<slug:slug>/", library_views.library_guide, name="library_guide"),
    path("library/<slug:slug>/practise/", library_views.practise, name="library_practise"),
    path("library/<slug:slug>/stop/", library_views.stop_practising, name="library_stop"),
    path("library/<slug:slug>/copy/", library_views.copy, name="library_copy"),
    path("library/<slug:slug>/report/", library_views.report, name="library_report"),
    path("questions/<id:question_id>/note/", views.answer_note, name="answer_note"),
    path(
        "questions/<id:question_id>/check/",
        check_answer_views.check_answer,
        name="check_answer",
    ),
    path("review/", plan_views.review, name="review"),
    path("progress/", progress_views.progress_overview, name="progress_overview"),
    path("progress/<slug:slug>/", progress_views.progress, name="progress"),
    path("plan/<slug:slug>/", plan_views.plan, name="plan"),
    path("plan/<slug:slug>/remove/", plan_views.plan_remove, name="plan_remove"),
    path("calendar/<slug:token>.ics", calendar_feed.calendar_feed, name="calendar_feed"),
    path("mock/", mock_views.setup, name="mock_setup"),
    path("mock/history/", mock_views.history, name="mock_history"),
    path("mock/<id:session_id>/", mock_views.session_page, name="mock_session"),
    path("mock/<id:session_id>/answer/", mock_views.save_answer, name="mock_answer"),
    path("mock/<id:session_id>/reveal/", mock_views.reveal, name="mock_reveal"),
    path("mock/<id:session_id>/rate/", mock_views.rate, name="mock_rate"),
    path("mock/<id:session_id>/next/", mock_views.next_question, name="mock_next"),
    path("mock/<id:session_id>/abandon/", mock_views.abandon, name="mock_abandon"),
    path("mock/<id:session_id>/summary/", mock_views.summary, name="mock_summary"),
    path("mock/<id:session_id>/retry/", mock_views.retry, name="mock_retry"),
    *partner_urls,
    path("spoken/questions/<id:question_id>/", spoken_views.upload, name="spoken_upload"),
    path("spoken/recordings.zip", spoken_views.download, name="spoken_download"),
    path("spoken/<id:answer_id>/", spoken_views.spoken_answer, name="spoken_answer"),
    path("spoken/<id:answer_id>/audio/", spoken_views.audio, name="spoken_audio"),
    path("spoken/<id:answer_id>/delete/", spoken_views.delete, name="spoken_delete"),
    path("spoken/<id:answer_id>/retry/", spoken_views.try_again, name="spoken_retry"),
]
