import os
import posixpath
import sys
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from passerelles.core.privacy import privacy_officer
from passerelles.core.storage import PRIVATE_FOLDER

# What a database that is down, unreachable, full ("too many clients") or whose pool has no
# free connection raises: the page answers 503 and asks to come back, never a 500.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


@never_cache
@require_GET
def health(request):
    """For load balancers and uptime checks: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        response = JsonResponse(
            {"status": "error", "database": "unavailable", "reason": database_error_reason(exc)},
            status=503,
        )
        response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
        return response
    # Still 200 while Redis is away: the site serves, its cache living in the database.
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache_state()})


def cache_state():
    """redis, "database (redis unreachable)" during an outage, or local (in-process memory)."""
    backend = caches["default"]
    if not hasattr(backend, "redis_available"):
        return "local"
    # One real exchange (bounded by the cache's socket timeout) notices an outage or its end.
    backend.get("sante")
    return "redis" if backend.redis_available else "database (redis unreachable)"


def database_error_reason(exc):
    """Why, in a few words an operator reads at a glance; never the server's own message
    (it may name hosts and users)."""
    message = str(exc).lower()
    if "too many clients" in message or "remaining connection slots" in message:
        return "too many connections"
    if "couldn't get a connection" in message or "pool" in message:
        return "no free connection in the pool"
    if "timeout" in message or "timed out" in message:
        return "timed out"
    if "refused" in message or "connection failed" in message or "could not connect" in message:
        return "connection refused"
    if isinstance(exc, InterfaceError):
        return "connection lost"
    return "error"


def database_unavailable(request):
    """The 503 page. Rendered without a request context: no context processor runs, so
    showing it asks nothing of the database that is failing."""
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500. A database error raised in a middleware (the session, the user), before or
    after the view, reaches here rather than DatabaseUnavailableMiddleware: still a 503."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request)


def contact(request):
    return render(
        request,
        "core/contact.html",
        {
            "contact_email": settings.CONTACT_EMAIL,
            "contact_address": settings.CONTACT_ADDRESS,
            "officer": privacy_officer(),
        },
    )


def normalized_media_path(path):
    """The path rooted at MEDIA_ROOT: ".." cannot climb above it, backslashes are slashes."""
    return posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/")


def is_private_media(path):
    """Whether a path asked for under /media/ could reach MEDIA_ROOT/prive/, whatever its tricks.

    Decided on the normalized path, not on the text of the address: "//prive/", "./prive/",
    "%2e/prive/", "avatars/../prive/", "PRIVE/" (for case-insensitive disks), a backslash, a
    second round of percent-encoding, and a link on disk that leads into prive/ are all caught.
    """
    media_root = os.path.realpath(settings.MEDIA_ROOT)
    private_root = os.path.normcase(os.path.join(media_root, PRIVATE_FOLDER))
    for candidate in {path, unquote(path)}:
        normalized = normalized_media_path(candidate)
        if normalized.split("/", 1)[0].rstrip(". ").casefold() == PRIVATE_FOLDER:
            return True
        target = os.path.normcase(os.path.realpath(os.path.join(media_root, normalized)))
        if os.path.commonpath([target, private_root]) == private_root:
            return True
    return False


def development_media(request, path):
    """The development server's /media/: public uploads only (production: deploy/ and nginx).

    The file served is the one the decision was made on (the normalized path); private files
    go out only through the views that check permission.
    """
    if is_private_media(path):
        raise Http404
    return serve(request, normalized_media_path(path), document_root=settings.MEDIA_ROOT)
