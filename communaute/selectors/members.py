from collections.abc import Callable

from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from communaute.models import ConversationParticipant, Member, Notification
from communaute.selectors.messaging import UNREAD
from passerelles.core.live import cached_counters


def _count(queryset: QuerySet) -> Subquery:
    # COUNT as a plain function: no GROUP BY, one row whatever the number of rows counted.
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def header_counts(member: Member) -> dict[str, int]:
    """The header's two numbers, unread notifications and unread conversations (muted ones
    do not count): every page a member opens shows them, so they come from the cache, counted
    again after each change (passerelles.core.live.publish_counters)."""
    return cached_counters(member.pk, lambda: _count_header(member))


def _count_header(member: Member) -> dict[str, int]:
    row = (
        Member.objects.filter(pk=member.pk)
        .values_list(
            _count(Notification.objects.filter(recipient=member, read_at__isnull=True)),
            _count(
                ConversationParticipant.objects.filter(
                    UNREAD, member=member, left_at__isnull=True, muted=False
                )
            ),
        )
        .first()
    )
    notifications, messages = row or (0, 0)
    return {"notifications": notifications, "messages": messages}


def members_for_profile():
    """Active members with what a profile page shows, in one query plus one for disciplines."""
    return Member.objects.filter(is_active=True).prefetch_related("disciplines")


def missing_profile_details(
    member: Member, *, ask_disciplines: Callable[[], bool] | None = None
) -> list[str]:
    """What the member's profile still lacks, as phrases for the completion hint.

    The one definition of a complete profile: a display name, a province or territory, and
    either a discipline or a few words of presentation. At most one query: whether they name a
    discipline, asked only when the presentation is empty, by `ask_disciplines` when the caller
    keeps the answer.
    """
    missing = []
    if not member.display_name.strip():
        missing.append(_("votre nom affiché"))
    if not member.province:
        missing.append(_("votre province ou territoire"))
    ask_disciplines = ask_disciplines or member.disciplines.exists
    if not member.bio.strip() and not ask_disciplines():
        missing.append(_("vos disciplines ou quelques mots de présentation"))
    return missing


def is_profile_complete(member: Member) -> bool:
    return not missing_profile_details(member)


def member_by_address_or_handle(who: str) -> Member | None:
    """The active member whose email (any case) or handle is ``who`` (``@handle`` too)."""
    who = who.strip()
    if not who:
        return None
    return (
        Member.objects.filter(is_active=True)
        .filter(Q(email__iexact=who) | Q(handle=who.lstrip("@")))
        .first()
    )
