"""Private uploads: never given a public URL, served only through views that check permission.

Where they live is STORAGES["private"]:
- on disk (the default), under MEDIA_ROOT/prive/: the development server and the reverse proxy
  serve /media/ but not /media/prive/ (see passerelles/urls.py and
  deploy/nginx/passerelles.conf); private_file_response hands the sending to nginx;
- on S3-compatible object storage (AWS_STORAGE_BUCKET_NAME set), under the prive/ prefix, or in
  AWS_PRIVATE_STORAGE_BUCKET_NAME, stored without a public ACL: the view that checked
  permission redirects to a presigned URL valid AWS_PRIVATE_URL_SECONDS (private_download_url).

Models hold `private_storage`, which hands every call to STORAGES["private"] as it is when
called, so that the field (and its migration) stays the same whatever the settings.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

PRIVATE_FOLDER = "prive"
PRIVATE_ALIAS = "private"


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Follows MEDIA_ROOT (Django clears this cache when the setting changes in tests).
        return os.path.join(settings.MEDIA_ROOT, PRIVATE_FOLDER)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


@deconstructible(path="passerelles.core.storage.PrivateStorage")
class PrivateStorage(Storage):
    """STORAGES["private"], looked up at each call; never a public URL."""

    @property
    def backend(self):
        return storages[PRIVATE_ALIAS]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def size(self, name):
        return self.backend.size(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def path(self, name):
        return self.backend.path(name)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateStorage()


def private_download_url(name, *, filename, content_type, as_attachment):
    """A short-lived signed address for a private file in object storage; None on disk.

    Call it only once permission is checked. The object store answers with the name and type
    decided here (never the member's guess), as the site's own response would.
    """
    backend = storages[PRIVATE_ALIAS]
    if isinstance(backend, FileSystemStorage):
        return None
    return backend.url(
        name,
        parameters={
            "ResponseContentType": content_type,
            # RFC 6266, as Django's FileResponse writes it: the real name, percent-encoded.
            "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
            "ResponseCacheControl": "private, no-store",
        },
        expire=settings.AWS_PRIVATE_URL_SECONDS,
    )


def private_file_response(file, *, filename, content_type, as_attachment):
    """The response that sends a private file, once the view has checked who asks.

    - Object storage: a redirect to a signed address valid a short time (the store sends it).
    - On disk with PRIVATE_MEDIA_ACCEL_REDIRECT set (production, e.g. "/_prive/"): the body is
      left to nginx; an `X-Accel-Redirect` names the file under an `internal` location that
      only such a header reaches, so no worker streams megabytes.
    - Otherwise (development, tests): Django streams the file itself.
    """
    signed = private_download_url(
        file.name, filename=filename, content_type=content_type, as_attachment=as_attachment
    )
    if signed:
        response = HttpResponseRedirect(signed)
        response["Cache-Control"] = "private, no-store"
        return response
    prefix = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    if not prefix:
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
