"""Who may do what with funding calls: check_* raise PermissionDenied, can_* answer.

Published and archived calls are public; a suggested call waits for the editors, unseen by
others (its address answers 404, as for a call that does not exist). Any active member suggests
a call, follows a published one, says they look for partners and answers someone who does.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from ressources.models import FundingCall, PartnerSearch
from ressources.permissions.organizations import represented_organization_ids


def _is_active_member(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_active and viewer.active_suspension is None


def can_see_call(viewer: Viewer, call: FundingCall) -> bool:
    return call.status != FundingCall.Status.SUGGESTED


def can_suggest_call(viewer: Viewer) -> bool:
    return _is_active_member(viewer)


def check_suggest_call_permission(viewer: Viewer) -> None:
    check_not_suspended(viewer)
    if not can_suggest_call(viewer):
        raise PermissionDenied(_("Connectez-vous pour proposer un appel."))


def can_follow_call(viewer: Viewer, call: FundingCall) -> bool:
    return _is_active_member(viewer) and call.is_published


def check_follow_call_permission(viewer: Viewer, call: FundingCall) -> None:
    check_not_suspended(viewer)
    if not _is_active_member(viewer):
        raise PermissionDenied(_("Connectez-vous pour suivre cet appel."))
    if not call.is_published:
        raise PermissionDenied(_("Cet appel est fermé."))


def can_search_partners(viewer: Viewer, call: FundingCall) -> bool:
    return _is_active_member(viewer) and call.is_published


def check_search_partners_permission(
    viewer: Viewer, call: FundingCall, *, organization_id: int | None = None
) -> None:
    check_not_suspended(viewer)
    if not _is_active_member(viewer):
        raise PermissionDenied(_("Connectez-vous pour chercher des partenaires."))
    if not call.is_published:
        raise PermissionDenied(_("Cet appel est fermé."))
    if organization_id is not None and organization_id not in represented_organization_ids(viewer):
        raise PermissionDenied(_("Vous ne représentez pas cette organisation."))


def can_answer_partner_search(viewer: Viewer, search: PartnerSearch) -> bool:
    return _is_active_member(viewer) and search.is_open and search.author_id != viewer.pk


def check_answer_partner_search_permission(viewer: Viewer, search: PartnerSearch) -> None:
    check_not_suspended(viewer)
    if not _is_active_member(viewer):
        raise PermissionDenied(_("Connectez-vous pour répondre."))
    if search.author_id == viewer.pk:
        raise PermissionDenied(_("C'est votre propre recherche."))
    if not search.is_open:
        raise PermissionDenied(_("Cette recherche de partenaires est close."))


def invites_answers(sender, recipient) -> bool:
    """Someone with an open partner search on a published call asked to be written to."""
    return PartnerSearch.objects.filter(
        author=recipient, is_open=True, call__status=FundingCall.Status.PUBLISHED
    ).exists()
