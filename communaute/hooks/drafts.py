"""The places where a member writes with the composer and may keep a draft.

A place is "<kind>:<id>" ("reply:42": a reply in topic 42). Each kind is registered once with
the function that finds, among ids, the places a viewer may still write in, with what
« Mes brouillons » shows of them (a name and the address of the composer). The function answers
for many ids at once, so that a page of drafts costs one query per kind, not per draft.
communaute registers its own kinds (communaute/permissions/drafts.py); other apps register
theirs from their AppConfig.ready, as they do for notification kinds.
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.utils.functional import Promise

from communaute.permissions.viewer import Viewer

PLACE_PATTERN = re.compile(r"([a-z][a-z-]{0,30}):([1-9][0-9]{0,17})")


@dataclass(frozen=True)
class DraftTarget:
    name: str
    url: str


@dataclass(frozen=True)
class DraftPlace:
    kind: str
    label: str | Promise
    targets: Callable[[Viewer, Collection[int]], dict[int, DraftTarget]]


_places: dict[str, DraftPlace] = {}


def register_draft_place(
    kind: str,
    label: str | Promise,
    targets: Callable[[Viewer, Collection[int]], dict[int, DraftTarget]],
) -> DraftPlace:
    if kind in _places:
        raise ValueError(f"The draft place {kind!r} is already registered.")
    _places[kind] = DraftPlace(kind, label, targets)
    return _places[kind]


def draft_place(kind: str) -> DraftPlace | None:
    return _places.get(kind)


def place_key(kind: str, target_id: int) -> str:
    if kind not in _places:
        raise ValueError(f"Unknown draft place {kind!r}.")
    return f"{kind}:{target_id}"


def parse_place(text: str) -> tuple[DraftPlace, int] | None:
    """The registered kind and id a place key names, or None for anything else."""
    match = PLACE_PATTERN.fullmatch(str(text))
    if match is None or match.group(1) not in _places:
        return None
    number = int(match.group(2))
    return (_places[match.group(1)], number) if number < 2**63 else None
