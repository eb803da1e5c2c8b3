"""The benchmark's reference (`make bench`): Django answering one bare view, without the site's
middleware, served by its own gunicorn beside the site's. No deployment uses these settings."""

from .base import *  # noqa: F403

# Nothing of the site: no apps to start, no middleware around the view.
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "passerelles.bench_urls"
