"""Reads to the replica, writes to the primary, and a writer's next reads to the primary too.

Active when DATABASE_REPLICA_URL is set (settings add the "replica" alias and this router).

- Writes, migrations and everything inside a transaction go to the primary ("default"): a
  transaction reads what it is about to change, and must see its own writes.
- A replica lags a little behind the primary. So that a member who has just posted sees their
  post on the next page, any request that may write (any method but GET, HEAD, OPTIONS, TRACE)
  sets a cookie; while it is valid (REPLICA_PIN_SECONDS), that browser's reads stay on the
  primary. The cookie holds a time only: changing it moves one's own reads, nothing else.
- The cache's fallback table (Django's DatabaseCache, app label "django_cache") is read on the
  primary: a counter or a session must be read where it was just written.
"""

import contextlib
import contextvars
import time

from django.conf import settings
from django.db import connections

ROUTER = "passerelles.core.db_router.PrimaryReplicaRouter"
PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "primary_until"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
PRIMARY_ONLY_APP_LABELS = {"django_cache"}

_pinned_to_primary = contextvars.ContextVar("pinned_to_primary", default=False)


def pinned_to_primary():
    return _pinned_to_primary.get()


@contextlib.contextmanager
def reading_primary():
    """Reads inside go to the primary: for what is kept after it is read (shared_parts), which
    a lagging replica would otherwise keep stale for as long as it is kept."""
    token = _pinned_to_primary.set(True)
    try:
        yield
    finally:
        _pinned_to_primary.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned_to_primary.get() or model._meta.app_label in PRIMARY_ONLY_APP_LABELS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in SAFE_METHODS
        now = time.time()
        try:
            pinned_until = float(request.COOKIES.get(PIN_COOKIE, "0"))
        except ValueError:
            pinned_until = 0.0
        token = _pinned_to_primary.set(writes or now < pinned_until)
        try:
            response = self.get_response(request)
        finally:
            _pinned_to_primary.reset(token)
        if writes and ROUTER in settings.DATABASE_ROUTERS:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{now + seconds:.0f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
