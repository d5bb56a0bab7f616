"""`/healthz` for load balancers: 200 while every dependency answers, 503 naming the ones
that do not (the database; the Redis that holds sessions, when REDIS_URL is set). HEAD
answers like GET: some load balancers probe with HEAD.

Signed-in pages keep working from the database while Redis is down (accounts/session_store.py),
so a 503 naming only the cache says "degraded, look at Redis" rather than "take me out"."""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore as CacheStore
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is not reachable")
        return False
    return True


def _session_cache_answers() -> bool:
    try:
        caches[settings.SESSION_CACHE_ALIAS].get("healthz")
    except Exception:
        logger.exception("Health check: the session cache (Redis) is not reachable")
        return False
    return True


def _sessions_use_a_cache() -> bool:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    return issubclass(store, (CacheStore, CachedDBStore))


def _checks() -> dict:
    checks = {"database": _database_answers}
    if _sessions_use_a_cache():
        checks["cache (redis)"] = _session_cache_answers
    return checks


@never_cache
@require_safe
def healthz(request):
    down = [name for name, answers in _checks().items() if not answers()]
    if down:
        body = "".join(f"{name} unavailable\n" for name in down)
        return HttpResponse(body, status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
