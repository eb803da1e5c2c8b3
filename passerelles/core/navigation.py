"""The site's main navigation, filled by each app in its AppConfig.ready().

Core knows no app; an app adds its entry here with the function that finds its address. An entry
whose address cannot be found (its page does not exist yet) is left out, so the header never
carries a dead link. An entry for signed-in members only is left out for visitors, who would
only meet the login page behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


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
                return reverse(url_name)
            except NoReverseMatch:
                return None

    _items[key] = NavItem(
        key=key, label=label, order=order, resolve=resolve, signed_in_only=signed_in_only
    )


def main_navigation(user=None):
    signed_in = user is not None and user.is_authenticated
    entries = []
    for item in sorted(_items.values(), key=lambda entry: entry.order):
        if item.signed_in_only and not signed_in:
            continue
        url = item.resolve()
        if url:
            entries.append({"key": item.key, "label": item.label, "url": url})
    return entries
