"""The drafts of messages on access requests (communaute/hooks/drafts.py): kept for whoever may
write in the request, the member who asked or a representative."""

from collections.abc import Collection

from django.utils.translation import gettext_lazy as _

from communaute.hooks.drafts import DraftTarget, register_draft_place
from communaute.permissions.viewer import Viewer
from ressources.models import AccessRequest
from ressources.permissions.access import can_take_part


def _request_targets(viewer: Viewer, ids: Collection[int]) -> dict[int, DraftTarget]:
    requests = (
        AccessRequest.objects.filter(pk__in=ids)
        .select_related("service")
        .prefetch_related("service__organizations")
    )
    return {
        access_request.pk: DraftTarget(
            str(access_request.service), access_request.url_for(viewer.user) + "#answer-heading"
        )
        for access_request in requests
        if can_take_part(viewer, access_request)
    }


REQUEST = register_draft_place("request", _("Message sur une demande d'accès"), _request_targets)
