"""Settings for `make test`: PostgreSQL as in production, fast hashing, mail kept in memory."""

import os
import tempfile

from passerelles import localdb

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdef0123456789abcdef")
# No server named: the project's own, started if needed (passerelles/localdb.py).
os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or localdb.start()
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("EMAIL_URL", "locmem://")
# No page of the Internet is read by the suite; the link-card tests turn this on.
os.environ.setdefault("LINK_PREVIEWS_ENABLED", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# One connection per thread, closed after each request, as Django's test cases expect (they
# wrap each test in a transaction on it); tests/core/test_database_unavailable.py opens a pool.
os.environ.setdefault("DATABASE_POOL_MAX_SIZE", "0")
# Live updates inside the test process; tests/core/test_live_redis.py brings its own Redis.
os.environ.setdefault("LIVE_BROKER", "memory")

from passerelles.settings.base import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A second alias to the test database, as DATABASE_REPLICA_URL would add; no router sends
# reads there unless a test installs it (tests/core/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="passerelles-test-media-"))  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run as they are enqueued: a test sees the email its action sends.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The page cache is bumped on commit, which a test's transaction never reaches, and locmem
# outlives each test: tests/core/test_page_cache.py turns it on where it is the subject.
PAGE_CACHE = False
# Without the process's copies, a test's write reaches the next request at once; the copies have
# their own tests.
PAGE_CACHE_LOCAL_SECONDS = 0
