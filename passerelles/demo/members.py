"""Fictional demo members, one per role (development only: their password is public)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from communaute.models import Member
from passerelles.core.models import Discipline
from passerelles.demo.loader import load


def seed_members(stdout=None, members=None):
    """Create the demo members missing: those of data/members.toml, or the fictional people
    another demo module passes in the same shape."""
    data = load("members")
    created = 0
    for spec in data["members"] if members is None else members:
        spec = dict(spec)
        group_names = spec.pop("roles", [])
        discipline_codes = spec.pop("disciplines", [])
        email = spec.pop("email")
        member = Member.objects.filter(email=email).first()
        if member is not None:
            continue
        member = Member.objects.create_user(email=email, password=data["password"], **spec)
        EmailAddress.objects.create(user=member, email=email, verified=True, primary=True)
        member.groups.add(*Group.objects.filter(name__in=group_names))
        member.disciplines.set(Discipline.objects.filter(code__in=discipline_codes))
        created += 1
    if stdout:
        stdout.write(f"  members: {created} created")
