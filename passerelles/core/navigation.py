"""The site's main navigation and the account menu, filled by each app in its AppConfig.ready().

Core knows no app; an app adds its entry here with the function that finds its address. An entry
whose address cannot be found (its page does not exist yet) is left out, so the header never
carries a dead link. An entry for signed-in members only is left out for visitors, who would
only meet the login page behind it.

The account menu lists a member's own pages (their requests, their needs, the services they
manage); an entry that only some members may use carries `visible(viewer)`, a permission of its
app asked of the request's Viewer, so the template decides nothing.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, get_script_prefix
from django.utils.translation import get_language

from passerelles.core.links import cached_reverse, holds_addresses


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    order: int
    resolve: Callable[[], str | None]
    signed_in_only: bool = False


_items: dict[str, NavItem] = {}


def register(key, label, order, *, url_name=None, resolve=None, signed_in_only=False):
    if resolve is None:

        def resolve():
            try:
                return cached_reverse(url_name)
            except NoReverseMatch:
                return None

    _label.cache_clear()
    _items[key] = NavItem(
        key=key, label=label, order=order, resolve=resolve, signed_in_only=signed_in_only
    )


@functools.lru_cache(maxsize=256)
def _label(language, menu, key):
    """An entry's label (a lazy translation) as text, translated once per language (and
    registration): the header shows fifteen on every page."""
    return str((_items if menu == "main" else _account_links)[key].label)


def main_navigation(user=None):
    signed_in = user is not None and user.is_authenticated
    language = get_language()
    entries = []
    for item in sorted(_items.values(), key=lambda entry: entry.order):
        if item.signed_in_only and not signed_in:
            continue
        url = item.resolve()
        if url:
            label = _label(language, "main", item.key)
            entries.append({"key": item.key, "label": label, "url": url})
    return entries


@dataclass(frozen=True)
class AccountLink:
    key: str
    label: str
    order: int
    url_name: str
    visible: Callable[[object], bool] | None = None


_account_links: dict[str, AccountLink] = {}


def register_account_link(key, label, order, *, url_name, visible=None):
    _label.cache_clear()
    _account_links[key] = AccountLink(
        key=key, label=label, order=order, url_name=url_name, visible=visible
    )
    _ordered_account_links.cache_clear()
    _account_entries.cache_clear()


def account_navigation(viewer=None):
    """The account menu's entries for this Viewer: none for a visitor. The entries are shared
    by every member shown the same ones: read them, never change them."""
    if viewer is None or not viewer.is_authenticated:
        return ()
    shown = tuple(
        link.visible is None or bool(link.visible(viewer)) for link in _ordered_account_links()
    )
    return _account_entries(get_language(), get_script_prefix(), shown)


@functools.cache
def _ordered_account_links():
    return tuple(sorted(_account_links.values(), key=lambda entry: entry.order))


@holds_addresses
@functools.lru_cache(maxsize=64)
def _account_entries(language, script_prefix, shown):
    """The entries for a language, script prefix and the links the member may see (`shown`,
    in order): built once each, not for every page a member opens."""
    entries = []
    for link, visible in zip(_ordered_account_links(), shown, strict=True):
        if not visible:
            continue
        try:
            url = cached_reverse(link.url_name)
        except NoReverseMatch:
            continue
        label = _label(language, "account", link.key)
        entries.append({"key": link.key, "label": label, "url": url})
    return tuple(entries)
