"""Moderation writes, for the site and Django admin alike: reports, hiding and restoring posts,
pinning, locking and moving topics, suspensions.

Each runs in one transaction, checks the actor's permission, writes one audit row
(ModerationAction) and tells the member concerned why (notify() sends any email on commit).
Counters on topics and spaces count only what members see, so hiding a post takes it out of
them and restoring it puts it back.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communaute.models import (
    Flag,
    Member,
    ModerationAction,
    Notification,
    Post,
    Space,
    SpaceMembership,
    Suspension,
    Topic,
)
from communaute.notifications.centre import notify
from communaute.notifications.kinds import register_kind
from communaute.permissions.moderation import (
    check_flag_post_permission,
    check_lift_suspension_permission,
    check_moderate_space_permission,
    check_suspend_member_permission,
)
from communaute.permissions.viewer import Viewer
from communaute.selectors.home import forget_every_home
from communaute.services.forum import refresh_last_poster

Kind = ModerationAction.Kind
REASON_MAX_LENGTH = 1000
SUSPENSION_MAX_DAYS = 365


def _decision_sentence(action: str) -> str:
    return {
        Kind.HIDE_POST: _(
            "Votre message dans « %(title)s » a été masqué par l'équipe d'animation."
        ),
        Kind.RESTORE_POST: _("Votre message dans « %(title)s » est de nouveau visible."),
        Kind.PIN_TOPIC: _("Votre sujet « %(title)s » est épinglé en haut de son espace."),
        Kind.UNPIN_TOPIC: _("Votre sujet « %(title)s » n'est plus épinglé."),
        Kind.LOCK_TOPIC: _(
            "Votre sujet « %(title)s » est verrouillé : on peut le lire, mais plus y répondre."
        ),
        Kind.UNLOCK_TOPIC: _("Votre sujet « %(title)s » est de nouveau ouvert aux réponses."),
        Kind.MOVE_TOPIC: _("Votre sujet « %(title)s » a été déplacé dans l'espace « %(space)s »."),
        Kind.SUSPEND_MEMBER: _(
            "Votre compte est suspendu jusqu'au %(until)s : vous pouvez lire les conversations, "
            "mais pas y écrire."
        ),
        Kind.LIFT_SUSPENSION: _("Votre suspension est levée : vous pouvez de nouveau écrire."),
    }.get(action, _("Une décision de l'équipe d'animation vous concerne."))


@dataclass(frozen=True, kw_only=True)
class DecisionContext:
    action: Kind
    reason: str
    # Each decision's sentence names only some of these.
    title: str = ""
    space: str = ""
    until: datetime | None = None

    def __post_init__(self) -> None:
        named = re.findall(r"%\((\w+)\)s", _decision_sentence(self.action))
        missing = [name for name in named if not getattr(self, name)]
        if missing:
            raise TypeError(f"The sentence of {self.action!r} names {missing}: give them.")


@dataclass(frozen=True, kw_only=True)
class FlagReviewContext:
    title: str
    outcome: Flag.Status


@dataclass(frozen=True, kw_only=True)
class FlagContext:
    title: str
    reason: Flag.Reason


def describe_decision(notification: Notification, context: DecisionContext) -> str:
    values = {"title": context.title, "space": context.space, "until": ""}
    if context.until is not None:
        values["until"] = date_format(timezone.localtime(context.until), "DATETIME_FORMAT")
    sentence = _decision_sentence(context.action) % values
    return _("%(sentence)s Raison : %(reason)s") % {
        "sentence": sentence,
        "reason": context.reason,
    }


def describe_flag_reviewed(notification: Notification, context: FlagReviewContext) -> str:
    if context.outcome == Flag.Status.DISMISSED:
        return _(
            "Merci pour votre signalement. Après examen, le message dans « %(title)s » reste "
            "visible."
        ) % {"title": context.title}
    return _("Merci pour votre signalement. Le message dans « %(title)s » a été masqué.") % {
        "title": context.title
    }


def describe_post_flagged(notification: Notification, context: FlagContext) -> str:
    return _("Un message de « %(title)s » a été signalé : %(reason)s.") % {
        "title": context.title,
        "reason": context.reason.label,
    }


MODERATION_DECISION = register_kind(
    "moderation_decision",
    context=DecisionContext,
    describe=describe_decision,
    email_template="communaute/emails/moderation_decision",
    reason=lambda n, c: _("une décision de modération concerne votre contribution"),
    # A decision about one's own words is never left for a digest.
    urgent=True,
)
FLAG_REVIEWED = register_kind(
    "flag_reviewed", context=FlagReviewContext, describe=describe_flag_reviewed
)
POST_FLAGGED = register_kind(
    "post_flagged",
    context=FlagContext,
    describe=describe_post_flagged,
    email_template="communaute/emails/post_flagged",
    reason=lambda n, c: _("vous modérez l'espace où ce message a été signalé"),
    # A report waits for someone to look at it.
    urgent=True,
)


def _topic_path(topic: Topic) -> str:
    return reverse("communaute:topic", kwargs={"pk": topic.pk, "slug": topic.slug})


def _post_path(post: Post) -> str:
    return reverse("communaute:post", kwargs={"pk": post.pk})


def _clean_reason(reason: str | None) -> str:
    reason = " ".join((reason or "").split())[:REASON_MAX_LENGTH]
    if not reason:
        raise ValidationError(
            {"reason": _("Indiquez la raison : la personne concernée la recevra.")}
        )
    return reason


def _record(
    actor: Member,
    kind: str,
    *,
    reason: str,
    target: object,
    member: Member | None = None,
    space: Space | None = None,
    topic: Topic | None = None,
    post: Post | None = None,
    details: dict[str, Any] | None = None,
) -> ModerationAction:
    return ModerationAction.objects.create(
        actor=actor,
        kind=kind,
        member=member,
        space=space,
        topic=topic,
        post=post,
        target=str(target)[:250],
        reason=reason,
        details=details or {},
    )


def _tell(
    member: Member | None,
    actor: Member,
    kind: str,
    *,
    url: str,
    reason: str,
    **facts: str | datetime,
) -> Notification | None:
    """The member concerned learns the decision and its reason, unless they took it."""
    if member is None or member.pk == getattr(actor, "pk", None):
        return None
    return notify(
        member,
        MODERATION_DECISION,
        url=url,
        actor=actor,
        context=DecisionContext(action=kind, reason=reason, **facts),
    )


# Reports -------------------------------------------------------------------------------------


@transaction.atomic
def report_post(
    post: Post, *, reporter: Member, reason: str, comment: str = ""
) -> tuple[Flag, bool]:
    """File a report; returns (flag, created). A second report by the same person while the
    first is open returns the first. The space's animators hear of it."""
    post = Post.objects.select_related("topic__space").get(pk=post.pk)
    check_flag_post_permission(Viewer.of(reporter), post)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choisissez une raison dans la liste.")})
    existing = Flag.objects.filter(post=post, reporter=reporter, status=Flag.Status.OPEN).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                post=post, reporter=reporter, reason=reason, comment=comment.strip()[:1000]
            )
    except IntegrityError:
        # The same form sent twice at once: the other request filed it.
        return Flag.objects.get(post=post, reporter=reporter, status=Flag.Status.OPEN), False
    animators = SpaceMembership.objects.filter(
        space=post.topic.space, role=SpaceMembership.Role.ANIMATOR
    ).select_related("member")
    for membership in animators:
        if membership.member_id != post.author_id:
            notify(
                membership.member,
                POST_FLAGGED,
                url=_post_path(post),
                context=FlagContext(title=post.topic.title, reason=flag.reason),
            )
    return flag, True


