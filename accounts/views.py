"""Sign-up, profile, data download and account deletion; Django's auth views do the rest."""

import copy

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.downloads import attachment, in_blocks
from common.redirects import safe_next

from .data import (
    csv_download,
    delete_account,
    json_download,
    preferences_changed,
    profile_counts,
)
from .forms import (
    DeleteAccountForm,
    EmailForm,
    PasswordChangeForm,
    ReminderForm,
    SignInForm,
    SignUpForm,
    SpokenAnswersForm,
    TimeZoneForm,
)
from .lockout import lift_lockout
from .middleware import remember_time_zone
from .models import (
    Preferences,
    new_calendar_token,
    preferences_for,
    user_id_from_stop_token,
)

User = get_user_model()


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return HttpResponseRedirect(safe_next(request, "/"))
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                Preferences.objects.create(user=user, time_zone=form.cleaned_data["time_zone"])
        except IntegrityError:
            # Someone took the name between the form's check and the save.
            form.add_error("username", form.instance.unique_error_message(User, ["username"]))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {user.username}! Your account is ready.")
            return HttpResponseRedirect(safe_next(request, "/"))
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": safe_next(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    # A copy, so that a refused change does not show on the page as if it were saved.
    email_form = EmailForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(user),
        request=request,
    )
    if request.method == "POST" and email_form.is_valid():
        email_form.save()
        if user.email and user.email != email_form.instance.email:
            _tell_old_address(request, user.email, email_form.instance)
        messages.success(request, "Your email address is saved.")
        return redirect("accounts:profile")
    return _profile_page(request, email_form=email_form)


@login_required
@require_POST
def spoken_answers(request):
    """The profile's retention setting of recordings; a lower number applies at once."""
    form = SpokenAnswersForm(request.POST)
    if form.is_valid():
        kept = form.cleaned_data["spoken_answers_kept"]
        Preferences.objects.update_or_create(
            user=request.user, defaults={"spoken_answers_kept": kept}
        )
        preferences_changed(request.user)
        messages.success(request, "Your choice of recordings to keep is saved.")
        return redirect(reverse("accounts:profile") + "#spoken-answers")
    return _profile_page(request, spoken_form=form)


@login_required
@require_POST
def time_zone(request):
    """The profile's time-zone form: its own POST, so it needs no password."""
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        zone = form.cleaned_data["time_zone"]
        with transaction.atomic():
            Preferences.objects.update_or_create(user=request.user, defaults={"time_zone": zone})
            # What apps count per local day is counted again in the new zone.
            preferences_changed(request.user)
        remember_time_zone(request, zone)
        messages.success(request, f"Your time zone is saved: {zone}.")
        return redirect("accounts:profile")
    # Refused: nothing is saved, and the page shows the form with its error.
    return _profile_page(request, time_zone_form=form)


@login_required
@require_POST
def reminders(request):
    """The profile's reminder form: on or off, and the local time to send after."""
    form = ReminderForm(
        request.POST, user=request.user, zone=preferences_for(request.user).time_zone
    )
    if form.is_valid():
        on, at = form.cleaned_data["reminders"], form.cleaned_data["reminder_time"]
        Preferences.objects.update_or_create(
            user=request.user, defaults={"reminders": on, "reminder_time": at}
        )
        if on:
            messages.success(
                request,
                f"Reminders are on: an email on days with something to do, after {at:%H:%M}.",
            )
        else:
            messages.success(request, "Reminders are off.")
        return redirect("accounts:profile")
    return _profile_page(request, reminder_form=form)


@login_required
@require_POST
def calendar_feed_new(request):
    """Turns the calendar feed on, or gives it a new secret link that revokes the old one."""
    had_feed = bool(preferences_for(request.user).calendar_token)
    Preferences.objects.update_or_create(
        user=request.user, defaults={"calendar_token": new_calendar_token()}
    )
    if had_feed:
        messages.success(
            request, "Your calendar feed has a new link; the old one no longer works."
        )
    else:
        messages.success(request, "Your calendar feed is on: add its link to your calendar app.")
    return redirect(reverse("accounts:profile") + "#calendar-feed")


