"""Private uploads: under MEDIA_ROOT/prive/, never given a public URL.

The development server and the reverse proxy serve /media/ but not /media/prive/ (see
passerelles/urls.py and deploy/nginx/passerelles.conf); such files go out through views that
check permission, then `private_file_response`.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

PRIVATE_FOLDER = "prive"


@deconstructible
class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Follows MEDIA_ROOT (Django clears this cache when the setting changes in tests).
        return os.path.join(settings.MEDIA_ROOT, PRIVATE_FOLDER)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateStorage()


def private_file_response(file, *, filename, content_type, as_attachment):
    """The response that sends a private file, once the view has checked who asks.

    In production (PRIVATE_MEDIA_ACCEL_REDIRECT set, e.g. "/_prive/"), the body is left to
    nginx: an `X-Accel-Redirect` names the file under an `internal` location that only such a
    header reaches, so no worker streams megabytes. Elsewhere (development, tests), Django
    streams the file itself.
    """
    prefix = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    # nginx can only send what lies on its disk: files kept elsewhere (object storage) are
    # streamed by Django whatever the setting says.
    if not prefix or not isinstance(file.storage, FileSystemStorage):
        return FileResponse(
            file.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    # Quoted: nginx decodes the header before it looks the file up.
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(file.name)
    return response
