"""The data of pooled resources, one module per topic; imported here for Django and for
``from ressources.models import Service``."""

from ressources.models.access import (
    AccessRequest,
    AccessRequestEvent,
    RequestAttachment,
    ServiceFeedback,
)
from ressources.models.catalogue import Service, ServiceQuerySet
from ressources.models.needs import (
    NEEDS_SPACE_SLUG,
    Need,
    NeedQuerySet,
    NeedSupport,
    ServiceMatchNotice,
)
from ressources.models.organizations import (
    Organization,
    OrganizationFollow,
    Representative,
    validate_logo,
)

__all__ = [
    "NEEDS_SPACE_SLUG",
    "AccessRequest",
    "AccessRequestEvent",
    "Need",
    "NeedQuerySet",
    "NeedSupport",
    "Organization",
    "OrganizationFollow",
    "Representative",
    "RequestAttachment",
    "Service",
    "ServiceFeedback",
    "ServiceMatchNotice",
    "ServiceQuerySet",
    "validate_logo",
]
