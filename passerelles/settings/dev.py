"""Settings for `make run`: DEBUG on, plain HTTP, emails printed in the terminal."""

import os

from passerelles import localdb
from passerelles.settings.env import DEV_SECRET_KEY

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
os.environ.setdefault("SECRET_KEY", DEV_SECRET_KEY)
# No server named: the project's own, started if needed (passerelles/localdb.py).
os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or localdb.start()

from passerelles.settings.base import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
