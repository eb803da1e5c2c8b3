"""Cache entries a request will need, read in one round trip instead of one each.

Every page a member opens reads three entries of theirs from the cache: their row, the facts
their permissions need and the header's numbers. As three look-ups they were three round trips
to Redis, a large share of a bare page's cost behind the member's middleware (issue 16, the
member's path). Once the member's id is known, `ahead()` reads them all in one; `get()` then
answers each from what was read, once, and asks the cache for anything else.

A value read ahead is only good while nothing in the request changed it: `discard()` drops it,
and the functions that forget these entries call it, so a page that writes (a topic page counts
itself read, which may change the header's numbers) reads the cache again afterwards.

Entries nearly every page reads whoever reads it (the header's and the footer's, cached by the
apps that own them) are registered with `every_page()`: the first of them a page asks for brings
the others in the same round trip, and a member's page reads them with the member's entries
(`page_keys()`). A fragment that shows no header or footer asks for none of them, and pays
nothing.

A view that knows from its address which entries it will read says so (`declare()`): the
member's middleware reads them in the same round trip as the session and the member's own
entries (communaute.middleware.ViewerMiddleware.process_view), so that a member's topic page
asks the cache once, as a visitor's does.

Outside a request's scope (management commands, services called from a worker), `ahead()` does
nothing and `get()` is `cache.get()`.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

_MISSING = object()
# An entry the request has used: asked again, it comes from the cache, and ahead() leaves it.
_TAKEN = object()
_read: ContextVar[dict[str, object] | None] = ContextVar("cache_read_ahead", default=None)
_every_page: list[Callable[[], str]] = []


def every_page(key: Callable[[], str]) -> None:
    """Register an entry every full page reads; `key` gives its key in the current language."""
    _every_page.append(key)


def page_keys() -> list[str]:
    return [key() for key in _every_page]


@contextmanager
def request_scope() -> Iterator[None]:
    """While one request is served (set by ViewerMiddleware): what is read ahead lasts no
    longer."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


def ahead(keys: Iterable[str]) -> None:
    read = _read.get()
    if read is None:
        return
    keys = list(dict.fromkeys(key for key in keys if key not in read))
    if not keys:
        return
    found = cache.get_many(keys)
    for key in keys:
        read[key] = found.get(key, _MISSING)


def get(key: str, *, keep: bool = False):
    """cache.get(key), from what was read ahead when it was (then used up: a second look-up
    goes to the cache, which a write in between may have changed; `keep`: for an entry the
    request reads several times and may read as it was at its start)."""
    read = _read.get()
    if read is None:
        return cache.get(key)
    if key not in read:
        keys = page_keys()
        if key in keys:
            ahead(keys)
    value = read.get(key, _TAKEN)
    if value is _TAKEN:
        return cache.get(key)
    if not keep:
        # Not popped: a later ahead() with this key (the page keys come with every shared
        # part) would read it again for nothing.
        read[key] = _TAKEN
    return None if value is _MISSING else value


def remember(key: str, value) -> None:
    """What the request just stored under `key`, for its next get(key, keep=True)."""
    read = _read.get()
    if read is not None:
        read[key] = value


def forget(key: str) -> None:
    """An entry read ahead whose rows changed: gone from this request, from the cache now, and
    again once the write commits, so that a page that read it meanwhile does not keep it."""
    discard(key)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)


def discard(key: str) -> None:
    read = _read.get()
    if read is not None:
        read.pop(key, None)


def declare(keys_of: Callable[..., Iterable[str]]):
    """Decorator: the entries a view will read, named from its request, the member's id
    (None for a visitor, or while unknown) and the view's arguments:
    keys_of(request, member_id, **kwargs). The view calls it too, for when nobody read them
    ahead (a request that writes, a member this process has not seen yet)."""

    def decorate(view):
        view.read_ahead_keys = keys_of
        return view

    return decorate


def declared(view, request, member_id, kwargs: dict) -> list[str]:
    keys_of = getattr(view, "read_ahead_keys", None)
    return list(keys_of(request, member_id, **kwargs)) if keys_of is not None else []
