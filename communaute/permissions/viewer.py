"""The person looking at a page, and what the permissions need to know about them.

A page asks many permissions of the same person (every post of a topic page asks whether they
may edit, flag, see it hidden), and each needs the same few facts: the spaces they belong to
and their role there, whether they moderate, whether they are suspended, which organizations
they represent. A Viewer reads each fact the first time a permission needs it, at most once,
and keeps it on itself, never on the user object: it is built for one request (ViewerMiddleware
sets request.viewer) or for one service call (Viewer.of). Code that writes and then goes on
asking permissions within the same request asks them of a new viewer, as each service does.

A page that only reads takes a member's facts from the cache instead (StoredViewer: one look-up
for all of them, every page a member opens needs some); each write that changes one forgets
them (forget_facts, called from communaute/signals.py and the apps that register facts).

The facts the apps above communaute own come from communaute/hooks/viewer.py.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils import timezone

from communaute.hooks.viewer import compute_fact
from communaute.models import SpaceMembership, Suspension
from communaute.permissions import roles
from passerelles.core import read_ahead

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from communaute.models import Member, Space


class Viewer:
    def __init__(self, user: "Member | AnonymousUser") -> None:
        self.user = user
        self._facts: dict[str, Any] = {}

    @classmethod
    def of(cls, member_or_viewer: "Member | AnonymousUser | Viewer") -> "Viewer":
        """The viewer itself, or a new one for a member: a service handed a Member reads
        the facts afresh, so an earlier write in the same request is never missed."""
        if isinstance(member_or_viewer, Viewer):
            return member_or_viewer
        return cls(member_or_viewer)

    @property
    def pk(self) -> int | None:
        return self.user.pk

    @property
    def is_authenticated(self) -> bool:
        return self.user.is_authenticated

    @property
    def is_active(self) -> bool:
        return self.user.is_active

    @property
    def is_superuser(self) -> bool:
        return self.user.is_superuser

    @cached_property
    def space_roles(self) -> dict[int, str]:
        """{space id: role} for every space this person belongs to."""
        if not self.is_authenticated:
            return {}
        return dict(
            SpaceMembership.objects.filter(member=self.user).values_list("space_id", "role")
        )

    def space_role(self, space: "Space") -> str | None:
        return self.space_roles.get(space.pk)

    @cached_property
    def in_animation_group(self) -> bool:
        if not self.is_authenticated:
            return False
        return self.user.groups.filter(name=roles.ANIMATION).exists()

    @cached_property
    def suspensions(self) -> list[Suspension]:
        """The suspensions not lifted that have not ended yet, the one that ends last first:
        the one in force now, and any that starts later."""
        if not self.is_authenticated:
            return []
        return list(
            Suspension.objects.filter(
                member=self.user, ends_at__gt=timezone.now(), lifted_at__isnull=True
            ).order_by("-ends_at")
        )

    @cached_property
    def active_suspension(self) -> Suspension | None:
        """The suspension in force for this person (the one that ends last), or None."""
        now = timezone.now()
        return next(
            (s for s in self.suspensions if s.starts_at <= now < s.ends_at),
            None,
        )

    def fact(self, name: str) -> Any:
        """A fact registered by an app above communaute (hooks/viewer.py)."""
        if name not in self._facts:
            self._facts[name] = compute_fact(name, self.user)
        return self._facts[name]


# The facts last this long in the cache at most; every write that changes one forgets them at
# once (forget_facts), so the timeout only bounds a page read while that write commits.
FACTS_TIMEOUT = 300


def facts_key(member_id: int) -> str:
    return f"viewer-facts:{member_id}"


def forget_facts(member_id: int) -> None:
    """The member's facts changed: the next page reads them afresh. Forgotten now and again
    once the write commits, so that a page that read them meanwhile does not keep the old ones."""
    read_ahead.forget(facts_key(member_id))


class StoredViewer(Viewer):
    """The viewer of a page that only reads (GET, HEAD): its facts come from the cache, all
    in one look-up, instead of one query each. A fact the cache lacks is read from the
    database when a permission first needs it, as a plain Viewer would, then kept with the
    others: a cold page costs the queries it would have cost without the cache, no more.

    A request that writes gets a plain Viewer, whose facts come from the database: a cached
    fact may at worst show a page as it was a moment before a change commits, never allow a
    write. The writes that change a fact forget them (communaute/signals.py, ressources)."""

    @cached_property
    def _stored(self) -> dict[str, Any]:
        return read_ahead.get(facts_key(self.pk)) or {}

    def _remembered(self, name: str, read: Callable[[], Any]) -> Any:
        stored = self._stored
        if name not in stored:
            stored[name] = read()
            cache.set(facts_key(self.pk), stored, FACTS_TIMEOUT)
        return stored[name]

    @cached_property
    def space_roles(self) -> dict[int, str]:
        return self._remembered("space_roles", lambda: Viewer.space_roles.func(self))

    @cached_property
    def in_animation_group(self) -> bool:
        return self._remembered("in_animation_group", lambda: Viewer.in_animation_group.func(self))

    @cached_property
    def suspensions(self) -> list[Suspension]:
        return self._remembered("suspensions", lambda: Viewer.suspensions.func(self))

    def fact(self, name: str) -> Any:
        return self._remembered(f"fact:{name}", lambda: compute_fact(name, self.user))


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def viewer_of_request(request) -> Viewer:
    """A member's page that only reads has its facts from the cache; the rest, from the
    database."""
    user = request.user
    if user.is_authenticated and request.method in SAFE_METHODS:
        return StoredViewer(user)
    return Viewer(user)


class _Served:
    """The viewer of the request being served. Kept inside an object: asgiref copies the
    context at each switch between the event loop and a thread and asks isinstance() of every
    value, which would build a lazy viewer (a query) on the event loop, where Django refuses
    it; uvicorn then left the request unanswered."""

    __slots__ = ("viewer",)

    def __init__(self, viewer: Viewer):
        self.viewer = viewer


_request_viewer: ContextVar[_Served | None] = ContextVar("request_viewer", default=None)


@contextmanager
def serving(viewer: Viewer) -> Iterator[None]:
    """While a request is served, viewer_for() finds its viewer (set by ViewerMiddleware)."""
    token = _request_viewer.set(_Served(viewer))
    try:
        yield
    finally:
        _request_viewer.reset(token)


def serve_instead(viewer: Viewer) -> None:
    """The request's viewer is now this one (the lazy one resolved: ViewerMiddleware)."""
    served = _request_viewer.get()
    if served is not None:
        served.viewer = viewer


def viewer_for(user) -> Viewer:
    """The request's viewer when `user` is the request's own user object, else a new viewer.

    For code that a framework hands a user without the request: Wagtail asks its page
    permission policy and testers many times for each row of an admin listing, and a new
    viewer for each would read the same facts again every time.
    """
    served = _request_viewer.get()
    if served is not None and served.viewer.user is user:
        return served.viewer
    return Viewer(user)
