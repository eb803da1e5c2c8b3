"""What a signed-in member's site home shows of their own — their spaces and unread topics,
their requests and needs, « Quoi de neuf » — read once, then kept in the cache per member
(passerelles/pages/models.py assembles it; this module sits low enough for every app to forget
it).

What the member does shows at once: every write to a row of theirs that these blocks read
forgets their copy (communaute/signals.py, ressources/signals.py, and mark_read's bulk update).
What others do — a new topic or reply in a space they follow, a new service or publication —
shows within HOME_SECONDS, which also bounds a page that read the rows while a write committed:
on a large forum « Quoi de neuf » counts the replies of two weeks, which no page should count
again on every visit.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

HOME_SECONDS = 60


def home_key(member_id: int) -> str:
    return f"member-home:{member_id}"


def cached_home(member_id: int, read: Callable[[], dict]) -> dict:
    """The member's blocks, read only when the cache has none in the page's language (their
    texts are translated as they are read)."""
    key = home_key(member_id)
    language = get_language()
    stored = cache.get(key)
    if stored is not None and stored["language"] == language:
        return stored["blocks"]
    blocks = read()
    cache.set(key, {"language": language, "blocks": blocks}, HOME_SECONDS)
    return blocks


def forget_home(*member_ids: int) -> None:
    """These members' homes changed: now, and again once the write commits, so that a page
    that read them meanwhile does not keep the old rows."""
    keys = [home_key(member_id) for member_id in member_ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


def forget_owners_home(sender, instance, raw=False, **kwargs):
    """A receiver for rows that belong to one member and show on their site home (memberships,
    follows, read states, requests…): each app connects its own models to it."""
    if not raw:
        forget_home(instance.member_id)
