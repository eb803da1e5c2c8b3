"""Reads of the register of confidentiality incidents: its versions and its CSV export."""

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from communaute.models import ConfidentialityIncident, ConfidentialityIncidentVersion
from communaute.models.privacy import INCIDENT_FIELDS

# Excel reads a CSV as UTF-8 only when it opens with a byte order mark; without one, accents
# come out garbled.
BYTE_ORDER_MARK = "\ufeff"


def field_label(name: str) -> str:
    return capfirst(ConfidentialityIncident._meta.get_field(name).verbose_name)


def display_value(value) -> str:
    """A snapshot's or a field's value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if isinstance(value, str) and (parsed := parse_datetime(value)) is not None:
        value = parsed
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def incident_versions(incident: ConfidentialityIncident) -> list[dict]:
    """Every version, oldest first, each with the fields it changed (all of them at first)."""
    versions, previous = [], {}
    for version in ConfidentialityIncidentVersion.objects.filter(incident=incident).order_by(
        "changed_at", "id"
    ):
        changes = [
            (field_label(name), display_value(version.snapshot.get(name)))
            for name in INCIDENT_FIELDS
            if name not in previous or previous[name] != version.snapshot.get(name)
        ]
        versions.append({"version": version, "changes": changes})
        previous = version.snapshot
    return versions


def incident_register_csv(incidents: Iterable[ConfidentialityIncident] | None = None) -> str:
    """The register as a spreadsheet: one row per incident, its current state, French headers."""
    if incidents is None:
        incidents = ConfidentialityIncident.objects.all()
    incidents = (
        ConfidentialityIncident.objects.filter(pk__in=[incident.pk for incident in incidents])
        .select_related("recorded_by")
        .annotate(version_count=Count("versions"))
        .order_by("discovered_at", "id")
    )
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Numéro"),
            *(field_label(name) for name in INCIDENT_FIELDS),
            field_label("recorded_by"),
            field_label("created_at"),
            field_label("updated_at"),
            _("Nombre de versions"),
        ]
    )
    for incident in incidents:
        writer.writerow(
            [
                incident.pk,
                *(display_value(getattr(incident, name)) for name in INCIDENT_FIELDS),
                incident.recorded_by.display_name if incident.recorded_by else "—",
                display_value(incident.created_at),
                display_value(incident.updated_at),
                incident.version_count,
            ]
        )
    return buffer.getvalue()
