"""Whole pages for anonymous visitors, kept in the site's cache (issue 16).

What is served from it: a GET or HEAD from a browser that carries no session cookie (so nobody
is signed in and no message waits in the session), no messages cookie, no replica pin (it has
just written), no htmx header, to an address outside the accounts, admin, CMS, live and files
areas, whose query string holds only the pages' own parameters (QUERY_PARAMETERS: pagination,
search, filters; anything else, `utm_source` included, bypasses the cache rather than fill it).

What is stored: a 200 answer to such a GET that sets no cookie (a page that asked for a CSRF
token sets one, so pages with forms for visitors are never stored: a visitor without
JavaScript posts them with the token of their own page), says nothing against caching in
Cache-Control, and varies on nothing but Cookie and Accept-Language. Its headers are kept
(the CSP is a fixed policy without nonces, so a stored one stays true), plus
`Cache-Control: no-cache` (browsers ask again: freshness is decided here) and X-Page-Cache.

Keys: language, scheme, host, path and the sorted query string. Freshness: one generation
number for the whole site, stored beside the pages; an entry holds the generation it was
rendered under and counts only while it is still the current one. The generation is bumped
after the commit of any write to a model shown on public pages (signals, `connect_signals`),
and after any successful POST (PUT, PATCH, DELETE), which also covers the services' bulk
`update()` calls that send no signal. One number rather than one per area: the site home shows
conversations, the footer organizations and Wagtail pages, so nearly every write changes some
page of every area. PAGE_CACHE_SECONDS (300 by default) bounds what nothing bumps (relative
dates, « il y a 5 minutes »). PAGE_CACHE=0 turns it all off.

A hit reads both the generation and the page in one round trip (get_many) before the session,
authentication, messages, Wagtail's site lookup or any query. Each process also keeps its own
copies (LocalCopies): the pages it served lately, up to PAGE_CACHE_LOCAL_BYTES, and the
generation, trusted for PAGE_CACHE_LOCAL_SECONDS (1 by default) before it asks the shared cache
again. Within that second a hit makes no round trip at all: the round trip to Redis was most of
a hit's cost under load. The price: a write made in another process reaches visitors served by
this one up to that long later; a write made here, at once (bump_now updates the copy).
PAGE_CACHE_LOCAL_SECONDS=0 turns the copies off.
"""

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.translation import get_language_from_path

