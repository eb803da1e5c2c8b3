"""Who may see and write in the community spaces: check_* raise, can_* answer."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Space, SpaceMembership
from communaute.permissions.suspensions import active_suspension, check_not_suspended


def _membership(user, space):
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_space_roles", None)
    if cache is None:
        cache = dict(SpaceMembership.objects.filter(member=user).values_list("space_id", "role"))
        user._space_roles = cache
    return cache.get(space.pk)


def forget_memberships(user):
    """After a membership changes, the next check reads the database again."""
    if hasattr(user, "_space_roles"):
        del user._space_roles


def is_space_member(user, space):
    return _membership(user, space) is not None


def can_view_space(user, space):
    if space.visibility == Space.Visibility.PUBLIC:
        return True
    if space.visibility == Space.Visibility.MEMBERS:
        return user.is_authenticated
    return user.is_authenticated and (user.is_superuser or _membership(user, space) is not None)


def can_post_in_space(user, space):
    if not user.is_authenticated or not user.is_active:
        return False
    if active_suspension(user) is not None:
        return False
    if space.visibility == Space.Visibility.PRIVATE:
        return user.is_superuser or _membership(user, space) is not None
    return True


def check_post_in_space_permission(user, space):
    check_not_suspended(user)
    if not can_post_in_space(user, space):
        raise PermissionDenied(_("Vous ne pouvez pas écrire dans cet espace."))


def can_animate_space(user, space):
    # A suspended animator still reads the space, but no longer acts for it.
    return (
        user.is_authenticated
        and active_suspension(user) is None
        and (user.is_superuser or _membership(user, space) == SpaceMembership.Role.ANIMATOR)
    )


def check_animate_space_permission(user, space):
    if not can_animate_space(user, space):
        raise PermissionDenied(_("Seules les personnes qui animent l'espace y ont accès."))


def check_reply_permission(user, topic):
    check_post_in_space_permission(user, topic.space)
    if topic.is_locked and not can_animate_space(user, topic.space):
        raise PermissionDenied(_("Ce sujet est verrouillé : on ne peut plus y répondre."))


def can_edit_post(user, post):
    # A hidden post waits for the moderators' decision; a suspended member writes nothing.
    if not user.is_authenticated or post.is_deleted or post.is_hidden:
        return False
    if active_suspension(user) is not None:
        return False
    return post.author_id == user.pk or can_animate_space(user, post.topic.space)


def check_edit_post_permission(user, post):
    if not can_edit_post(user, post):
        raise PermissionDenied(_("Vous ne pouvez modifier que vos propres messages."))