def _close_flags(post: Post, *, actor: Member, status: str) -> int:
    flags = list(Flag.objects.filter(post=post, status=Flag.Status.OPEN).select_related("reporter"))
    Flag.objects.filter(pk__in=[flag.pk for flag in flags]).update(
        status=status, decided_by=actor, decided_at=timezone.now()
    )
    for flag in flags:
        if flag.reporter is not None and flag.reporter_id != actor.pk:
            notify(
                flag.reporter,
                FLAG_REVIEWED,
                url=_post_path(post)
                if status == Flag.Status.DISMISSED
                else reverse("communaute:space", kwargs={"slug": post.topic.space.slug}),
                context=FlagReviewContext(title=post.topic.title, outcome=status),
            )
    return len(flags)


@transaction.atomic
def dismiss_flag(flag: Flag, *, actor: Member, reason: str) -> Flag:
    """The post stays visible; the open reports on it are closed and their authors thanked."""
    flag = Flag.objects.select_related("post__topic__space").get(pk=flag.pk)
    post = flag.post
    check_moderate_space_permission(Viewer.of(actor), post.topic.space)
    reason = _clean_reason(reason)
    if flag.status != Flag.Status.OPEN:
        return flag
    _close_flags(post, actor=actor, status=Flag.Status.DISMISSED)
    _record(
        actor,
        Kind.DISMISS_FLAG,
        reason=reason,
        target=post,
        member=post.author,
        space=post.topic.space,
        topic=post.topic,
        post=post,
    )
    flag.refresh_from_db()
    return flag


