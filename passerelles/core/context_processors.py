from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, override

from passerelles.core import read_ahead
from passerelles.core.navigation import account_navigation, main_navigation


def site(request):
    # The header's and footer's cached entries, in one round trip (with the member's ones, when
    # the member's row was read ahead; nothing is read twice).
    read_ahead.ahead(read_ahead.page_keys())
    current = get_language()
    path = request.get_full_path() if request is not None else "/"
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "main_navigation": main_navigation(getattr(request, "user", None)),
        # Called only when a template shows the account menu (fragments and emails never do).
        "account_navigation": cache(lambda: account_navigation(getattr(request, "viewer", None))),
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": path if code == current else _translated(request, path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }


def _translated(request, path, code):
    """The page's address in another language: Django's translate_url(), without resolving the
    path a second time when the request already did (a tenth of a millisecond on every page)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return translate_url(path, code)
    query = request.META.get("QUERY_STRING", "")
    try:
        with override(code):
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return path
    return f"{url}?{query}" if query else url
