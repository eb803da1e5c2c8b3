"""Facts about the person looking that the apps above communaute own, for its Viewer.

communaute cannot import ressources (who represents which organization) nor the editorial pages
(who edits); they register each fact here by name in their AppConfig.ready():
`register_fact(name, compute, anonymous=...)`, where `compute(member)` reads the database for a
signed-in member and `anonymous` is the value for a visitor, who costs no query. A Viewer
computes each fact the first time a permission asks for it, and keeps it for the request.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from communaute.models import Member


@dataclass(frozen=True)
class Fact:
    compute: Callable[["Member"], Any]
    anonymous: Any


_facts: dict[str, Fact] = {}


def register_fact(name: str, compute: Callable[["Member"], Any], *, anonymous: Any) -> None:
    _facts[name] = Fact(compute=compute, anonymous=anonymous)


def compute_fact(name: str, user: "Member | AnonymousUser") -> Any:
    """The fact for this person, read from the database. A name nobody registered raises
    KeyError: a missing registration fails loudly instead of refusing in silence."""
    fact = _facts[name]
    if not user.is_authenticated:
        return fact.anonymous
    return fact.compute(user)
