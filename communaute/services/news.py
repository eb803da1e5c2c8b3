"""« Quoi de neuf »: a member's mark of how far they have looked."""

from datetime import datetime

from django.db import transaction

from communaute.models import Member, NewsVisit


@transaction.atomic
def mark_news_seen(member: Member, until: datetime) -> NewsVisit:
    """The next look starts after until; a mark never goes back (two tabs, an old page)."""
    visit, created = NewsVisit.objects.select_for_update().get_or_create(
        member=member, defaults={"seen_until": until}
    )
    if not created and visit.seen_until < until:
        visit.seen_until = until
        visit.save(update_fields=["seen_until"])
    return visit
