"""Writes on the register of confidentiality incidents (Law 25): every save keeps a version."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from communaute.models import ConfidentialityIncident, ConfidentialityIncidentVersion, Member
from communaute.models.privacy import INCIDENT_FIELDS
from communaute.permissions.privacy import check_record_incident_permission


def _snapshot(incident: ConfidentialityIncident) -> dict[str, Any]:
    snapshot = {}
    for name in INCIDENT_FIELDS:
        value = getattr(incident, name)
        snapshot[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return snapshot


@transaction.atomic
def save_incident(incident: ConfidentialityIncident, *, actor: Member) -> ConfidentialityIncident:
    """Record a new incident or complete one; either way the register keeps this version."""
    creating = incident.pk is None
    check_record_incident_permission(actor, creating=creating)
    now = timezone.now()
    if creating:
        incident.recorded_by = actor
        incident.created_at = now
    else:
        # One writer at a time: two people completing the same entry each leave their version.
        ConfidentialityIncident.objects.select_for_update().filter(pk=incident.pk).first()
    incident.updated_at = now
    incident.save()
    ConfidentialityIncidentVersion.objects.create(
        incident=incident,
        changed_by=actor,
        changed_by_name=f"{actor.display_name} <{actor.email}>",
        changed_at=now,
        snapshot=_snapshot(incident),
    )
    return incident
