"""Gentle limits on writing: for everyone against flooding, and a little more for newcomers.

- Flooding: FLOOD_POSTS messages within FLOOD_WINDOW, for everyone but moderators (animators
  too wait a moment when they flood).
- A member's first day (FIRST_DAY after joining) holds up to FIRST_DAY_POSTS messages, about
  what Discourse allows its new users: a keen newcomer takes part, a spam account does not
  fill the forum. The animators of a space are no newcomers there.
- Files: UPLOADS_PER_HOUR attachments within the last hour, for everyone but moderators. Each
  image is decoded and re-encoded by the worker, which costs real time: a member shares a few
  files an hour, a script would share them all day.
- A first post holds at most FIRST_POST_MAX_LINKS links, until the member has taken part a
  little (NEW_MEMBER_POSTS visible posts); the cap holds when it is edited too, or editing
  would be the way around it.

A post the site writes for a member at their request (the conversation opened from a need:
typed=False) is one of their posts, a first post like any other (its links counted, counted in
their first day), but no burst: a click is not flooding.
- New private conversations: NEW_CONVERSATIONS_FIRST_DAY on a member's first day, then
  NEW_CONVERSATIONS_PER_DAY within any day, for everyone but moderators: a member writes to a
  few people a day, a spam account to everyone. Answers in existing conversations are posts of
  a kind the flood rule leaves alone: they reach only those already talking.

Each refusal is a ValidationError on the message field, so the form shows it next to the text,
which is kept, and the words say what to do rather than what is suspected.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communaute.models import Attachment, Conversation, Post, Space
from communaute.permissions.forum import can_animate_space
from communaute.permissions.moderation import is_moderator
from communaute.permissions.viewer import Viewer
from passerelles.core.formats import format_time

NEW_MEMBER_POSTS = 5
FIRST_DAY = timedelta(days=1)
FIRST_DAY_POSTS = 10
FIRST_POST_MAX_LINKS = 2
FLOOD_POSTS = 3
FLOOD_WINDOW = timedelta(minutes=1)
UPLOADS_PER_HOUR = 20
UPLOADS_WINDOW = timedelta(hours=1)
NEW_CONVERSATIONS_FIRST_DAY = 3
NEW_CONVERSATIONS_PER_DAY = 20
CONVERSATIONS_WINDOW = timedelta(days=1)


def _first_post_links_refusal() -> ValidationError:
    return ValidationError(
        {
            "body": ngettext(
                "Bienvenue ! Un premier message peut contenir au plus %(count)s lien : "
                "cette règle protège la communauté des envois automatiques. Retirez les "
                "autres liens ou gardez-les pour un prochain message ; votre texte est "
                "conservé ci-dessous.",
                "Bienvenue ! Un premier message peut contenir au plus %(count)s liens : "
                "cette règle protège la communauté des envois automatiques. Retirez les "
                "autres liens ou gardez-les pour un prochain message ; votre texte est "
                "conservé ci-dessous.",
                FIRST_POST_MAX_LINKS,
            )
            % {"count": FIRST_POST_MAX_LINKS}
        }
    )


def _taken_part(posts: QuerySet[Post]) -> int:
    """How many of these posts show, counted up to NEW_MEMBER_POSTS (enough to decide)."""
    return len(posts.filter(deleted_at__isnull=True, hidden_at__isnull=True)[:NEW_MEMBER_POSTS])


def check_posting_limits(
    viewer: Viewer, *, space: Space, links: int, typed: bool = True, attachments: int = 0
) -> None:
    """Raise a ValidationError for the "body" (or "attachments") field when this post, with
    this many files, should wait or change."""
    if is_moderator(viewer):
        return
    now = timezone.now()
    own = Post.objects.filter(author=viewer.user)
    if typed:
        _check_flood(own, now)
    if attachments:
        _check_uploads(viewer, now, attachments)
    if can_animate_space(viewer, space):
        return
    if links > FIRST_POST_MAX_LINKS and _taken_part(own) == 0:
        raise _first_post_links_refusal()
    first_day_ends = viewer.user.date_joined + FIRST_DAY
    if now < first_day_ends:
        _check_first_day(own, first_day_ends)


def _check_flood(own: QuerySet[Post], now: datetime) -> None:
    if own.filter(created_at__gte=now - FLOOD_WINDOW).count() >= FLOOD_POSTS:
        raise ValidationError(
            {
                "body": _(
                    "Vous avez publié plusieurs messages en moins d'une minute. Pour que les "
                    "conversations restent lisibles, attendez un instant avant d'envoyer "
                    "celui-ci : votre texte est conservé ci-dessous."
                )
            }
        )


def _check_uploads(viewer: Viewer, now: datetime, adding: int) -> None:
    recent = Attachment.objects.filter(
        post__author=viewer.user, created_at__gte=now - UPLOADS_WINDOW
    ).order_by("created_at")
    oldest = recent.values_list("created_at", flat=True)[:1]
    already = recent.count()
    if already + adding <= UPLOADS_PER_HOUR:
        return
    if already < UPLOADS_PER_HOUR:
        raise ValidationError(
            {
                "attachments": _(
                    "Avec ces fichiers, vous en auriez joint %(total)s dans la dernière heure ; "
                    "la limite pour tout le monde est de %(count)s. Retirez-en quelques-uns, ou "
                    "publiez votre message sans fichier : votre texte est conservé ci-dessous."
                )
                % {"total": already + adding, "count": UPLOADS_PER_HOUR}
            }
        )
    raise ValidationError(
        {
            "attachments": _(
                "Vous avez joint %(count)s fichiers dans la dernière heure, la limite pour "
                "tout le monde. Vous pourrez en joindre un autre à partir de %(when)s ; vous "
                "pouvez aussi publier votre message sans fichier : votre texte est conservé "
                "ci-dessous."
            )
            % {"count": UPLOADS_PER_HOUR, "when": _moment(oldest[0] + UPLOADS_WINDOW)}
        }
    )


def _check_first_day(own: QuerySet[Post], first_day_ends: datetime) -> None:
    # Within the first day, every post of theirs is one of the first day's.
    if own.count() < FIRST_DAY_POSTS:
        return
    raise ValidationError(
        {
            "body": _(
                "Bienvenue ! Le premier jour, on peut publier jusqu'à %(count)s messages : "
                "cette règle protège la communauté des envois automatiques. Vous pourrez "
                "envoyer celui-ci à partir de %(when)s ; votre texte est conservé ci-dessous."
            )
            % {"count": FIRST_DAY_POSTS, "when": _moment(first_day_ends)}
        }
    )


def check_new_conversation_limit(viewer: Viewer) -> None:
    """Raise a ValidationError for the "body" field when starting one more private
    conversation should wait."""
    if is_moderator(viewer):
        return
    now = timezone.now()
    started = Conversation.objects.filter(created_by=viewer.user)
    first_day_ends = viewer.user.date_joined + FIRST_DAY
    if now < first_day_ends:
        if started.count() < NEW_CONVERSATIONS_FIRST_DAY:
            return
        raise ValidationError(
            {
                "body": ngettext(
                    "Bienvenue ! Le premier jour, on peut commencer jusqu'à %(count)s "
                    "conversation privée : cette règle protège les membres des envois "
                    "automatiques. Vous pourrez commencer celle-ci à partir de %(when)s ; vous "
                    "pouvez déjà répondre dans vos conversations. Votre texte est conservé "
                    "ci-dessous.",
                    "Bienvenue ! Le premier jour, on peut commencer jusqu'à %(count)s "
                    "conversations privées : cette règle protège les membres des envois "
                    "automatiques. Vous pourrez commencer celle-ci à partir de %(when)s ; vous "
                    "pouvez déjà répondre dans vos conversations. Votre texte est conservé "
                    "ci-dessous.",
                    NEW_CONVERSATIONS_FIRST_DAY,
                )
                % {"count": NEW_CONVERSATIONS_FIRST_DAY, "when": _moment(first_day_ends)}
            }
        )
    recent = started.filter(created_at__gte=now - CONVERSATIONS_WINDOW)
    if recent.count() < NEW_CONVERSATIONS_PER_DAY:
        return
    oldest = recent.order_by("created_at").values_list("created_at", flat=True)[0]
    raise ValidationError(
        {
            "body": _(
                "Vous avez commencé %(count)s conversations privées en une journée, la limite "
                "pour tout le monde. Vous pourrez en commencer une autre à partir de "
                "%(when)s ; vous pouvez déjà répondre dans vos conversations. Votre texte est "
                "conservé ci-dessous."
            )
            % {"count": NEW_CONVERSATIONS_PER_DAY, "when": _moment(oldest + CONVERSATIONS_WINDOW)}
        }
    )


def _moment(value: datetime) -> str:
    """ "14 h 30" today, "demain à 14 h 30" the next day, in the member's time zone."""
    local = timezone.localtime(value)
    time = format_time(local)
    if local.date() == timezone.localdate():
        return time
    return _("demain à %(time)s") % {"time": time}


def check_edit_limits(post: Post, *, viewer: Viewer, links: int) -> None:
    """Raise a ValidationError for the "body" field when an edit gives a newcomer's first post
    more links than it could have been published with."""
    if links <= FIRST_POST_MAX_LINKS:
        return
    if is_moderator(viewer) or can_animate_space(viewer, post.topic.space):
        return
    own = Post.objects.filter(author_id=post.author_id)
    if _taken_part(own) >= NEW_MEMBER_POSTS:
        return
    if not _taken_part(own.filter(created_at__lt=post.created_at)):
        raise _first_post_links_refusal()
