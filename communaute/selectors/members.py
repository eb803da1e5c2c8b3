from communaute.models import Member


def members_for_profile():
    """Active members with what a profile page shows, in one query plus one for disciplines."""
    return Member.objects.filter(is_active=True).prefetch_related("disciplines")
