from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        views.LoginView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done")),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/time-zone/", views.time_zone, name="time_zone"),
    path("profile/reminders/", views.reminders, name="reminders"),
    path("profile/spoken-answers/", views.spoken_answers, name="spoken_answers"),
    path("profile/calendar/new/", views.calendar_feed_new, name="calendar_feed_new"),
    path("profile/calendar/off/", views.calendar_feed_off, name="calendar_feed_off"),
    path("reminders/stop/<str:token>/", views.stop_reminders, name="stop_reminders"),
    path("profile/data.json", views.export_json, name="export_json"),
    path("profile/data.csv", views.export_ratings_csv, name="export_csv"),
    path("delete/", views.delete, name="delete"),
]
