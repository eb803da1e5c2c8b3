"""Reads for the privacy centre: where each consent stands, and its history."""

from __future__ import annotations

from django.db.models import QuerySet

from communaute.hooks.consents import Purpose, get_purpose, purposes
from communaute.models import ConsentRecord, Member


def _latest_records(member: Member) -> dict[str, ConsentRecord]:
    latest: dict[str, ConsentRecord] = {}
    # Newest first (the model's ordering): the first row of each purpose is its latest.
    for record in ConsentRecord.objects.filter(member=member):
        latest.setdefault(record.purpose, record)
    return latest


def _given(member: Member, purpose: Purpose, latest: ConsentRecord | None) -> bool:
    if purpose.is_given is not None:
        return purpose.is_given(member)
    return latest.given if latest is not None else purpose.default


def consent_given(member: Member, key: str) -> bool:
    """Whether the member currently agrees to the purpose; the one answer the site follows."""
    purpose = get_purpose(key)
    if purpose.is_given is not None:
        return purpose.is_given(member)
    latest = ConsentRecord.objects.filter(member=member, purpose=key).first()
    return _given(member, purpose, latest)


def consent_states(member: Member) -> list[dict]:
    """Every registered purpose with the member's current answer and the date of their latest
    decision (None when the state predates the records)."""
    latest = _latest_records(member)
    return [
        {
            "purpose": purpose,
            "given": _given(member, purpose, latest.get(purpose.key)),
            "since": latest[purpose.key].created_at if purpose.key in latest else None,
        }
        for purpose in purposes()
    ]


def consent_history(member: Member) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(member=member)


def purpose_label(key: str) -> str:
    """The purpose's name for the history, or its key once a purpose is no longer registered."""
    try:
        return str(get_purpose(key).label)
    except KeyError:
        return key
