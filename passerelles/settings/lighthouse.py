"""The front-end audit (`make lighthouse`): the production settings, with the HTML compressed by
Django as nginx compresses it in production (deploy/nginx/passerelles.conf: gzip on), since the
audit talks to gunicorn directly. No deployment uses these settings."""

from .base import *  # noqa: F403

# First, so that it compresses what every other middleware produced, as nginx does in front.
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405
