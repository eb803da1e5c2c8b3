"""Reads for following: a member's follow state on a topic or a space, their lists, the members
one may mention."""

from django.db.models import Q, QuerySet

from communaute.models import (
    Announcement,
    EmailFrequency,
    EmailPreference,
    Member,
    Space,
    SpaceSubscription,
    TopicSubscription,
)
from communaute.permissions.contact import known_members
from communaute.selectors.forum import visible_spaces

MUTED_TOPICS_SHOWN = 50
MENTION_SUGGESTIONS = 8
ANNOUNCEMENTS_SHOWN = 3


def follows_space(member, space):
    return (
        member.is_authenticated
        and SpaceSubscription.objects.filter(member=member, space=space).exists()
    )


def frequencies(member_ids):
    """Each member's email frequency, the default (daily digest) for those who never chose."""
    chosen = dict(
        EmailPreference.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "frequency"
        )
    )
    return {pk: chosen.get(pk, EmailFrequency.DAILY) for pk in member_ids}


def frequency_of(member):
    return frequencies([member.pk])[member.pk]


def followed_spaces(member):
    """The spaces a member follows and may still read (one may have turned private)."""
    return list(
        visible_spaces(member)
        .filter(subscriptions__member=member)
        .only("name", "slug")
        .order_by("name")
    )


def muted_topics(member):
    return list(
        # A space the member left (or was removed from) keeps its topics' titles to itself.
        TopicSubscription.objects.filter(
            member=member,
            level=TopicSubscription.Level.MUTED,
            topic__space__in=visible_spaces(member).values("pk"),
        )
        .select_related("topic__space")
        .order_by("-created_at")[:MUTED_TOPICS_SHOWN]
    )


def announcement_detail_queryset() -> QuerySet[Announcement]:
    return Announcement.objects.select_related("space", "author")


def recent_announcements(space):
    return list(
        Announcement.objects.filter(space=space)
        .select_related("author")
        .order_by("-created_at", "-id")[:ANNOUNCEMENTS_SHOWN]
    )


def readers(space):
    """A condition on members: who may read this space (private spaces: its members)."""
    if space.visibility == Space.Visibility.PRIVATE:
        return Q(is_superuser=True) | Q(pk__in=space.memberships.values("member_id"))
    return Q()


def mention_suggestions(text, space=None):
    """Members whose handle or name starts with text, among those a writer in this space could
    already know (communaute/permissions/contact.py, the rule private messages follow too)
    and who may read the space."""
    spaces = None if space is None else Space.objects.filter(pk=space.pk)
    members = Member.objects.filter(known_members(spaces), is_active=True).filter(
        Q(handle__istartswith=text) | Q(display_name__istartswith=text)
    )
    if space is not None:
        members = members.filter(readers(space))
    # The row's few fields a suggestion shows, its face among them (communaute/avatars.py).
    return list(
        members.order_by("display_name").only("handle", "display_name", "avatar", "is_active")[
            :MENTION_SUGGESTIONS
        ]
    )
