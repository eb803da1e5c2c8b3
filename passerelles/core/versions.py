"""Version numbers kept in the cache (the page cache's generation, the portrait's version):
what is stored under one counts only while it is still the current one, and a write bumps it."""

import time

from django.core.cache import cache


def current(key: str) -> int:
    version = cache.get(key)
    if version is None:
        # A lost number starts from the clock, never from one an old entry may hold.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def bump(key: str) -> int:
    """The new number: every entry stored under an older one is stale from now on."""
    try:
        return cache.incr(key)
    except ValueError:
        version = time.time_ns()
        cache.set(key, version, timeout=None)
        return version
