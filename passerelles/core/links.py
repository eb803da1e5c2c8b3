"""Absolute addresses, for what leaves the site: emails, feeds, the sitemap, links to copy.

One setting names the public address (SITE_URL; `make run` passes the port it serves on), so
every link that leaves the site follows it, rather than a host guessed from a request or a
default port.
"""

from django.conf import settings
from django.utils.functional import lazy


def absolute_url(path: str) -> str:
    """The address of a path on this site ("/communaute/…" → "https://…/communaute/…"); an
    address that is already absolute is returned as it is."""
    if "://" in path:
        return path
    if not path.startswith("/"):
        path = "/" + path
    return settings.SITE_URL + path


# For addresses written down at import time (a URLconf's extra_context): read at each use.
absolute_url_lazy = lazy(absolute_url, str)
