"""Who may follow, mute and announce: check_* raise, can_* answer."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Space, Topic
from communaute.permissions.forum import can_animate_space, can_view_space
from communaute.permissions.viewer import Viewer


def can_follow_space(viewer: Viewer, space: Space) -> bool:
    return viewer.is_authenticated and viewer.is_active and can_view_space(viewer, space)


def check_follow_space_permission(viewer: Viewer, space: Space) -> None:
    if not can_follow_space(viewer, space):
        raise PermissionDenied(_("Vous ne pouvez pas suivre cet espace."))


def can_follow_topic(viewer: Viewer, topic: Topic) -> bool:
    return can_follow_space(viewer, topic.space)


def check_follow_topic_permission(viewer: Viewer, topic: Topic) -> None:
    if not can_follow_topic(viewer, topic):
        raise PermissionDenied(_("Vous ne pouvez pas suivre ce sujet."))


def can_announce(viewer: Viewer, space: Space) -> bool:
    return viewer.is_authenticated and viewer.is_active and can_animate_space(viewer, space)


def check_announce_permission(viewer: Viewer, space: Space) -> None:
    if not can_announce(viewer, space):
        raise PermissionDenied(
            _("Seules les personnes qui animent l'espace peuvent y publier une annonce.")
        )
