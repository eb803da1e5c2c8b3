"""Private uploads: under MEDIA_ROOT/prive/, never given a public URL.

The development server and the reverse proxy serve /media/ but not /media/prive/ (see
passerelles/urls.py and the README); such files go out through views that check permission.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

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
