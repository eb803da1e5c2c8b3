"""Who may moderate: check_* raise PermissionDenied with a French message, can_* answer.

Moderators of a space are its animators and the members of the Animation group (roles.py),
among the people who may read it; superusers moderate everywhere. Private spaces stay private:
the Animation group moderates them only once its members belong to them.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions import roles
from communaute.permissions.forum import can_animate_space, can_view_space
from communaute.permissions.suspensions import active_suspension


def is_moderator(user):
    """Superusers and the Animation group: moderators of every space they may read. A suspended
    moderator reads as everyone does and acts for nobody, on the site or in the admin."""
    if not user.is_authenticated or not user.is_active or active_suspension(user) is not None:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_moderator"):
        user._is_moderator = user.groups.filter(name=roles.ANIMATION).exists()
    return user._is_moderator


def can_moderate_space(user, space):
    if not user.is_authenticated or not user.is_active or active_suspension(user) is not None:
        return False
    if user.is_superuser:
        return True
    return can_view_space(user, space) and (is_moderator(user) or can_animate_space(user, space))


def check_moderate_space_permission(user, space):
    if not can_moderate_space(user, space):
        raise PermissionDenied(
            _("Seules les personnes qui animent cet espace peuvent faire cette action.")
        )


def can_view_dashboard(user, space):
    return can_moderate_space(user, space)


def check_view_dashboard_permission(user, space):
    if not can_view_dashboard(user, space):
        raise PermissionDenied(
            _("Le tableau de bord est réservé aux personnes qui animent l'espace.")
        )


def can_view_topic(user, topic):
    """A hidden topic exists only for its space's moderators and its author."""
    if topic.hidden_at is None:
        return True
    if not user.is_authenticated:
        return False
    return topic.author_id == user.pk or can_moderate_space(user, topic.space)


def can_see_hidden_post(user, post):
    """Moderators see hidden posts, marked; their authors see their own, to know why."""
    if not user.is_authenticated:
        return False
    return post.author_id == user.pk or can_moderate_space(user, post.topic.space)


def can_flag_post(user, post):
    if not user.is_authenticated or not user.is_active:
        return False
    if post.is_deleted or post.is_hidden or post.topic.hidden_at or post.author_id == user.pk:
        return False
    return can_view_space(user, post.topic.space)


def check_flag_post_permission(user, post):
    if not can_flag_post(user, post):
        raise PermissionDenied(_("Vous ne pouvez pas signaler ce message."))


def can_suspend_member(user, member):
    # Accounts of the administration are dealt with by other administrators, not suspended.
    return (
        is_moderator(user) and member.pk != user.pk and not (member.is_staff or member.is_superuser)
    )


def check_suspend_member_permission(user, member):
    if not can_suspend_member(user, member):
        raise PermissionDenied(_("Vous ne pouvez pas suspendre ce compte."))


def can_lift_suspension(user, member):
    # Unlike suspending, lifting stays possible when the member has since joined the staff:
    # otherwise nobody could ever end that suspension.
    return is_moderator(user) and member.pk != user.pk


def check_lift_suspension_permission(user, member):
    if not can_lift_suspension(user, member):
        raise PermissionDenied(_("Vous ne pouvez pas lever cette suspension."))