@login_required
@require_POST
def calendar_feed_off(request):
    Preferences.objects.filter(user=request.user).update(calendar_token=None)
    messages.success(request, "Your calendar feed is off; its link no longer works.")
    return redirect(reverse("accounts:profile") + "#calendar-feed")


@require_http_methods(["GET", "POST"])
def stop_reminders(request, token):
    """The "stop" link of a reminder email, signed so that it needs no sign-in. GET only shows
    a button (mail scanners open links); its POST turns the reminders off."""
    user_id = user_id_from_stop_token(token)
    preferences = Preferences.objects.filter(user_id=user_id).first() if user_id else None
    if preferences is None:
        return render(request, "accounts/reminders_stop.html", {"broken": True}, status=400)
    if request.method == "POST":
        Preferences.objects.filter(pk=preferences.pk).update(reminders=False)
        return redirect("accounts:stop_reminders", token=token)
    return render(request, "accounts/reminders_stop.html", {"preferences": preferences})


def _feed_links(request, token: str | None) -> dict:
    """The calendar feed's address to copy (absolute, https in production) and as webcal://,
    which calendar apps open as a subscription."""
    if not token:
        return {}
    url = request.build_absolute_uri(reverse("practice:calendar_feed", args=[token]))
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


def _profile_page(
    request, *, email_form=None, time_zone_form=None, reminder_form=None, spoken_form=None
):
    user = request.user
    preferences = preferences_for(user)
    if email_form is None:
        email_form = EmailForm(instance=user, request=request)
    if time_zone_form is None:
        time_zone_form = TimeZoneForm(initial={"time_zone": preferences.time_zone})
    if reminder_form is None:
        reminder_form = ReminderForm(
            initial={
                "reminders": preferences.reminders,
                "reminder_time": preferences.reminder_time,
            },
            user=user,
            zone=preferences.time_zone,
        )
    if spoken_form is None:
        spoken_form = SpokenAnswersForm(
            initial={"spoken_answers_kept": preferences.spoken_answers_kept}
        )
    context = {
        "spoken_form": spoken_form,
        "email_form": email_form,
        "time_zone_form": time_zone_form,
        "reminder_form": reminder_form,
        "preferences": preferences,
        "data_counts": profile_counts(user),
        **_feed_links(request, preferences.calendar_token),
    }
    refused = (
        email_form.errors or time_zone_form.errors or reminder_form.errors or spoken_form.errors
    )
    return render(request, "accounts/profile.html", context, status=400 if refused else 200)


def _attachment(user, extension) -> str:
    """Content-Disposition for a download named after the user (any username)."""
    day = f"{timezone.localdate():%Y-%m-%d}"
    name = f"interview-prep-{user.username}-{day}.{extension}"
    return attachment(name, fallback=f"interview-prep-{day}.{extension}")


def _tell_old_address(request, old_email, user):
    """Whoever changed the address knew the password; if it was not the owner, the old
    address is where the owner still reads their mail."""
    body = render_to_string(
        "accounts/email_changed_email.txt",
        {"user": user, "profile_url": request.build_absolute_uri(reverse("accounts:profile"))},
    )
    send_mail("Your Interview Prep email address was changed", body, None, [old_email])


# Streamed: a heavy user's download is tens of megabytes, built and sent in blocks.
@login_required
@require_GET
def export_json(request):
    response = StreamingHttpResponse(
        in_blocks(json_download(request.user)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = _attachment(request.user, "json")
    return response


@login_required
@require_GET
def export_ratings_csv(request):
    response = StreamingHttpResponse(
        in_blocks(csv_download(request.user)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _attachment(request.user, "csv")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, "Your account and all your practice data have been deleted.")
        return redirect("guide:list")
    return render(
        request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200
    )


class RefusedFormIs400:
    """Django's auth views answer a refused form with 200; say 400, like every other form."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LoginView(RefusedFormIs400, auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(RefusedFormIs400, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


class PasswordResetView(RefusedFormIs400, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"


class PasswordResetConfirmView(RefusedFormIs400, auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # The lockout page sends people here: once they prove who they are, let them in.
        response = super().form_valid(form)
        lift_lockout(form.user.get_username())
        return response
