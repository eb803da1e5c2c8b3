"""Demo gatherings: held by the portal's editors, a partner organization and a space's animator,
with registrations (one full, with people waiting) and a past one with its minutes. Idempotent:
a gathering whose title exists is left alone."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from communaute.models import Member, Space
from passerelles.core.models import Discipline
from passerelles.demo.loader import load
from passerelles.demo.members import seed_members
from ressources.models import Gathering, Organization
from ressources.services.gatherings import create_gathering, register


def _moment(spec, hour):
    day = timezone.localdate() + timedelta(days=spec["days_ahead"])
    return datetime.combine(day, time.fromisoformat(hour), tzinfo=ZoneInfo(spec["time_zone"]))


def _seed_gathering(spec, members):
    author = members.get(spec["author"])
    if author is None or Gathering.objects.filter(title=spec["title"]).exists():
        return False
    past = spec["days_ahead"] < 0
    # A past gathering is created ahead, registered for, then moved back: as it happened.
    shift = timedelta(days=-spec["days_ahead"] + 7) if past else timedelta()
    data = {
        "organizer": spec["organizer"],
        "organization": Organization.objects.filter(slug=spec.get("organization", "")).first(),
        "space": Space.objects.filter(slug=spec.get("space", "")).first(),
        "title": spec["title"],
        "description": spec["description"],
        "kind": spec["kind"],
        "attendance": spec["attendance"],
        "address": spec.get("address", ""),
        "province": spec.get("province", ""),
        "online_url": spec.get("online_url", ""),
        "starts_at": _moment(spec, spec["start"]) + shift,
        "ends_at": _moment(spec, spec["end"]) + shift,
        "time_zone": spec["time_zone"],
        "capacity": spec.get("capacity"),
    }
    gathering = create_gathering(
        actor=author,
        data=data,
        disciplines=list(Discipline.objects.filter(code__in=spec["disciplines"])),
    )
    for email in spec["registered"]:
        member = members.get(email)
        if member is not None:
            register(gathering, member=member, share_contact=True)
    if past:
        Gathering.objects.filter(pk=gathering.pk).update(
            starts_at=data["starts_at"] - shift,
            ends_at=data["ends_at"] - shift,
            minutes_url=spec.get("minutes_url", ""),
            day_reminder_sent_at=data["starts_at"] - shift,
            hour_reminder_sent_at=data["starts_at"] - shift,
            follow_up_sent_at=data["ends_at"] - shift,
        )
    return True


@transaction.atomic
def seed_gatherings(stdout=None):
    data = load("gatherings")
    seed_members(stdout)
    emails = {spec["author"] for spec in data["gatherings"]}
    emails |= {email for spec in data["gatherings"] for email in spec["registered"]}
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    created = sum(_seed_gathering(spec, members) for spec in data["gatherings"])
    if stdout:
        stdout.write(f"  gatherings: {created} created")
