"""What a member may set aside (« Mettre de côté »): each app registers its kinds.

communaute registers posts and topics (communaute/selectors/bookmarks.py); ressources
registers services and needs from its AppConfig.ready. A kind says how to find, in one query
for a whole page, which of some ids this reader may still see, with a title and an address:
a bookmark is only ever shown, or reminded, while its object is visible to its member.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.utils.functional import Promise

from communaute.permissions.viewer import Viewer


@dataclass(frozen=True)
class BookmarkTarget:
    title: str
    url: str
    # A post's reminder names its topic and its number as facts, not as this title: the
    # scheduler writes it in French, and the member may read it in English.
    name: str = ""
    position: int | None = None


@dataclass(frozen=True)
class BookmarkKind:
    kind: str
    # The label of the group on the « Mis de côté » page (« Messages », « Besoins »...).
    label: str | Promise
    # The objects among these ids that this reader may see: {id: target}.
    visible: Callable[[Viewer, Collection[int]], dict[int, BookmarkTarget]]


_kinds: dict[str, BookmarkKind] = {}


def register_bookmark_kind(
    kind: str,
    label: str | Promise,
    visible: Callable[[Viewer, Collection[int]], dict[int, BookmarkTarget]],
) -> BookmarkKind:
    if not kind or len(kind) > 32:
        raise ValueError(f"A bookmark kind needs 1 to 32 characters: {kind!r}")
    registered = BookmarkKind(kind=kind, label=label, visible=visible)
    _kinds[kind] = registered
    return registered


def get_bookmark_kind(kind: str) -> BookmarkKind | None:
    return _kinds.get(kind)


def bookmark_kinds() -> list[BookmarkKind]:
    return list(_kinds.values())
