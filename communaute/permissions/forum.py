"""Who may see and write in the community spaces: check_* raise, can_* answer."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Post, Space, SpaceMembership, Topic
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer


def is_space_member(viewer: Viewer, space: Space) -> bool:
    return viewer.space_role(space) is not None


def can_view_space(viewer: Viewer, space: Space) -> bool:
    if space.visibility == Space.Visibility.PUBLIC:
        return True
    if space.visibility == Space.Visibility.MEMBERS:
        return viewer.is_authenticated
    return viewer.is_authenticated and (viewer.is_superuser or is_space_member(viewer, space))


def can_post_in_space(viewer: Viewer, space: Space) -> bool:
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.active_suspension is not None:
        return False
    if space.visibility == Space.Visibility.PRIVATE:
        return viewer.is_superuser or is_space_member(viewer, space)
    return True


def check_post_in_space_permission(viewer: Viewer, space: Space) -> None:
    check_not_suspended(viewer)
    if not can_post_in_space(viewer, space):
        raise PermissionDenied(_("Vous ne pouvez pas écrire dans cet espace."))


def can_animate_space(viewer: Viewer, space: Space) -> bool:
    # A suspended animator still reads the space, but no longer acts for it.
    return (
        viewer.is_authenticated
        and viewer.active_suspension is None
        and (viewer.is_superuser or viewer.space_role(space) == SpaceMembership.Role.ANIMATOR)
    )


def check_animate_space_permission(viewer: Viewer, space: Space) -> None:
    if not can_animate_space(viewer, space):
        raise PermissionDenied(_("Seules les personnes qui animent l'espace y ont accès."))


def check_reply_permission(viewer: Viewer, topic: Topic) -> None:
    check_post_in_space_permission(viewer, topic.space)
    if topic.is_locked and not can_animate_space(viewer, topic.space):
        raise PermissionDenied(_("Ce sujet est verrouillé : on ne peut plus y répondre."))


def can_edit_post(viewer: Viewer, post: Post) -> bool:
    # A hidden post waits for the moderators' decision; a suspended member writes nothing.
    if not viewer.is_authenticated or post.is_deleted or post.is_hidden:
        return False
    if viewer.active_suspension is not None:
        return False
    return post.author_id == viewer.pk or can_animate_space(viewer, post.topic.space)


def check_edit_post_permission(viewer: Viewer, post: Post) -> None:
    if not can_edit_post(viewer, post):
        raise PermissionDenied(_("Vous ne pouvez modifier que vos propres messages."))
