"""The signed-in member of a page that only reads, from the cache (issue 16, the member's path).

Django reads the member's row on every request: with the connection's health check, two round
trips to PostgreSQL before a page has done anything. A page that only reads (GET, HEAD) takes
the row from the cache instead, kept MEMBER_TIMEOUT seconds at most and forgotten by every save
or deletion of the member (communaute/signals.py), so that a deactivated account, a new password
(which changes the session's hash) or a new name shows on the very next page. A request that
writes reads the row from the database, as Django does: the copy may show a page as it was a
moment before a change commits, never allow a write (the same rule as StoredViewer's facts).

The row comes in one round trip with the other entries every page of the member reads (their
facts, the header's numbers: passerelles/core/read_ahead.py), and with the session itself when
this process has read it before (passerelles/core/sessions.py, ViewerMiddleware).

Both backends only add that look-up; authentication itself is Django's and allauth's.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from communaute.permissions.viewer import facts_key
from communaute.selectors.home import parts_version_key
from passerelles.core import page_cache, read_ahead
from passerelles.core.live import counters_key

MEMBER_TIMEOUT = 300

_reading_only: ContextVar[bool] = ContextVar("reading_only", default=False)


@contextmanager
def reading_only(only_reads: bool) -> Iterator[None]:
    """While a request that only reads is served (set by ViewerMiddleware)."""
    token = _reading_only.set(only_reads)
    try:
        yield
    finally:
        _reading_only.reset(token)


def member_key(member_id) -> str:
    return f"member-row:{member_id}"


def member_entries(member_id) -> list[str]:
    """The cache entries every page of a signed-in member reads: their row, their facts, the
    header's numbers and the page's own entries, read in one round trip; with the page cache,
    the version of the pieces of their pages that are kept and the generation they are kept
    under (selectors.home.member_part)."""
    kept = [parts_version_key(member_id), page_cache.GENERATION_KEY] if page_cache.enabled() else []
    return [
        member_key(member_id),
        facts_key(member_id),
        counters_key(member_id),
        *read_ahead.page_keys(),
        *kept,
    ]


def forget_member(member_id: int) -> None:
    """Forgotten now and again once the write commits, so that a page that read the row
    meanwhile does not keep the old one."""
    read_ahead.forget(member_key(member_id))


class CachedMemberMixin:
    def get_user(self, user_id):
        if not _reading_only.get():
            return super().get_user(user_id)
        key = member_key(user_id)
        read_ahead.ahead(member_entries(user_id))
        user = read_ahead.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, MEMBER_TIMEOUT)
        return user


class MemberBackend(CachedMemberMixin, ModelBackend):
    """Django's ModelBackend (sign-in by username: the admin's createsuperuser accounts)."""


class AllauthMemberBackend(CachedMemberMixin, AuthenticationBackend):
    """allauth's backend (sign-in by email)."""
