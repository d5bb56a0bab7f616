"""Header links: "Sign in" brings a visitor back to the page they were on."""

from urllib.parse import urlencode

from django.urls import reverse

# A longer address is not carried through sign-in (it would bloat every header link).
MAX_NEXT_LENGTH = 500


def sign_in_links(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {}  # the header shows these to visitors only
    login_url = reverse("accounts:login")
    signup_url = reverse("accounts:signup")
    path = request.get_full_path()
    # Not back to the account pages themselves (that would loop) nor to the home page.
    if request.path.startswith("/accounts/") or request.path == "/" or len(path) > MAX_NEXT_LENGTH:
        return {"sign_in_url": login_url, "sign_up_url": signup_url}
    query = urlencode({"next": path})
    return {"sign_in_url": f"{login_url}?{query}", "sign_up_url": f"{signup_url}?{query}"}
