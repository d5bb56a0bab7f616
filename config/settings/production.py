"""Production: refuses to start without a secret key and allowed hosts. Runs behind a
TLS-terminating proxy that sets X-Forwarded-Proto."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required, env_str

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Links in emails sent without a request (reminders): the address people reach the site at.
# No guess from the host names: a wrong one sends every reminder to a dead link.
SITE_URL = env_str("DJANGO_SITE_URL").strip().rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "Set DJANGO_SITE_URL to the address people reach the site at, e.g. "
        "https://prep.example.com: links in reminder emails start with it."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# Password-reset emails go out over SMTP.
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
# Sign-in throttling locks the connection's address by default: with no proxy in front
# (`make serve`), trusting X-Forwarded-For would let anyone choose their address and escape
# the lockout. Behind proxies, DJANGO_PROXY_COUNT says how many, and the client is the address
# the outermost of them appended to X-Forwarded-For (accounts/client_ip.py).
TRUSTED_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
