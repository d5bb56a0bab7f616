"""The session engine when sessions are read from Redis (`cached_db`, REDIS_URL set): every
session is written through to the database, so while Redis is down the database alone can
serve them. Django's own engine falls back to the database to read a session, but then
raises on the cache write after that read (and on sign-out, and on a check for a free key),
which turned every signed-in request into a 500 when Redis stopped. Here each cache call
that fails is logged and skipped: pages go on working from the database, and `/healthz`
names the cache as down so the load balancer and the operator know.

A sign-out while Redis is down deletes the session from the database but cannot delete
Redis's copy: if Redis comes back with its data (persistence on), that copy signs in again
until it expires, so the README says to flush the sessions' Redis database after an outage.
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        data = self._cache_call("get", self.cache_key)
        if data is not None:
            return data
        row = self._get_session_from_db()
        if row is None:
            return {}
        data = self.decode(row.session_data)
        self._cache_call("set", self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
        return data

    def exists(self, session_key):
        if session_key and self._cache_call("has_key", self.cache_key_prefix + session_key):
            return True
        return super(CachedDBStore, self).exists(session_key)

    def delete(self, session_key=None):
        super(CachedDBStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._cache_call("delete", self.cache_key_prefix + session_key)

    def _cache_call(self, method: str, *args):
        try:
            return getattr(self._cache, method)(*args)
        # Any backend's error (Redis: ConnectionError, TimeoutError): one line per call, not a
        # traceback, as an outage repeats it on every signed-in request.
        except Exception as error:  # noqa: BLE001
            logger.warning(
                "Session cache unavailable (%s: %s): %s skipped, the database serves",
                type(error).__name__,
                error,
                method,
            )
            return None
