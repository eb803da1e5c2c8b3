from communaute.middleware import TWO_FACTOR_MISSING_SESSION_KEY, TWO_FACTOR_NEXT_SESSION_KEY
from communaute.selectors.members import header_counts as header_counts_of
from passerelles.core.context_processors import once


def header_counts(request):
    """The account menu's unread notifications and conversations, counted together once and
    only if a template shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = once(lambda: header_counts_of(user))
    # Templates call a callable variable and get a plain int, which {% blocktranslate count %}
    # needs; the admin screens, which never show them, never pay for the query.
    return {
        "unread_notifications": lambda: counts()["notifications"],
        "unread_messages": lambda: counts()["messages"],
    }


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