# Posts ---------------------------------------------------------------------------------------


def _locked_post(post: Post) -> Post:
    # The topic's row first, as replies lock it: counters always move in the same order.
    topic_id = Post.objects.values_list("topic_id", flat=True).get(pk=post.pk)
    topic = Topic.objects.select_for_update(of=("self",)).select_related("space").get(pk=topic_id)
    post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk)
    post.topic = topic
    return post


def _shift_counters(topic: Topic, *, opening: bool, delta: int) -> None:
    """Move the counters members see by one post (`delta` is -1 or +1).

    The opening post carries its topic: hiding it takes the topic and all its visible posts
    out of the space's counters, restoring it puts them back."""
    Topic.objects.filter(pk=topic.pk).update(post_count=F("post_count") + delta)
    if opening:
        visible_posts = topic.post_count + (delta if delta > 0 else 0)
        Space.objects.filter(pk=topic.space_id).update(
            topic_count=F("topic_count") + delta, post_count=F("post_count") + delta * visible_posts
        )
        Topic.objects.filter(pk=topic.pk).update(hidden_at=timezone.now() if delta < 0 else None)
    elif topic.hidden_at is None:
        Space.objects.filter(pk=topic.space_id).update(post_count=F("post_count") + delta)


def _set_hidden(post: Post, *, actor: Member, reason: str, hidden: bool) -> Post:
    post = _locked_post(post)
    topic = post.topic
    check_moderate_space_permission(Viewer.of(actor), topic.space)
    reason = _clean_reason(reason)
    if post.is_hidden == hidden or post.is_deleted:
        return post
    post.hidden_at = timezone.now() if hidden else None
    post.save(update_fields=["hidden_at"])
    _shift_counters(topic, opening=post.position == 1, delta=-1 if hidden else +1)
    refresh_last_poster(topic)
    forget_every_home()
    if hidden:
        _close_flags(post, actor=actor, status=Flag.Status.RESOLVED)
    kind = Kind.HIDE_POST if hidden else Kind.RESTORE_POST
    _record(
        actor,
        kind,
        reason=reason,
        target=post,
        member=post.author,
        space=topic.space,
        topic=topic,
        post=post,
    )
    _tell(post.author, actor, kind, url=_post_path(post), reason=reason, title=topic.title)
    return post


@transaction.atomic
def hide_post(post: Post, *, actor: Member, reason: str) -> Post:
    """Members no longer see the post (nor its topic, for an opening post); moderators and
    its author still do, marked. Its open reports are closed as handled."""
    return _set_hidden(post, actor=actor, reason=reason, hidden=True)


@transaction.atomic
def restore_post(post: Post, *, actor: Member, reason: str) -> Post:
    return _set_hidden(post, actor=actor, reason=reason, hidden=False)


# Topics --------------------------------------------------------------------------------------


def _locked_topic(topic: Topic) -> Topic:
    return (
        Topic.objects.select_for_update(of=("self",))
        .select_related("space", "author")
        .get(pk=topic.pk)
    )


def _set_topic_flag(
    topic: Topic,
    *,
    actor: Member,
    reason: str,
    field: str,
    value: bool,
    kinds: Mapping[bool, str],
) -> Topic:
    topic = _locked_topic(topic)
    check_moderate_space_permission(Viewer.of(actor), topic.space)
    reason = _clean_reason(reason)
    if getattr(topic, field) == value:
        return topic
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    kind = kinds[value]
    _record(
        actor,
        kind,
        reason=reason,
        target=topic,
        member=topic.author,
        space=topic.space,
        topic=topic,
    )
    _tell(topic.author, actor, kind, url=_topic_path(topic), reason=reason, title=topic.title)
    return topic


