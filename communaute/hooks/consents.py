"""The purposes a member consents to, one registration each (Québec's Law 25).

A purpose is a key, a short name, the sentence the member agrees to (French source text,
translated) and, when the site already keeps its state somewhere (a field the pages read), how to
read and write that state. A purpose without them is decided by its latest ConsentRecord alone,
so a future purpose needs nothing but `register_purpose(Purpose(...))`: the privacy centre lists
it, records it and shows its history, and the code that uses it asks `consent_given()`
(communaute/selectors/consents.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communaute.models import Member


@dataclass(frozen=True)
class Purpose:
    key: str
    label: Any  # a lazy translation
    text: Any  # the sentence shown, stored with each decision
    order: int
    # Default for a member who never decided (and no field keeps the state).
    default: bool = False
    is_given: Callable[[Member], bool] | None = None
    # Writes the state where the site reads it; called inside the consent's transaction.
    apply: Callable[[Member, bool], None] | None = None


_purposes: dict[str, Purpose] = {}


def register_purpose(purpose: Purpose) -> Purpose:
    _purposes[purpose.key] = purpose
    return purpose


def get_purpose(key: str) -> Purpose:
    """The registered purpose; KeyError for an unknown key."""
    return _purposes[key]


def purposes() -> list[Purpose]:
    return sorted(_purposes.values(), key=lambda purpose: (purpose.order, purpose.key))
