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
their profile names a discipline. These are kept too (member_part), in one entry per member
read with their session (communaute/authentication.py), forgotten with their site home; what
others do shows at once, for each piece is kept under the page cache's generation, which any
write the site shows bumps (passerelles/core/shared_parts.py).
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from passerelles.core import read_ahead, shared_parts, versions

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


def parts_key(member_id: int) -> str:
    return f"member-parts:{member_id}"


def member_part(member_id: int, name: str, read: Callable[[], object]):
    """A piece of a member's page read from their own rows (`name` tells it from the others),
    kept until they or the forum change (above). Off when the page cache is."""
    key = parts_key(member_id)
    generation, found = shared_parts.read([key], keep=True)
    parts = found.get(key, {})
    if name not in parts:
        parts = {**parts, name: read()}
        shared_parts.store(generation, {key: parts})
        # Another piece of the same page finds this one without a second look-up.
        read_ahead.remember(key, (generation, parts))
    return parts[name]


def forget_home(*member_ids: int) -> None:
    """These members' homes changed: now, and again once the write commits, so that a page
    that read them meanwhile does not keep the old rows."""
    keys = [key(member_id) for member_id in member_ids for key in (home_key, parts_key)]
    for key in keys:
        read_ahead.discard(key)
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


def forget_every_home() -> None:
    """Content left members' sight (hidden, deleted, moved): once the write commits, no
    member's copy shows it any longer."""
    transaction.on_commit(lambda: versions.bump(SIGHT_KEY), robust=True)


def forget_owners_home(sender, instance, raw=False, **kwargs):
    """A receiver for rows that belong to one member and show on their site home (memberships,
    follows, read states, requests…): each app connects its own models to it."""
    if not raw:
        forget_home(instance.member_id)
