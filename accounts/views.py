"""Sign-up, profile, data download and account deletion; Django's auth views do the rest."""

import copy
import json

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.downloads import attachment
from common.redirects import safe_next

from .data import delete_account, export_csv, export_data, profile_counts
from .forms import (
    DeleteAccountForm,
    EmailForm,
    PasswordChangeForm,
    SignInForm,
    SignUpForm,
    TimeZoneForm,
)
from .lockout import lift_lockout
from .middleware import remember_time_zone
from .models import Preferences, preferences_for

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
def time_zone(request):
    """The profile's time-zone form: its own POST, so it needs no password."""
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        zone = form.cleaned_data["time_zone"]
        Preferences.objects.update_or_create(user=request.user, defaults={"time_zone": zone})
        remember_time_zone(request, zone)
        messages.success(request, f"Your time zone is saved: {zone}.")
        return redirect("accounts:profile")
    # Refused: nothing is saved, and the page shows the form with its error.
    return _profile_page(
        request, email_form=EmailForm(instance=request.user, request=request), time_zone_form=form
    )


def _profile_page(request, *, email_form, time_zone_form=None):
    user = request.user
    if time_zone_form is None:
        time_zone_form = TimeZoneForm(initial={"time_zone": preferences_for(user).time_zone})
    context = {
        "email_form": email_form,
        "time_zone_form": time_zone_form,
        "data_counts": profile_counts(user),
    }
    refused = email_form.errors or time_zone_form.errors
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


@login_required
@require_GET
def export_json(request):
    response = HttpResponse(
        json.dumps(export_data(request.user), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = _attachment(request.user, "json")
    return response


@login_required
@require_GET
def export_ratings_csv(request):
    response = HttpResponse(export_csv(request.user), content_type="text/csv; charset=utf-8")
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
