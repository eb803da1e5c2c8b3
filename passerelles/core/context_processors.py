from functools import cache

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from passerelles.core.navigation import account_navigation, main_navigation


def site(request):
    current = get_language()
    path = request.get_full_path() if request is not None else "/"
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "main_navigation": main_navigation(getattr(request, "user", None)),
        # Called only when a template shows the account menu (fragments and emails never do).
        "account_navigation": cache(lambda: account_navigation(getattr(request, "viewer", None))),
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }
