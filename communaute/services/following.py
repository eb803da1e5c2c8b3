"""Following topics and spaces, muting topics, and telling followers what is new.

A member follows a topic when they write in it or are mentioned there, and can follow a space
to hear of its new topics. A muted topic never notifies, whatever else happens. Nobody hears
of a private space they cannot read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from communaute.mentions import mentioned_handles
from communaute.models import (
    JoinRequest,
    Member,
    Notification,
    Post,
    Reaction,
    Space,
    SpaceSubscription,
    Topic,
    TopicSubscription,
)
from communaute.notifications.centre import notify, notify_many
from communaute.notifications.kinds import GENERIC_EMAIL, register_kind
from communaute.permissions.following import (
    check_follow_space_permission,
    check_follow_topic_permission,
)
from communaute.permissions.viewer import Viewer
from communaute.selectors.following import readers
from communaute.selectors.home import forget_home
from passerelles.core.templatetags.passerelles import member_name

Level = TopicSubscription.Level
Reason = TopicSubscription.Reason


@dataclass(frozen=True, kw_only=True)
class TopicContext:
    space: str
    topic: str
    # A digest leaves out what moderators have hidden since.
    topic_id: int

    @classmethod
    def of(cls, topic: Topic, **facts: object) -> Self:
        return cls(space=topic.space.name, topic=topic.title, topic_id=topic.pk, **facts)


@dataclass(frozen=True, kw_only=True)
class ReactionContext(TopicContext):
    reaction: Reaction.Kind


@dataclass(frozen=True, kw_only=True)
class JoinRequestContext:
    space: str


TOPIC_REPLY = register_kind(
    "topic_reply",
    context=TopicContext,
    describe=lambda n, c: (
        _("%(actor)s a répondu dans « %(topic)s ».")
        % {"actor": member_name(n.actor), "topic": c.topic}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _("vous suivez le sujet « %(topic)s »") % {"topic": c.topic},
)
TOPIC_CREATED = register_kind(
    "topic_created",
    context=TopicContext,
    describe=lambda n, c: (
        _("%(actor)s a lancé le sujet « %(topic)s » dans « %(space)s ».")
        % {"actor": member_name(n.actor), "topic": c.topic, "space": c.space}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _("vous suivez l'espace « %(space)s »") % {"space": c.space},
)
MENTION = register_kind(
    "mention",
    context=TopicContext,
    # The present tense needs no agreement with the reader's gender.
    describe=lambda n, c: (
        _("%(actor)s vous mentionne dans « %(topic)s ».")
        % {"actor": member_name(n.actor), "topic": c.topic}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _("votre identifiant @ figure dans un message de ce sujet"),
)
REACTION = register_kind(
    "reaction",
    context=ReactionContext,
    describe=lambda n, c: (
        _("%(actor)s a réagi (%(reaction)s) à votre message dans « %(topic)s ».")
        % {"actor": member_name(n.actor), "reaction": c.reaction.label, "topic": c.topic}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _("vous avez écrit le message auquel on a réagi"),
)
JOIN_REQUEST_CREATED = register_kind(
    "join_request_created",
    context=JoinRequestContext,
    describe=lambda n, c: (
        _("%(actor)s demande à rejoindre l'espace « %(space)s ».")
        % {"actor": member_name(n.actor), "space": c.space}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _("vous animez l'espace « %(space)s »") % {"space": c.space},
    # The person waits for an answer.
    urgent=True,
)


@transaction.atomic
def _choose_topic_level(member: Member, topic: Topic, level: str) -> TopicSubscription:
    check_follow_topic_permission(Viewer.of(member), topic)
    subscription, _created = TopicSubscription.objects.update_or_create(
        member=member, topic=topic, defaults={"level": level, "reason": Reason.CHOSEN}
    )
    return subscription


def follow_topic(member: Member, topic: Topic) -> TopicSubscription:
    return _choose_topic_level(member, topic, Level.FOLLOWING)


def mute_topic(member: Member, topic: Topic) -> TopicSubscription:
    return _choose_topic_level(member, topic, Level.MUTED)


@transaction.atomic
def stop_following_topic(member: Member, topic: Topic) -> None:
    """Back to neither following nor muted: writing in the topic would follow it again."""
    TopicSubscription.objects.filter(member=member, topic=topic).delete()


@transaction.atomic
def follow_space(member: Member, space: Space) -> SpaceSubscription:
    check_follow_space_permission(Viewer.of(member), space)
    subscription, _created = SpaceSubscription.objects.get_or_create(member=member, space=space)
    return subscription


@transaction.atomic
def stop_following_space(member: Member, space: Space) -> None:
    SpaceSubscription.objects.filter(member=member, space=space).delete()


def _auto_follow(member_ids: Iterable[int], topic: Topic, reason: str) -> None:
    """Follow on someone's behalf, never over a choice they made (a mute stays a mute)."""
    member_ids = list(member_ids)
    TopicSubscription.objects.bulk_create(
        [TopicSubscription(member_id=pk, topic=topic, reason=reason) for pk in member_ids],
        ignore_conflicts=True,
    )
    # A bulk insert sends no signal: their site homes show what they follow.
    forget_home(*member_ids)


