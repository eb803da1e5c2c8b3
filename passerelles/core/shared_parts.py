"""Parts of pages that every reader sees alike, kept in the site's cache (issue 16): past the
page cache, members and visitors on a miss then build only what is theirs.

Each part is stored with the page cache's generation (passerelles/core/page_cache.py) and
counts only under it: the generation is bumped on commit of any write to a model the site
shows and after any successful POST, so a part is used only while nothing it shows can have
changed. The generation is read before the part is built, in the same round trip as the parts
and the entries every page reads (read_ahead), and once per request: a write committed
meanwhile leaves what is stored stale at once, since it is stored under the generation read
before. Only when the page cache is on, which keeps that generation; with it
off, every part is built on each request.
"""

from django.conf import settings
from django.core.cache import cache

from passerelles.core import page_cache, read_ahead
from passerelles.core.db_router import reading_primary


def read(keys: list[str]) -> tuple[int | None, dict[str, object]]:
    """The generation to store new parts under (None: do not store), and the parts of `keys`
    stored under it."""
    if not page_cache.enabled():
        return None, {}
    ahead(keys)
    generation = read_ahead.get(page_cache.GENERATION_KEY, keep=True)
    generation = generation or page_cache.current_generation()
    found = {}
    for key in keys:
        entry = read_ahead.get(key)
        if entry is not None and entry[0] == generation:
            found[key] = entry[1]
    return generation, found


def store(generation: int | None, parts: dict[str, object]) -> None:
    if generation is not None and parts:
        cache.set_many(
            {key: (generation, part) for key, part in parts.items()},
            timeout=settings.PAGE_CACHE_SECONDS,
        )


def kept(key: str, build, *, current=None):
    """The part stored under `key` for the current generation (and that `current(part)` finds
    current, when given), else build()'s, then stored (a None is not: an address that finds
    nothing fills no memory). Built from the primary database: a lagging replica's rows would
    stay as long as the part."""
    generation, found = read([key])
    if key in found and (current is None or current(found[key])):
        return found[key]
    if generation is None:
        return build()
    with reading_primary():
        part = build()
    if part is not None:
        store(generation, {key: part})
    return part


def ahead(keys: list[str]) -> None:
    """Bring these parts in the round trip that reads the generation, for a page that knows
    what it will ask before it asks."""
    read_ahead.ahead(with_generation(keys))


def with_generation(keys: list[str]) -> list[str]:
    """What to read ahead for these parts: them, the generation they count under, and the
    entries every page reads; nothing when the page cache is off, which keeps no part."""
    if not page_cache.enabled():
        return []
    return [page_cache.GENERATION_KEY, *keys, *read_ahead.page_keys()]
