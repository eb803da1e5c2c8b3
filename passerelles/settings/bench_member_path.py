"""The benchmark's member's path (`make bench`): the site's settings and middleware around one
bare view (passerelles/bench_member_urls.py), served by its own gunicorn. No deployment uses
these settings."""

from .base import *  # noqa: F403

ROOT_URLCONF = "passerelles.bench_member_urls"
