"""Live updates: pages learn that something changed without reloading.

An event is a poke, never content: its name and a few ids ("a post 812 appeared on topic 12").
The page then asks an ordinary, permission-checked view for what changed, so an event cannot
reveal what its listener may not read, even if the listener lost access after connecting.

- ``publish(channel, event, data)`` sends once the current transaction commits (nothing is
  announced for a write that rolls back). Channels are "<prefix>:<key>": "user:<id>" is a
  member's own channel; the other prefixes are declared by the apps that publish on them.
- ``register_channel(prefix, can_listen)`` says who may listen to "<prefix>:<key>": the stream
  asks once, when it opens.
- ``register_counter(name, count)`` adds a number the header shows (unread notifications,
  unread messages); the state view returns them all and a "counters" event on a member's own
  channel tells their pages to ask again.

passerelles.core never imports the apps: they register here, as they do for search or export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

from passerelles.core import read_ahead

COUNTERS_EVENT = "counters"
# The header's numbers are kept this long in the cache at most: every change that moves them
# calls publish_counters, which forgets them; the timeout only bounds a race with a commit.
COUNTERS_TIMEOUT = 300

_channels: dict[str, Callable[[Any, str], bool]] = {}
_counters: dict[str, Callable[[Any], int]] = {}


def register_channel(prefix: str, can_listen: Callable[[Any, str], bool]) -> None:
    """can_listen(user, key) -> whether this signed-in user may listen to "<prefix>:<key>"."""
    _channels[prefix] = can_listen


def register_counter(name: str, count: Callable[[Any], int]) -> None:
    _counters[name] = count


def user_channel(user_id: int) -> str:
    return f"user:{user_id}"


def can_listen(user: Any, channel: str) -> bool:
    """Whether user may listen to channel; unknown prefixes and other members' own channels
    are refused."""
    prefix, _, key = channel.partition(":")
    if not key or not getattr(user, "is_authenticated", False):
        return False
    if prefix == "user":
        return key == str(user.pk)
    check = _channels.get(prefix)
    return bool(check and check(user, key))


def counters_for(user: Any) -> dict[str, int]:
    return {name: count(user) for name, count in _counters.items()}


def publish(channel: str, event: str, data: dict[str, Any] | None = None) -> None:
    """Announce event on channel after the current transaction commits. data holds ids and
    counts only (JSON), never text written by someone."""
    from passerelles.core.live.broker import get_broker

    payload = {"channel": channel, "event": event, "data": data or {}}
    transaction.on_commit(lambda: get_broker().publish(channel, payload), robust=True)


def counters_key(user_id: int) -> str:
    return f"header-counters:{user_id}"


def cached_counters(user_id: int, count: Callable[[], dict[str, int]]) -> dict[str, int]:
    """The header's numbers as every page of a member shows them: counted once, then read
    from the cache until publish_counters says they changed."""
    key = counters_key(user_id)
    counts = read_ahead.get(key)
    if counts is None:
        counts = count()
        cache.set(key, counts, COUNTERS_TIMEOUT)
    return counts


def forget_counters(user_id: int) -> None:
    """Now and once the write commits: a page counting meanwhile may have read the old rows."""
    read_ahead.forget(counters_key(user_id))


def publish_counters(user_id: int) -> None:
    """Tell a member's open pages that their header's numbers changed."""
    forget_counters(user_id)
    publish(user_channel(user_id), COUNTERS_EVENT)
