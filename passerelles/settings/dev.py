"""Settings for `make run`: DEBUG on, plain HTTP, emails printed in the terminal."""

import os

from passerelles import localdb
from passerelles.settings.env import DEV_SECRET_KEY, env_bool

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
os.environ.setdefault("SECRET_KEY", DEV_SECRET_KEY)
# No server named: the project's own, started if needed (passerelles/localdb.py).
os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or localdb.start()

# Fictional contact details, so that the contact page and the footer show what production will.
os.environ.setdefault("CONTACT_EMAIL", "bonjour@passerelles.test")
os.environ.setdefault("CONTACT_ADDRESS", "1000, rue de l'Exemple, Montréal (Québec)  H2X 0A0")
os.environ.setdefault("PRIVACY_OFFICER_NAME", "Dominique Leblanc")
os.environ.setdefault("PRIVACY_OFFICER_TITLE", "Direction générale")
os.environ.setdefault("PRIVACY_OFFICER_EMAIL", "vie-privee@passerelles.test")

from passerelles.settings.base import *  # noqa: F403

# An edited template shows at once; PAGE_CACHE=1 tries the production path. A setting, not an
# environment default: `make bench` hands this process's environment to its production server.
PAGE_CACHE = env_bool("PAGE_CACHE", False)

if not os.environ.get("EMAIL_URL"):
    # Emails printed decoded, not as MIME source, so that a link in one can be followed.
    EMAIL_BACKEND = "passerelles.core.mail.ReadableConsoleBackend"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
