"""Who may do what with the sector's needs: check_* raise PermissionDenied, can_* answer.

Needs are public to read, without the names of the people who share them unless each chose to
show theirs. Any active member declares or joins a need; a representative (or an administrator)
says which service meets it, and only with a service their organization offers.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from communaute.models import Topic
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from ressources.models import NEEDS_SPACE_SLUG, Need, Service
from ressources.permissions.catalogue import can_manage_service, can_offer_services
from ressources.permissions.organizations import is_representative


def _is_active_member(viewer: Viewer) -> bool:
    # A suspended member reads the needs but, as in the forum, adds nothing until the end date.
    return viewer.is_authenticated and viewer.is_active and viewer.active_suspension is None


def can_declare_need(viewer: Viewer) -> bool:
    return _is_active_member(viewer)


def check_declare_need_permission(viewer: Viewer) -> None:
    check_not_suspended(viewer)
    if not can_declare_need(viewer):
        raise PermissionDenied(_("Connectez-vous pour déclarer un besoin."))


def can_join_need(viewer: Viewer, need: Need, *, supporting: bool = False) -> bool:
    return _is_active_member(viewer) and need.is_open and not supporting


def check_join_need_permission(viewer: Viewer, need: Need, *, supporting: bool = False) -> None:
    check_not_suspended(viewer)
    if not _is_active_member(viewer):
        raise PermissionDenied(_("Connectez-vous pour indiquer que vous partagez ce besoin."))
    if not need.is_open:
        raise PermissionDenied(_("Ce besoin est déjà comblé."))
    if supporting:
        raise PermissionDenied(_("Vous partagez déjà ce besoin."))


def can_open_conversation(viewer: Viewer, need: Need) -> bool:
    return _is_active_member(viewer) and need.topic_id is None


def check_open_conversation_permission(viewer: Viewer, need: Need) -> None:
    check_not_suspended(viewer)
    if not _is_active_member(viewer):
        raise PermissionDenied(_("Connectez-vous pour ouvrir une conversation."))
    if need.topic_id is not None:
        raise PermissionDenied(_("Ce besoin a déjà sa conversation."))


def can_open_need_poll(viewer: Viewer, need: Need) -> bool:
    """The need's author, or a representative, asks the members in the need's conversation
    (« Quel format vous conviendrait ? »)."""
    return _is_active_member(viewer) and (
        (need.author_id is not None and need.author_id == viewer.pk) or can_offer_services(viewer)
    )


def check_open_need_poll_permission(viewer: Viewer, need: Need) -> None:
    check_not_suspended(viewer)
    if not can_open_need_poll(viewer, need):
        raise PermissionDenied(
            _(
                "Seules la personne qui a déclaré le besoin et les personnes qui représentent "
                "une organisation partenaire y ouvrent un sondage."
            )
        )


def opens_poll_in_need_conversation(viewer: Viewer, topic: Topic) -> bool:
    """The rule ressources adds to who may add a poll to a topic (communaute/hooks/polls.py)."""
    # Need conversations live in their own space: any other topic costs no query.
    if not _is_active_member(viewer) or topic.space.slug != NEEDS_SPACE_SLUG:
        return False
    need = Need.objects.filter(topic_id=topic.pk).only("pk", "author_id").first()
    return need is not None and can_open_need_poll(viewer, need)


def can_mark_need_met(viewer: Viewer, need: Need) -> bool:
    """Representatives of an organization that offers services, and administrators."""
    return need.is_open and can_offer_services(viewer)


def check_mark_need_met_permission(
    viewer: Viewer, need: Need, service: Service | None = None
) -> None:
    check_not_suspended(viewer)
    if not need.is_open:
        raise PermissionDenied(
            _("Ce besoin est déjà comblé : un service y répond, il n'y a plus rien à relier.")
        )
    if not can_offer_services(viewer):
        raise PermissionDenied(
            _(
                "Seules les personnes qui représentent une organisation partenaire indiquent "
                "qu'un service comble un besoin."
            )
        )
    if service is not None and (
        not service.is_published or not can_manage_service(viewer, service)
    ):
        raise PermissionDenied(
            _("Vous ne pouvez relier qu'un service publié de votre organisation.")
        )


def can_see_demand(viewer: Viewer) -> bool:
    return is_representative(viewer)
