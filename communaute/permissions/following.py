"""Who may follow, mute and announce: check_* raise, can_* answer."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.forum import can_animate_space, can_view_space


def can_follow_space(user, space):
    return user.is_authenticated and user.is_active and can_view_space(user, space)


def check_follow_space_permission(user, space):
    if not can_follow_space(user, space):
        raise PermissionDenied(_("Vous ne pouvez pas suivre cet espace."))


def can_follow_topic(user, topic):
    return can_follow_space(user, topic.space)


def check_follow_topic_permission(user, topic):
    if not can_follow_topic(user, topic):
        raise PermissionDenied(_("Vous ne pouvez pas suivre ce sujet."))


def can_announce(user, space):
    return user.is_authenticated and user.is_active and can_animate_space(user, space)


def check_announce_permission(user, space):
    if not can_announce(user, space):
        raise PermissionDenied(
            _("Seules les personnes qui animent l'espace peuvent y publier une annonce.")
        )
