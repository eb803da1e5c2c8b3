"""Sessions kept in the cache and in PostgreSQL (Django's cached_db), read in the same round trip
as the member's entries when the session's owner is already known (issue 16, the member's path).

A signed-in member's page used to ask the cache twice before doing anything: the session first,
to learn who they are, then their row, facts and header numbers (communaute/authentication.py).
A session key belongs to one member for its whole life (Django gives a new key on signing in and
on signing out), so once a process has read a session it remembers whose it was: on the next
page, ViewerMiddleware reads the session with that member's entries in one look-up. The memory
is only a guess of which entries to read ahead; who is signed in is still what the session says.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db

from passerelles.core import read_ahead

# Sessions whose owner this process knows (session key → member id); emptied when full.
KNOWN_OWNERS = 10_000
_owners: dict[str, str] = {}


def known_owner(session) -> tuple[str, str] | None:
    """(the session's cache key, its owner's id) when this process read it before."""
    if not isinstance(session, SessionStore):
        return None
    key = session.session_key
    owner = _owners.get(key) if key else None
    return (session.cache_key, owner) if owner else None


class SessionStore(cached_db.SessionStore):
    def load(self):
        if settings.SESSION_CACHE_ALIAS != "default":  # read_ahead reads the default cache
            return super().load()
        try:
            data = read_ahead.get(self.cache_key)
        except Exception:  # as Django's: a backend may refuse the key
            data = None
        if data is None:
            data = self._load_from_database()
        owner = data.get(SESSION_KEY)
        if owner:
            if len(_owners) >= KNOWN_OWNERS:
                _owners.clear()
            _owners[self.session_key] = owner
        return data

    def _load_from_database(self):
        """Django's cached_db path after a miss, without asking the cache a second time."""
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        return data
