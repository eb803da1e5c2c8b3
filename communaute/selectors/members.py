from communaute.models import Member, Notification


def members_for_profile():
    """Active members with what a profile page shows, in one query plus one for disciplines."""
    return Member.objects.filter(is_active=True).prefetch_related("disciplines")


def notifications_for(member):
    """The member's own notifications, newest first, with the actor that describe() may name."""
    return Notification.objects.filter(recipient=member).select_related("actor")


def unread_count(member):
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()
