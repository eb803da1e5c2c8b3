from functools import cache

from communaute.middleware import TWO_FACTOR_NEXT_SESSION_KEY
from communaute.notifications.centre import unread_count
from communaute.permissions.two_factor import lacks_required_two_factor


def notifications(request):
    """The unread count for the account menu, counted once and only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Templates call a callable variable and get a plain int, which {% blocktranslate count %}
    # needs; the admin screens, which never show it, never pay for the query.
    return {"unread_notifications": cache(lambda: unread_count(user))}


def two_factor(request):
    """Whether the member holds a role that requires 2FA and has not set it up: the notice on
    every page and the setup page's explanation. Counted once, only if a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "two_factor_missing": cache(lambda: lacks_required_two_factor(user)),
        "two_factor_next": request.session.get(TWO_FACTOR_NEXT_SESSION_KEY, ""),
    }
