"""The data of pooled resources, one module per topic; imported here for Django and for
``from ressources.models import Service``."""

from ressources.models.access import (
    AccessRequest,
    AccessRequestEvent,
    RequestAttachment,
    ServiceFeedback,
)
from ressources.models.catalogue import Service, ServiceQuerySet
from ressources.models.funding import (
    FundingCall,
    FundingDeadline,
    FundingFollow,
    FundingReminder,
    PartnerSearch,
)
from ressources.models.gatherings import (
    PROVINCE_TIME_ZONES,
    CalendarFeedToken,
    Gathering,
    GatheringQuerySet,
    GatheringRegistration,
    GatheringTimeZone,
)
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
    "PROVINCE_TIME_ZONES",
    "AccessRequest",
    "AccessRequestEvent",
    "CalendarFeedToken",
    "FundingCall",
    "FundingDeadline",
    "FundingFollow",
    "FundingReminder",
    "Gathering",
    "GatheringQuerySet",
    "GatheringRegistration",
    "GatheringTimeZone",
    "Need",
    "NeedQuerySet",
    "NeedSupport",
    "Organization",
    "OrganizationFollow",
    "PartnerSearch",
    "Representative",
    "RequestAttachment",
    "Service",
    "ServiceFeedback",
    "ServiceMatchNotice",
    "ServiceQuerySet",
    "validate_logo",
]
