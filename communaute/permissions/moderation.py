"""Who may moderate: check_* raise PermissionDenied with a French message, can_* answer.

Moderators of a space are its animators and the members of the Animation group (roles.py),
among the people who may read it; superusers moderate everywhere. Private spaces stay private:
the Animation group moderates them only once its members belong to them.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Member, Post, Space, Topic
from communaute.permissions.forum import can_animate_space, can_view_space
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer


def is_moderator(viewer: Viewer) -> bool:
    """Superusers and the Animation group: moderators of every space they may read. A suspended
    moderator reads as everyone does and acts for nobody, on the site or in the admin."""
    if not viewer.is_authenticated or not viewer.is_active or viewer.active_suspension is not None:
        return False
    return viewer.is_superuser or viewer.in_animation_group


def can_moderate_space(viewer: Viewer, space: Space) -> bool:
    if not viewer.is_authenticated or not viewer.is_active or viewer.active_suspension is not None:
        return False
    if viewer.is_superuser:
        return True
    return can_view_space(viewer, space) and (
        is_moderator(viewer) or can_animate_space(viewer, space)
    )


def check_moderate_space_permission(viewer: Viewer, space: Space) -> None:
    if not can_moderate_space(viewer, space):
        raise PermissionDenied(
            _("Seules les personnes qui animent cet espace peuvent faire cette action.")
        )


def can_view_dashboard(viewer: Viewer, space: Space) -> bool:
    return can_moderate_space(viewer, space)


def check_view_dashboard_permission(viewer: Viewer, space: Space) -> None:
    if not can_view_dashboard(viewer, space):
        raise PermissionDenied(
            _("Le tableau de bord est réservé aux personnes qui animent l'espace.")
        )


def can_view_topic(viewer: Viewer, topic: Topic) -> bool:
    """A hidden topic exists only for its space's moderators and its author."""
    if topic.hidden_at is None:
        return True
    if not viewer.is_authenticated:
        return False
    return topic.author_id == viewer.pk or can_moderate_space(viewer, topic.space)


def can_see_hidden_post(viewer: Viewer, post: Post) -> bool:
    """Moderators see hidden posts, marked; their authors see their own, to know why."""
    if not viewer.is_authenticated:
        return False
    return post.author_id == viewer.pk or can_moderate_space(viewer, post.topic.space)


def can_flag_post(viewer: Viewer, post: Post) -> bool:
    # A report notifies the space's animators: a suspended member sends none (suspensions.py).
    if not viewer.is_authenticated or not viewer.is_active or viewer.active_suspension is not None:
        return False
    if post.is_deleted or post.is_hidden or post.topic.hidden_at or post.author_id == viewer.pk:
        return False
    return can_view_space(viewer, post.topic.space)


def check_flag_post_permission(viewer: Viewer, post: Post) -> None:
    check_not_suspended(viewer)
    if not can_flag_post(viewer, post):
        raise PermissionDenied(_("Vous ne pouvez pas signaler ce message."))


def can_suspend_member(viewer: Viewer, member: Member) -> bool:
    # Accounts of the administration are dealt with by other administrators, not suspended.
    return (
        is_moderator(viewer)
        and member.pk != viewer.pk
        and not (member.is_staff or member.is_superuser)
    )


def check_suspend_member_permission(viewer: Viewer, member: Member) -> None:
    if not can_suspend_member(viewer, member):
        raise PermissionDenied(_("Vous ne pouvez pas suspendre ce compte."))


def can_lift_suspension(viewer: Viewer, member: Member) -> bool:
    # Unlike suspending, lifting stays possible when the member has since joined the staff:
    # otherwise nobody could ever end that suspension.
    return is_moderator(viewer) and member.pk != viewer.pk


def check_lift_suspension_permission(viewer: Viewer, member: Member) -> None:
    if not can_lift_suspension(viewer, member):
        raise PermissionDenied(_("Vous ne pouvez pas lever cette suspension."))
