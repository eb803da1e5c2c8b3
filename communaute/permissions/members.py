"""Who may do what with members' accounts and profiles: check_* raises, can_* answers."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Member
from communaute.permissions.viewer import Viewer


def can_view_profile(viewer: Viewer, member: Member) -> bool:
    # Québec's privacy law: profiles are for signed-in members, never for the open web.
    return viewer.is_authenticated and member.is_active


def check_view_profile_permission(viewer: Viewer, member: Member) -> None:
    if not can_view_profile(viewer, member):
        raise PermissionDenied(_("Les profils sont visibles par les membres connectés seulement."))


def can_edit_profile(viewer: Viewer, member: Member) -> bool:
    return viewer.is_authenticated and viewer.pk == member.pk


def check_edit_profile_permission(viewer: Viewer, member: Member) -> None:
    if not can_edit_profile(viewer, member):
        raise PermissionDenied(_("Vous ne pouvez modifier que votre propre profil."))


def can_delete_account(viewer: Viewer, member: Member) -> bool:
    # A superuser's account is removed by another administrator, so the site always keeps one.
    return viewer.is_authenticated and viewer.pk == member.pk and not member.is_superuser


def check_delete_account_permission(viewer: Viewer, member: Member) -> None:
    if not viewer.is_authenticated or viewer.pk != member.pk:
        raise PermissionDenied(_("Vous ne pouvez supprimer que votre propre compte."))
    if member.is_superuser:
        raise PermissionDenied(
            _(
                "Un compte superutilisateur ne peut pas être supprimé depuis le site : "
                "demandez à une autre personne de l'administration de le faire."
            )
        )


def can_manage_consents(viewer: Viewer, member: Member) -> bool:
    # A suspension stops writing in the spaces, never a privacy right: a suspended member
    # withdraws or gives their consents like anyone.
    return viewer.is_authenticated and viewer.pk == member.pk and member.is_active


def check_manage_consents_permission(viewer: Viewer, member: Member) -> None:
    if not can_manage_consents(viewer, member):
        raise PermissionDenied(_("Vous ne pouvez changer que vos propres consentements."))