from passerelles.core import versions
from passerelles.core.db_router import PIN_COOKIE

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
READ_METHODS = {"GET", "HEAD"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Private, per member, or interactive: never stored, and no lookup spent on them. robots.txt
# and the sitemap sit outside the language prefixes: their language comes from the browser.
SKIPPED_PATH = re.compile(
    r"^/(?:(?:en/)?(?:admin|cms|comptes|direct|sante|static|media|documents|contact)(?:/|$)"
    r"|robots\.txt|sitemap\.xml)"
)
VARY_ALLOWED = {"cookie", "accept-language", "accept-encoding"}
CACHE_CONTROL_REFUSED = ("private", "no-store", "no-cache")
MAX_QUERY_LENGTH = 512

# Models whose rows show on no public page (private, per member, or bookkeeping): their writes
# keep the stored pages.
UNSHOWN_MODELS = {
    "communaute.notification",
    "communaute.readstate",
    "communaute.newsvisit",
    "communaute.emaildelivery",
    "communaute.emailpreference",
    "communaute.consentrecord",
    "communaute.draft",
    "communaute.bookmark",
    "communaute.topicsubscription",
    "communaute.spacesubscription",
    "communaute.conversation",
    "communaute.conversationparticipant",
    "communaute.privatemessage",
    "communaute.confidentialityincident",
    "communaute.confidentialityincidentversion",
    "communaute.block",
    "ressources.organizationfollow",
    "ressources.accessrequest",
    "ressources.accessrequestevent",
    "core.cachefallbackentry",
    "core.scheduledjob",
}
SHOWN_APPS = {
    "communaute",
    "ressources",
    "pages",
    "core",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
}


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


class LocalCopies:
    """One process's copies of the generation and of the pages it served lately (least
    recently used first out), shared by its threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.pages = OrderedDict()
        self.size = 0
        self.generation = None
        self.trusted_until = 0.0

    def trusted_generation(self):
        """The generation, while it is recent enough to be believed without asking."""
        if time.monotonic() < self.trusted_until:
            return self.generation
        return None

    def remember_generation(self, generation) -> None:
        seconds = settings.PAGE_CACHE_LOCAL_SECONDS
        if seconds > 0:
            self.generation = generation
            self.trusted_until = time.monotonic() + seconds

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
        return entry if entry is not None and fresh(entry) else None

    def put(self, key, entry) -> None:
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0:
            return
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = entry_size(entry)
        if size > limit:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= entry_size(old)
            self.pages[key] = entry
            self.size += size
            while self.size > limit:
                _key, dropped = self.pages.popitem(last=False)
                self.size -= entry_size(dropped)


def fresh(entry) -> bool:
    """An entry carries its own end of life, so that a copy lives no longer than the original."""
    return time.time() < entry[1]


def entry_size(entry) -> int:
    _generation, _expires, _status, headers, content = entry
    return len(content) + sum(len(name) + len(value) for name, value in headers)


local_copies = LocalCopies()


def current_generation() -> int:
    return versions.current(GENERATION_KEY)


def bump_now() -> None:
    local_copies.remember_generation(versions.bump(GENERATION_KEY))


def bump() -> None:
    """Every stored page is stale once the current transaction commits."""
    if enabled():
        transaction.on_commit(bump_now, robust=True)


def page_key(request) -> str | None:
    """None when the request must not be answered from the cache."""
    if request.method not in READ_METHODS:
        return None
    meta = request.META
    if "HTTP_HX_REQUEST" in meta or "HTTP_AUTHORIZATION" in meta:
        return None
    if "HTTP_COOKIE" in meta:
        cookies = request.COOKIES
        if (
            settings.SESSION_COOKIE_NAME in cookies
            or CookieStorage.cookie_name in cookies
            or PIN_COOKIE in cookies
        ):
            return None
    # What the key depends on besides: the same address asked again (nearly every hit) finds
    # its key without parsing the query, checking the host and hashing again, a fifth of a
    # hit's time in Django.
    address = (
        request.scheme,
        meta.get("HTTP_X_FORWARDED_HOST"),
        meta.get("HTTP_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
        request.path,
        request.path_info,
        meta.get("QUERY_STRING", ""),
    )
    try:
        return _known_keys[address]
    except KeyError:
        pass
    key = _address_key(request)
    # Only keys are kept, and only for addresses of a page's length: what is refused, or
    # longer (anything a client makes up), is worked out again rather than filling memory.
    if key is not None and len(request.path) + len(address[-1]) <= MAX_QUERY_LENGTH:
        if len(_known_keys) >= KNOWN_KEYS:
            _known_keys.clear()
        _known_keys[address] = key
    return key


# Addresses whose key is known, per process; emptied when full.
KNOWN_KEYS = 10_000
_known_keys: dict[tuple, str] = {}


def _address_key(request) -> str | None:
    if SKIPPED_PATH.match(request.path_info):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH or not set(request.GET).issubset(
        settings.PAGE_CACHE_QUERY_PARAMETERS
    ):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    normalized = "&".join(sorted(query.split("&"))) if query else ""
    address = f"{request.scheme}://{host}{request.path}?{normalized}"
    # "2": entries carry their end of life since LocalCopies; older ones are left to expire.
    return f"pagecache:{language}:2:{hashlib.sha256(address.encode()).hexdigest()}"


def _forget_keys(setting, **kwargs):
    _known_keys.clear()


setting_changed.connect(_forget_keys, dispatch_uid="page_cache_known_keys")


def storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    if any(word in response.get("Cache-Control", "") for word in CACHE_CONTROL_REFUSED):
        return False
    vary = {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", ""))}
    if not vary - {""} <= VARY_ALLOWED:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def from_entry(request, entry) -> HttpResponse:
    _generation, _expires, status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


PRIVATE_WRITE = "page_cache_private_write"


def private_write(view):
    """For a view that writes only what no page shows to others, and never more (a draft saved
    while typing, a preview): its POSTs leave the stored pages and kept parts alone, where any
    other successful POST makes them all stale. A draft saved every few seconds while someone
    types would otherwise empty the cache of the whole site as often."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        setattr(response, PRIVATE_WRITE, True)
        return response

    return wrapped


class PageCacheMiddleware:
    """Placed before the session middleware, so that a hit costs one cache round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        key = page_key(request)
        if key is None:
            response = self.get_response(request)
            writes = request.method in WRITE_METHODS and response.status_code < 400
            if writes and not getattr(response, PRIVATE_WRITE, False):
                bump_now()
            return response
        generation = local_copies.trusted_generation()
        if generation is not None:
            entry = local_copies.get(key)
            if entry is not None and entry[0] == generation:
                return from_entry(request, entry)
            entry = cache.get(key)
        else:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            entry = found.get(key)
            if generation is None:
                generation = current_generation()
            local_copies.remember_generation(generation)
        if entry is not None and entry[0] == generation and fresh(entry):
            local_copies.put(key, entry)
            return from_entry(request, entry)
        # Read before rendering: a write committed meanwhile leaves this entry stale at once.
        response = self.get_response(request)
        if storable(request, response):
            patch_cache_control(response, no_cache=True)
            headers = [
                (name, value) for name, value in response.items() if name.lower() != "set-cookie"
            ]
            seconds = settings.PAGE_CACHE_SECONDS
            entry = (
                generation,
                time.time() + seconds,
                response.status_code,
                headers,
                response.content,
            )
            cache.set(key, entry, timeout=seconds)
            local_copies.put(key, entry)
            response[HEADER] = "miss"
        return response


def bump_on_change(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    meta = sender._meta
    if meta.app_label not in SHOWN_APPS or meta.label_lower in UNSHOWN_MODELS:
        return
    # Signing in saves last_login only: no page shows it.
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    bump()


def bump_after_migrate(sender, **kwargs):
    """A deploy migrates: what was stored before it (pages, and parts holding model instances
    pickled with the old code's fields) counts no longer."""
    if enabled():
        bump_now()


def connect_signals(core_app) -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(bump_on_change, dispatch_uid=f"page_cache_{id(signal)}")
    # Once per migrate (post_migrate is sent once per app).
    post_migrate.connect(bump_after_migrate, sender=core_app, dispatch_uid="page_cache_deploy")
