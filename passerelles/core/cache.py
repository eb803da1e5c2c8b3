"""A Redis cache that a Redis outage does not take the site down with.

Django's RedisCache raises ConnectionError on every call while Redis is away, which turns each
page into a 500. This backend instead:

- bounds every exchange with Redis by a short socket timeout (0.25 s unless OPTIONS say
  otherwise), so a server that does not answer costs a page at most that long;
- on a connection error or a timeout, logs it once and serves the call from a table in
  PostgreSQL (core_cache_fallback, read by Django's DatabaseCache) — so sessions, allauth's
  sign-in rate limits and the site's own counters keep working and stay shared by every
  server, instead of vanishing;
- stops asking Redis for RETRY_SECONDS (OPTIONS, default 5), then tries again on the next
  call: when Redis is back, the site uses it again without a restart;
- on coming back, empties its Redis database before using it: it missed the writes and the
  deletions of the outage (a sign-out, an invalidated page), so what it still holds may be
  stale. It empties the fallback table when an outage begins, for the same reason.
"""

import logging
import threading
import time

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FALLBACK_TABLE = "core_cache_fallback"
DEFAULT_SOCKET_TIMEOUT = 0.25
DEFAULT_RETRY_SECONDS = 5.0
FALLBACK_MAX_ENTRIES = 200_000
REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class Outage:
    """What the processes' threads know of one Redis server: Django gives each thread its own
    cache object, but one of them noticing the outage (or the recovery) is enough for all."""

    def __init__(self):
        self.lock = threading.Lock()
        self.since = None  # monotonic time of the failure that opened the outage
        self.retry_at = 0.0


_outages = {}
_outages_lock = threading.Lock()


def outage_of(location):
    with _outages_lock:
        return _outages.setdefault(location, Outage())


_clients = {}
_clients_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis (and its pool lookup) on every call: six per
    page. A redis.Redis over one connection pool is safe to share between threads, so each
    process keeps one per server and reuses it."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        server = self._servers[index]
        options = repr(sorted(self._pool_options.items(), key=lambda item: item[0]))
        client = _clients.get((server, options))
        if client is None:
            with _clients_lock:
                client = _clients.get((server, options))
                if client is None:
                    pool = self._get_connection_pool(write)
                    client = _clients[server, options] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = SharedRedisCacheClient
        fallback_params = {
            key: value for key, value in params.items() if key not in {"OPTIONS", "LOCATION"}
        }
        # Past MAX_ENTRIES, DatabaseCache drops a third of its rows at random: sessions would
        # survive it (PostgreSQL has them), sign-in attempt counts would not.
        fallback_params["OPTIONS"] = {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}
        self.fallback = DatabaseCache(FALLBACK_TABLE, fallback_params)
        self.outage = outage_of(str(server))

    def validate_key(self, key):
        """Redis takes any key. Django's checks are memcached's: warnings, after a look at
        every character of every key on every call, a noticeable share of a member's page,
        which reads ten entries (issue 16, the member's path)."""

    @property
    def redis_available(self):
        return self.outage.since is None

    def _call(self, name, *args, **kwargs):
        if self.outage.since is not None and not self._try_again():
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except REDIS_ERRORS as error:
            self._fail(error)
            return getattr(self.fallback, name)(*args, **kwargs)

    def _fail(self, error):
        outage = self.outage
        with outage.lock:
            starting = outage.since is None
            if starting:
                outage.since = time.monotonic()
            outage.retry_at = time.monotonic() + self.retry_seconds
        if starting:
            logger.error("Redis cache unreachable, using the database until it answers: %s", error)
            # Left by an earlier outage: what changed since is not in it.
            self.fallback.clear()

    def _try_again(self):
        """Once the delay is over, one thread asks Redis again; the others keep to the table.

        On success, Redis is emptied of what it held from before the outage."""
        outage = self.outage
        if time.monotonic() < outage.retry_at or not outage.lock.acquire(blocking=False):
            return False
        try:
            if outage.since is None:  # another thread saw it come back
                return True
            try:
                RedisCache.clear(self)
            except REDIS_ERRORS:
                outage.retry_at = time.monotonic() + self.retry_seconds
                return False
            lasted = time.monotonic() - outage.since
            outage.since = None
        finally:
            outage.lock.release()
        logger.warning("Redis cache answers again after %.1f s; stale entries emptied.", lasted)
        return True

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")
