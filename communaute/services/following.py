"""Following topics and spaces, muting topics, and telling followers what is new.

A member follows a topic when they write in it or are mentioned there, and can follow a space
to hear of its new topics. A muted topic never notifies, whatever else happens. Nobody hears
of a private space they cannot read.
"""

from django.db import transaction
from django.urls import reverse

from communaute.mentions import link_mentions, mentioned_handles
from communaute.models import Member, Post, SpaceSubscription, TopicSubscription
from communaute.notifications.centre import notify, notify_many
from communaute.permissions.following import (
    check_follow_space_permission,
    check_follow_topic_permission,
)
from communaute.permissions.viewer import Viewer
from communaute.selectors.following import readers

Level = TopicSubscription.Level
Reason = TopicSubscription.Reason


@transaction.atomic
def _choose_topic_level(member, topic, level):
    check_follow_topic_permission(Viewer.of(member), topic)
    subscription, _created = TopicSubscription.objects.update_or_create(
        member=member, topic=topic, defaults={"level": level, "reason": Reason.CHOSEN}
    )
    return subscription


def follow_topic(member, topic):
    return _choose_topic_level(member, topic, Level.FOLLOWING)


def mute_topic(member, topic):
    return _choose_topic_level(member, topic, Level.MUTED)


@transaction.atomic
def stop_following_topic(member, topic):
    """Back to neither following nor muted: writing in the topic would follow it again."""
    TopicSubscription.objects.filter(member=member, topic=topic).delete()


@transaction.atomic
def follow_space(member, space):
    check_follow_space_permission(Viewer.of(member), space)
    subscription, _created = SpaceSubscription.objects.get_or_create(member=member, space=space)
    return subscription


@transaction.atomic
def stop_following_space(member, space):
    SpaceSubscription.objects.filter(member=member, space=space).delete()


def _auto_follow(member_ids, topic, reason):
    """Follow on someone's behalf, never over a choice they made (a mute stays a mute)."""
    TopicSubscription.objects.bulk_create(
        [TopicSubscription(member_id=pk, topic=topic, reason=reason) for pk in member_ids],
        ignore_conflicts=True,
    )


def _post_context(topic):
    return {
        "space": topic.space.name,
        "space_slug": topic.space.slug,
        "topic": topic.title,
        "topic_id": topic.pk,
    }


def _link_mentions(post, handles):
    """The names of members mentioned in a post become links to their profiles."""
    if not handles:
        return
    urls = {
        member.handle: member.get_absolute_url()
        for member in Member.objects.filter(handle__in=handles, is_active=True).only("handle")
    }
    post.body_html = link_mentions(post.body_html, urls)
    Post.objects.filter(pk=post.pk).update(body_html=post.body_html)


def _mention(post, handles, muted):
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
        "mention",
        url=reverse("communaute:post", kwargs={"pk": post.pk}),
        context={**_post_context(topic), "reason": "mention"},
        actor=post.author,
    )
    _auto_follow([member.pk for member in mentioned], topic, Reason.MENTIONED)
    return mentioned


def _muted(topic):
    return TopicSubscription.objects.filter(topic=topic, level=Level.MUTED).values("member_id")


def post_published(post):
    """Called in the transaction that publishes a post: mentions, then followers, notified once
    each, and the author now follows the topic."""
    topic = post.topic
    space = topic.space
    author = post.author
    _auto_follow([author.pk], topic, Reason.POSTED)
    if topic.hidden_at is not None or post.hidden_at is not None:
        return  # what members cannot open is announced to nobody
    handles = mentioned_handles(post.body)
    _link_mentions(post, handles)
    mentioned = _mention(post, handles, _muted(topic))

    told = {author.pk} | {member.pk for member in mentioned}
    if post.position == 1:
        followers = Member.objects.filter(
            pk__in=SpaceSubscription.objects.filter(space=space).values("member_id")
        )
        kind, reason = "topic_created", "space"
    else:
        followers = Member.objects.filter(
            pk__in=TopicSubscription.objects.filter(topic=topic, level=Level.FOLLOWING).values(
                "member_id"
            )
        )
        kind, reason = "topic_reply", "topic"
    followers = list(followers.filter(is_active=True).filter(readers(space)).exclude(pk__in=told))
    notify_many(
        followers,
        kind,
        url=reverse("communaute:post", kwargs={"pk": post.pk}),
        context={**_post_context(topic), "reason": reason},
        actor=author,
    )


def post_edited(post, previous_body):
    """An edit links the mentions again; only people newly named in it are notified."""
    before = set(mentioned_handles(previous_body))
    handles = mentioned_handles(post.body)
    _link_mentions(post, handles)
    if post.topic.hidden_at is not None or post.hidden_at is not None:
        return
    _mention(post, [handle for handle in handles if handle not in before], _muted(post.topic))


def reaction_added(post, member, kind):
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
        "reaction",
        url=reverse("communaute:post", kwargs={"pk": post.pk}),
        context={**_post_context(post.topic), "reaction": kind},
        actor=member,
    )


def join_requested(join_request):
    """The animators of a private space hear that someone asks to join it."""
    space = join_request.space
    animators = Member.objects.filter(
        is_active=True,
        space_memberships__space=space,
        space_memberships__role="animator",
    )
    notify_many(
        list(animators),
        "join_request_created",
        url=reverse("communaute:space_members", kwargs={"slug": space.slug}),
        context={"space": space.name, "space_slug": space.slug},
        actor=join_request.member,
    )
