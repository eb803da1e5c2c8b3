"""The ASGI application: what uvicorn serves (`make run`, deploy/systemd/passerelles-asgi.service).

Every page works here as under gunicorn (sync views run in a thread per request); what only
ASGI can do is hold the live-updates streams (/direct/flux/) open without a thread each.
With DEBUG, static files come from the source folders (Django's ASGIStaticFilesHandler, as
runserver does); in production nginx serves them, or WhiteNoise when uvicorn stands alone.
"""

import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.settings.base")

django_application = get_asgi_application()


def development_application(app):
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    # The development media view (passerelles.core.views.development_media) streams files
    # synchronously; Django says so once per process: nothing to act on in development.
    warnings.filterwarnings(
        "ignore", message="StreamingHttpResponse must consume synchronous iterators"
    )
    return ASGIStaticFilesHandler(app)


def build_application():
    from django.conf import settings

    return development_application(django_application) if settings.DEBUG else django_application


application = build_application()
