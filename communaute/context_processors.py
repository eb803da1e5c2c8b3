from functools import cache

from communaute.middleware import TWO_FACTOR_MISSING_SESSION_KEY, TWO_FACTOR_NEXT_SESSION_KEY
from communaute.notifications.centre import unread_count
from communaute.selectors import messaging


def notifications(request):
    """The unread count for the account menu, counted once and only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Templates call a callable variable and get a plain int, which {% blocktranslate count %}
    # needs; the admin screens, which never show it, never pay for the query.
    return {"unread_notifications": cache(lambda: unread_count(user))}


def private_messages(request):
    """The number of unread conversations beside the header's "Messages" link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": cache(lambda: messaging.unread_count(user))}


def two_factor(request):
    """The notice on every page and the setup page's explanation, for a role holder without
    TOTP; read from the session (communaute.middleware), so that no page pays a query for it."""
    session = getattr(request, "session", None)
    if session is None:
        return {}
    return {
        "two_factor_missing": session.get(TWO_FACTOR_MISSING_SESSION_KEY, False),
        "two_factor_next": session.get(TWO_FACTOR_NEXT_SESSION_KEY, ""),
    }
