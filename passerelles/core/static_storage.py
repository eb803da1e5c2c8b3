"""The site's static files in production: hashed and compressed for WhiteNoise, as
whitenoise.storage.CompressedManifestStaticFilesStorage stores them, each address found once per
process.

The manifest is read when the process starts and changes only with a deploy (collectstatic,
then new processes), yet finding a name in it — split, unquote, look-up, join — cost about 15 µs
a {% static %}, nine of them a page (issue 16)."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        # DEBUG serves names unhashed (and may be switched by a test): asked each time.
        if force or settings.DEBUG:
            return super().url(name, force)
        try:
            return self._addresses[name]
        except KeyError:
            address = self._addresses[name] = super().url(name)
            return address
