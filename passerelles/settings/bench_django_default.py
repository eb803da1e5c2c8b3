"""The benchmark's reference for the member's path (`make bench`): the bare view behind the
middleware Django's own `startproject` lists, with its default sessions and user model, served
by its own gunicorn on a database of its own. Measured for a visitor and for a signed-in user:
what a Django site pays that changes none of Django's defaults (issue 16, item 4). No deployment
uses these settings."""

from .bench_bare import *  # noqa: F403

ROOT_URLCONF = "passerelles.bench_django_default_urls"

# What those middleware need installed, Django's own user model included: the site's would pull
# in the whole site.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
AUTH_USER_MODEL = "auth.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# As django/conf/project_template/project_name/settings.py-tpl lists them
# (tests/passerelles/test_bench.py keeps the two the same).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
