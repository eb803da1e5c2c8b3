"""What a signed-in member's site home shows of their own — their spaces and unread topics,
their requests and needs, « Quoi de neuf » — read once, then kept in the cache per member
(passerelles/pages/models.py assembles it; this module sits low enough for every app to forget
it).

What the member does shows at once: every write to a row of theirs that these blocks read
forgets their copy (communaute/signals.py, ressources/signals.py, and mark_read's bulk update).
What others do — a new topic or reply in a space they follow, a new service or publication —
shows within HOME_SECONDS, which also bounds a page that read the rows while a write committed:
on a large forum « Quoi de neuf » counts the replies of two weeks, which no page should count
again on every visit. What leaves members' sight — a post or topic hidden by the moderators,
deleted, moved — may not wait that long: it makes every copy stale at once (forget_every_home).

The member's other pages show pieces of the same kind: which spaces they belong to and how
many topics of each they have left unread (the community home), where they stopped in each
topic of a space's list, whether they follow the space, their pending invitations, whether
their profile names a discipline, what they have of a topic page. These are kept too
(member_part), each with the version number of the member's pieces it was read under, which
forget_home bumps and which is read with their session (communaute/authentication.py): a piece
of an older version is read again. What others do shows at once, for each piece is kept under
the page cache's generation too, which any write the site shows bumps
(passerelles/core/shared_parts.py).
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from passerelles.core import page_cache, read_ahead, shared_parts, versions

HOME_SECONDS = 60
# Stored with each copy, bumped when content leaves members' sight: older copies are stale.
SIGHT_KEY = "member-home:sight"


def home_key(member_id: int) -> str:
    return f"member-home:{member_id}"


def cached_home(member_id: int, read: Callable[[], dict]) -> dict:
    """The member's blocks, read only when the cache has none in the page's language (their
    texts are translated as they are read)."""
    key = home_key(member_id)
    language = get_language()
    found = cache.get_many([key, SIGHT_KEY])
    # Read before the blocks, as the page cache reads its generation: content that leaves
    # sight while they are read leaves what is stored below stale at once.
    sight = found.get(SIGHT_KEY) or versions.current(SIGHT_KEY)
    stored = found.get(key)
    if stored is not None and stored["language"] == language and stored.get("sight") == sight:
        return stored["blocks"]
    blocks = read()
    cache.set(key, {"language": language, "sight": sight, "blocks": blocks}, HOME_SECONDS)
    return blocks


def parts_version_key(member_id: int) -> str:
    return f"member-parts-version:{member_id}"


def member_part_key(member_id: int, name: str) -> str:
    """Where a piece is kept. Its key holds no version, so that a page can name it before
    anything is read (read with the member's session: ViewerMiddleware); the piece is kept
    with the member's version of their pieces, which forget_home bumps (member_part)."""
    return f"member-part:{member_id}:{name}"


def member_part_keys(member_id: int | None, names: list[str]) -> list[str]:
    """The keys of these pieces, for a page that reads them with its shared parts
    (read_ahead.declare, shared_parts.ahead); none for a visitor or when the page cache is
    off, which keeps no piece."""
    if member_id is None or not page_cache.enabled():
        return []
    return [member_part_key(member_id, name) for name in names]


def member_part(member_id: int, name: str, read: Callable[[], object]):
    """A piece of a member's page read from their own rows (`name` tells it from the others),
    kept until they or the forum change (above). Off when the page cache is. A page that
    knows its pieces beforehand reads them in one round trip (their member_part_keys)."""
    if not page_cache.enabled():
        return read()
    version_key = parts_version_key(member_id)
    version = read_ahead.get(version_key, keep=True)
    if version is None:
        version = versions.current(version_key)
        read_ahead.remember(version_key, version)
    _version, part = shared_parts.kept(
        member_part_key(member_id, name),
        lambda: (version, read()),
        current=lambda entry: entry[0] == version,
    )
    return part


def forget_home(*member_ids: int) -> None:
    """These members' homes changed: now, and again once the write commits, so that a page
    that read them meanwhile does not keep the old rows."""
    keys = [home_key(member_id) for member_id in member_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys), robust=True)
    for member_id in member_ids:
        _forget_parts(parts_version_key(member_id))


def _forget_parts(version_key: str) -> None:
    read_ahead.discard(version_key)
    versions.bump(version_key)
    transaction.on_commit(lambda: versions.bump(version_key), robust=True)


def forget_every_home() -> None:
    """Content left members' sight (hidden, deleted, moved): once the write commits, no
    member's copy shows it any longer."""
    transaction.on_commit(lambda: versions.bump(SIGHT_KEY), robust=True)


def forget_owners_home(sender, instance, raw=False, **kwargs):
    """A receiver for rows that belong to one member and show on their site home (memberships,
    follows, read states, requests…): each app connects its own models to it."""
    if not raw:
        forget_home(instance.member_id)
