"""Reads for following: a member's follow state on a topic or a space, their lists."""

from .forum_selectors import visible_spaces
from .models import (
    Announcement,
    EmailFrequency,
    EmailPreference,
    SpaceSubscription,
    TopicSubscription,
)

MUTED_TOPICS_SHOWN = 50
ANNOUNCEMENTS_SHOWN = 3


def topic_level(member, topic):
    """ "following", "muted" or "" for a topic."""
    if not member.is_authenticated:
        return ""
    return (
        TopicSubscription.objects.filter(member=member, topic=topic)
        .values_list("level", flat=True)
        .first()
        or ""
    )


def follows_space(member, space):
    return (
        member.is_authenticated
        and SpaceSubscription.objects.filter(member=member, space=space).exists()
    )


def frequency_of(member):
    return (
        EmailPreference.objects.filter(member=member).values_list("frequency", flat=True).first()
        or EmailFrequency.DAILY
    )


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
        TopicSubscription.objects.filter(member=member, level=TopicSubscription.Level.MUTED)
        .select_related("topic__space")
        .order_by("-created_at")[:MUTED_TOPICS_SHOWN]
    )


def recent_announcements(space):
    return list(
        Announcement.objects.filter(space=space)
        .select_related("author")
        .order_by("-created_at", "-id")[:ANNOUNCEMENTS_SHOWN]
    )
