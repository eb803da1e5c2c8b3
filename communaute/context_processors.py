from functools import cache

from communaute.notifications.centre import unread_count


def notifications(request):
    """The unread count for the account menu, counted once and only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Templates call a callable variable and get a plain int, which {% blocktranslate count %}
    # needs; the admin screens, which never show it, never pay for the query.
    return {"unread_notifications": cache(lambda: unread_count(user))}