@transaction.atomic
def set_topic_pinned(topic: Topic, *, actor: Member, pinned: bool, reason: str) -> Topic:
    return _set_topic_flag(
        topic,
        actor=actor,
        reason=reason,
        field="is_pinned",
        value=pinned,
        kinds={True: Kind.PIN_TOPIC, False: Kind.UNPIN_TOPIC},
    )


@transaction.atomic
def set_topic_locked(topic: Topic, *, actor: Member, locked: bool, reason: str) -> Topic:
    return _set_topic_flag(
        topic,
        actor=actor,
        reason=reason,
        field="is_locked",
        value=locked,
        kinds={True: Kind.LOCK_TOPIC, False: Kind.UNLOCK_TOPIC},
    )


@transaction.atomic
def move_topic(topic: Topic, *, actor: Member, space: Space, reason: str) -> Topic:
    """Move a topic with all its posts; the actor must moderate both spaces."""
    topic = _locked_topic(topic)
    origin = topic.space
    viewer = Viewer.of(actor)
    check_moderate_space_permission(viewer, origin)
    check_moderate_space_permission(viewer, space)
    reason = _clean_reason(reason)
    if space.pk == origin.pk:
        raise ValidationError({"space": _("Le sujet est déjà dans cet espace.")})
    if topic.hidden_at is None:
        for source, sign in ((origin, -1), (space, +1)):
            Space.objects.filter(pk=source.pk).update(
                topic_count=F("topic_count") + sign,
                post_count=F("post_count") + sign * topic.post_count,
            )
    topic.space = space
    topic.save(update_fields=["space"])
    forget_every_home()
    # A link to the topic from its new home would point at itself.
    topic.shares.filter(space=space).delete()
    _record(
        actor,
        Kind.MOVE_TOPIC,
        reason=reason,
        target=topic,
        member=topic.author,
        space=space,
        topic=topic,
        details={"from": origin.name, "to": space.name},
    )
    _tell(
        topic.author,
        actor,
        Kind.MOVE_TOPIC,
        url=_topic_path(topic),
        reason=reason,
        title=topic.title,
        space=space.name,
    )
    return topic


# Members -------------------------------------------------------------------------------------


@transaction.atomic
def suspend_member(member: Member, *, actor: Member, days: int, reason: str) -> Suspension:
    """The member keeps reading but cannot write for `days` days; they see until when."""
    check_suspend_member_permission(Viewer.of(actor), member)
    reason = _clean_reason(reason)
    if not isinstance(days, int) or not 1 <= days <= SUSPENSION_MAX_DAYS:
        raise ValidationError(
            {"days": _("Indiquez une durée de 1 à %(max)s jours.") % {"max": SUSPENSION_MAX_DAYS}}
        )
    now = timezone.now()
    suspension = Suspension.objects.create(
        member=member,
        reason=reason,
        starts_at=now,
        ends_at=now + timedelta(days=days),
        created_by=actor,
    )
    _record(
        actor,
        Kind.SUSPEND_MEMBER,
        reason=reason,
        target=member,
        member=member,
        details={"days": days, "until": suspension.ends_at.isoformat()},
    )
    _tell(
        member,
        actor,
        Kind.SUSPEND_MEMBER,
        url=reverse("communaute:home"),
        reason=reason,
        # Stored as a moment, written out when shown, in the reader's language.
        until=suspension.ends_at,
    )
    return suspension


@transaction.atomic
def lift_suspension(suspension: Suspension, *, actor: Member, reason: str) -> Suspension:
    suspension = (
        Suspension.objects.select_for_update().select_related("member").get(pk=suspension.pk)
    )
    check_lift_suspension_permission(Viewer.of(actor), suspension.member)
    reason = _clean_reason(reason)
    if not suspension.is_active:
        return suspension
    suspension.lifted_at = timezone.now()
    suspension.save(update_fields=["lifted_at"])
    _record(
        actor,
        Kind.LIFT_SUSPENSION,
        reason=reason,
        target=suspension.member,
        member=suspension.member,
    )
    _tell(
        suspension.member,
        actor,
        Kind.LIFT_SUSPENSION,
        url=reverse("communaute:home"),
        reason=reason,
    )
    return suspension
