"""Gentle limits on writing: for everyone against flooding, and a little more for newcomers.

New members are limited until they have taken part a little (NEW_MEMBER_POSTS visible posts):
automated spam comes from fresh accounts, and these caps cost a real person almost nothing.
Moderators are not limited; the animators of a space are no newcomers there, though they too
wait a moment when they flood. The cap on links of a first
post holds when it is edited too, or editing would be the way around it.
Each refusal is a ValidationError on the message field, so the form shows it next to the text,
which is kept, and the words say what to do rather than what is suspected.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communaute.models import Post, Space
from communaute.permissions.forum import can_animate_space
from communaute.permissions.moderation import is_moderator
from communaute.permissions.viewer import Viewer
from passerelles.core.formats import format_time

NEW_MEMBER_POSTS = 5
NEW_MEMBER_POSTS_PER_HOUR = 3
FIRST_POST_MAX_LINKS = 2
FLOOD_POSTS = 3
FLOOD_WINDOW = timedelta(minutes=1)


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


def check_posting_limits(viewer: Viewer, *, space: Space, links: int) -> None:
    """Raise a ValidationError for the "body" field when this post should wait or change."""
    if is_moderator(viewer):
        return
    now = timezone.now()
    own = Post.objects.filter(author=viewer.user)
    recent = list(
        own.filter(created_at__gte=now - timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(FLOOD_POSTS, NEW_MEMBER_POSTS_PER_HOUR)]
    )
    if len([at for at in recent if at >= now - FLOOD_WINDOW]) >= FLOOD_POSTS:
        raise ValidationError(
            {
                "body": _(
                    "Vous avez publié plusieurs messages en moins d'une minute. Pour que les "
                    "conversations restent lisibles, attendez un instant avant d'envoyer "
                    "celui-ci : votre texte est conservé ci-dessous."
                )
            }
        )
    if can_animate_space(viewer, space):
        return
    taken_part = _taken_part(own)
    if taken_part >= NEW_MEMBER_POSTS:
        return
    if taken_part == 0 and links > FIRST_POST_MAX_LINKS:
        raise _first_post_links_refusal()
    if len(recent) >= NEW_MEMBER_POSTS_PER_HOUR:
        # The oldest of the hour's posts leaves the window first: then a place frees up.
        free_at = recent[NEW_MEMBER_POSTS_PER_HOUR - 1] + timedelta(hours=1)
        raise ValidationError(
            {
                "body": _(
                    "Pendant vos premiers pas dans la communauté, on peut publier jusqu'à "
                    "%(count)s messages par heure. Vous pourrez envoyer celui-ci à partir de "
                    "%(time)s ; votre texte est conservé ci-dessous."
                )
                % {
                    "count": NEW_MEMBER_POSTS_PER_HOUR,
                    "time": format_time(timezone.localtime(free_at)),
                }
            }
        )


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
