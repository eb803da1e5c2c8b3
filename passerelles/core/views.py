import os
import posixpath
from urllib.parse import unquote

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from passerelles.core.storage import PRIVATE_FOLDER


@never_cache
@require_GET
def health(request):
    """For load balancers and uptime checks: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def contact(request):
    return render(
        request,
        "core/contact.html",
        {
            "contact_email": settings.CONTACT_EMAIL,
            "contact_address": settings.CONTACT_ADDRESS,
            "privacy_officer_name": settings.PRIVACY_OFFICER_NAME,
            "privacy_officer_email": settings.PRIVACY_OFFICER_EMAIL,
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
