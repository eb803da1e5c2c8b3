"""Addresses: absolute ones, for what leaves the site (emails, feeds, the sitemap, links to
copy), and the common start of addresses that lists print by the dozen.

One setting names the public address (SITE_URL; `make run` passes the port it serves on), so
every link that leaves the site follows it, rather than a host guessed from a request or a
default port.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import SafeString


def absolute_url(path: str) -> str:
    """The address of a path on this site ("/communaute/…" → "https://…/communaute/…"); an
    address that is already absolute is returned as it is."""
    if "://" in path:
        return path
    if not path.startswith("/"):
        path = "/" + path
    return settings.SITE_URL + path


def localized_path(path: str, language: str) -> str:
    """A path of the site in its default language ("/communaute/…") as it reads in another
    ("/en/communaute/…"): what is stored once is shown to each reader in theirs."""
    if language == settings.LANGUAGE_CODE:
        return path
    # The unprefixed path resolves only while the default language is active.
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


# For addresses written down at import time (a URLconf's extra_context): read at each use.
absolute_url_lazy = lazy(absolute_url, str)


# Per URL name, language and script prefix: a list shows dozens of topics and faces, and a
# reverse() for each was a noticeable part of its rendering.
_prefixes: dict[tuple[str, str, str], str] = {}


def reversed_prefix(name: str, sample: dict, tail: str) -> str:
    """What reverse(name, kwargs=sample) gives before `tail`: the caller fills in the rest
    itself, as reverse() would have written it."""
    key = (name, translation.get_language(), get_script_prefix())
    prefix = _prefixes.get(key)
    if prefix is None:
        prefix = _prefixes[key] = reverse(name, kwargs=sample).removesuffix(tail)
    return prefix


def cached_reverse(name: str) -> str:
    """reverse(name) for an address without arguments, reversed once per language and script
    prefix (the header's links, on every page)."""
    return reversed_prefix(name, {}, "")


# An id no address holds otherwise: where it lands in a reversed sample, the row's id goes.
_SAMPLE_ID = 987654321
_around_id: dict[tuple, tuple[str, str]] = {}


def reversed_with_id(name: str, pk: int, *, id_name: str = "pk", **fixed: str) -> str:
    """reverse(name, kwargs={id_name: pk, **fixed}), the address around the id reversed once
    per language, script prefix and fixed arguments (a bookmark's, per kind)."""
    before, after = around_id(name, id_name=id_name, **fixed)
    return f"{before}{int(pk)}{after}"


def around_id(name: str, *, id_name: str = "pk", **fixed: str) -> tuple[str, str]:
    """What reverse(name, kwargs={id_name: …, **fixed}) writes before and after the id, in the
    current language and script prefix: for a caller that writes many (a page's posts)."""
    key = (name, id_name, tuple(fixed.items()), translation.get_language(), get_script_prefix())
    around = _around_id.get(key)
    if around is None:
        sample = reverse(name, kwargs={id_name: _SAMPLE_ID, **fixed})
        before, _sample, after = sample.partition(str(_SAMPLE_ID))
        around = _around_id[key] = (before, after)
    return around


# Per address, arguments, namespace instance, language, script prefix and URLconf: a page
# reverses a dozen addresses ({% url %}, the header's), each about 30 µs of Django's resolver
# (issue 16). Bounded: emptied when full, and an argument longer than a slug or a handle (a path
# a client made up, for the language links) is reversed each time rather than kept.
_reversed: dict[tuple, str] = {}
KEPT_REVERSES = 4096
KEPT_ARGUMENT_LENGTH = 100
# A template's literals are safe text.
_PLAIN_TEXT = (str, SafeString)
_PLAIN = (int, *_PLAIN_TEXT)


def kept_reverse(viewname, *, args=(), kwargs=None, current_app=None) -> str:
    """reverse(), remembered when the address is named and every argument is a plain number
    or a short text; anything else (a model instance, a lazy text) is reversed each time."""
    kwargs = kwargs or {}
    if type(viewname) not in _PLAIN_TEXT or any(
        type(value) not in _PLAIN or (type(value) is not int and len(value) > KEPT_ARGUMENT_LENGTH)
        for value in (*args, *kwargs.values())
    ):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        viewname,
        tuple(args),
        tuple(kwargs.items()),
        current_app,
        translation.get_language(),
        get_script_prefix(),
        get_urlconf(),
    )
    url = _reversed.get(key)
    if url is None:
        url = reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
        if len(_reversed) >= KEPT_REVERSES:
            _reversed.clear()
        _reversed[key] = url
    return url


# The functools caches of other modules whose values hold addresses (a menu drawn once, a
# page's controls): emptied with these (holds_addresses).
_caches_holding_addresses = []


def holds_addresses(cached):
    """Decorator, above functools.cache or lru_cache: what it keeps holds addresses of the
    site, forgotten when the URLconf changes (a test's, the benchmark's) as reversals are."""
    _caches_holding_addresses.append(cached)
    return cached


def _forget_prefixes(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _prefixes.clear()
        _around_id.clear()
        _reversed.clear()
        for cached in _caches_holding_addresses:
            cached.cache_clear()


setting_changed.connect(_forget_prefixes, dispatch_uid="reversed_prefixes")
