"""The live channel of access requests: "request:<id>" pokes the request's open pages when an
entry is added to its timeline (ressources/services/access.py publishes it)."""

from communaute.permissions.viewer import Viewer
from passerelles.core.forms import id_or_none
from passerelles.core.live import register_channel
from ressources.models import AccessRequest
from ressources.permissions.access import can_view_request


def can_listen_request(user, key: str) -> bool:
    """The page's own check: the member who asked or a representative of the organization."""
    pk = id_or_none(key)
    access_request = (
        AccessRequest.objects.select_related("service").filter(pk=pk).first() if pk else None
    )
    return access_request is not None and can_view_request(Viewer.of(user), access_request)


def register() -> None:
    register_channel("request", can_listen_request)
