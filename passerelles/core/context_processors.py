import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.urls import NoReverseMatch, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, override

from passerelles.core.links import kept_reverse
from passerelles.core.navigation import account_navigation, main_navigation


def once(compute):
    """compute()'s value, computed the first time it is asked for and only then: a template
    calls a callable variable. (functools.cache, built three times a page, cost more than
    this.)"""
    computed = []

    def value():
        if not computed:
            computed.append(compute())
        return computed[0]

    return value


def csrf(request):
    """Django's csrf context processor (always run first; this one, listed last, replaces its
    entry) with a cheaper mask: see masked_csrf_token."""
    return {"csrf_token": SimpleLazyObject(lambda: masked_csrf_token(request))}


_CSRF_CHARS = len(CSRF_ALLOWED_CHARS)
_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# A random byte from this value on would favour the first characters of the alphabet.
_CSRF_UNBIASED = 256 - 256 % _CSRF_CHARS


def masked_csrf_token(request):
    """django.middleware.csrf.get_token(request), the same token for the middleware (a random
    mask, then the secret shifted by it), with the mask drawn from one read of the system's
    randomness: Django draws each of its 32 characters apart, 32 reads that cost a member's
    page 40 µs (issue 16). A request without the cookie yet goes Django's way, which makes it."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != CSRF_SECRET_LENGTH or not _CSRF_INDEX.keys() >= set(secret):
        # None yet (or, which the middleware never leaves, not one): Django makes a new one.
        request.META.pop("CSRF_COOKIE", None)
        return get_token(request)
    # As get_token(): the cookie is sent again, to renew its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [byte % _CSRF_CHARS for byte in secrets.token_bytes(48) if byte < _CSRF_UNBIASED]
    mask = mask[:CSRF_SECRET_LENGTH]
    chars, index = CSRF_ALLOWED_CHARS, _CSRF_INDEX
    cipher = "".join(
        chars[(index[char] + shift) % _CSRF_CHARS] for char, shift in zip(secret, mask, strict=True)
    )
    return "".join(chars[shift] for shift in mask) + cipher


def site(request):
    # Each called only when a template shows it (the header; fragments and emails never do).
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "main_navigation": once(lambda: main_navigation(getattr(request, "user", None))),
        "account_navigation": once(lambda: account_navigation(getattr(request, "viewer", None))),
        "language_links": once(lambda: language_links(request)),
    }


def language_links(request):
    current = get_language()
    path = request.get_full_path() if request is not None else "/"
    form_page = _form_page(request) if request is not None else None
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            url = path
        elif form_page:
            url = translate_url(form_page, code)
        else:
            url = _translated(request, path, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def _form_page(request):
    """For a page a POST shows (a form refused, shown again with what was typed), the page that
    held the form, from the Referer when it is this site's: the POST's own address may answer
    nothing else."""
    if request.method in ("GET", "HEAD"):
        return None
    referer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return None
    parts = urlsplit(referer)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _translated(request, path, code):
    """The page's address in another language: Django's translate_url(), without resolving the
    path a second time when the request already did (a tenth of a millisecond on every page)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return translate_url(path, code)
    query = request.META.get("QUERY_STRING", "")
    try:
        with override(code):
            url = kept_reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return path
    return f"{url}?{query}" if query else url