def _mention(post: Post, handles: list[str], muted: QuerySet) -> list[Member]:
    """Notify the members named in a post who may read it and did not mute the topic; they
    now follow the topic. Returns them."""
    if not handles:
        return []
    topic = post.topic
    mentioned = list(
        Member.objects.filter(handle__in=handles, is_active=True)
        .filter(readers(topic.space))
        .exclude(pk=post.author_id)
        .exclude(pk__in=muted)
    )
    notify_many(
        mentioned,
        MENTION,
        url=reverse("communaute:post", kwargs={"pk": post.pk}),
        context=TopicContext.of(topic),
        actor=post.author,
    )
    _auto_follow([member.pk for member in mentioned], topic, Reason.MENTIONED)
    return mentioned


def _muted(topic: Topic) -> QuerySet:
    return TopicSubscription.objects.filter(topic=topic, level=Level.MUTED).values("member_id")


def announce_post(post: Post) -> None:
    """Called in the transaction that publishes a post: mentions, then followers, notified once
    each, and the author now follows the topic."""
    topic = post.topic
    space = topic.space
    author = post.author
    _auto_follow([author.pk], topic, Reason.POSTED)
    if topic.hidden_at is not None or post.hidden_at is not None:
        return  # what members cannot open is announced to nobody
    mentioned = _mention(post, mentioned_handles(post.body), _muted(topic))

    told = {author.pk} | {member.pk for member in mentioned}
    if post.position == 1:
        followers = Member.objects.filter(
            pk__in=SpaceSubscription.objects.filter(space=space).values("member_id")
        )
        kind = TOPIC_CREATED
    else:
        followers = Member.objects.filter(
            pk__in=TopicSubscription.objects.filter(topic=topic, level=Level.FOLLOWING).values(
                "member_id"
            )
        )
        kind = TOPIC_REPLY
    followers = list(followers.filter(is_active=True).filter(readers(space)).exclude(pk__in=told))
    notify_many(
        followers,
        kind,
        url=reverse("communaute:post", kwargs={"pk": post.pk}),
        context=TopicContext.of(topic),
        actor=author,
    )


def announce_edit(post: Post, previous_body: str) -> None:
    """Only the people newly named in an edited post are notified."""
    if post.topic.hidden_at is not None or post.hidden_at is not None:
        return
    before = set(mentioned_handles(previous_body))
    handles = [handle for handle in mentioned_handles(post.body) if handle not in before]
    _mention(post, handles, _muted(post.topic))


def reaction_added(post: Post, member: Member, kind: str) -> Notification | None:
    """The author hears that their post helped, unless they muted the topic."""
    author = post.author
    if author is None or author.pk == member.pk or not author.is_active:
        return None
    muted = TopicSubscription.objects.filter(
        topic=post.topic, member=author, level=Level.MUTED
    ).exists()
    if muted:
        return None
    return notify(
        author,
        REACTION,
        url=reverse("communaute:post", kwargs={"pk": post.pk}),
        context=ReactionContext.of(post.topic, reaction=kind),
        actor=member,
    )


def join_requested(join_request: JoinRequest) -> None:
    """The animators of a private space hear that someone asks to join it."""
    space = join_request.space
    animators = Member.objects.filter(
        is_active=True,
        space_memberships__space=space,
        space_memberships__role="animator",
    )
    notify_many(
        list(animators),
        JOIN_REQUEST_CREATED,
        url=reverse("communaute:space_members", kwargs={"slug": space.slug}),
        context=JoinRequestContext(space=space.name),
        actor=join_request.member,
    )
