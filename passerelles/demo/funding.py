"""Demo funding calls, follows and partner searches (development only). Deadlines count from
the day of seeding, so that the demo always has calls due this month and later."""

from datetime import timedelta

from django.utils.text import slugify

from communaute.models import Member
from passerelles.demo.loader import load
from ressources.models import FundingCall, FundingDeadline, Organization
from ressources.selectors.funding import local_today
from ressources.services.funding import archive_call, follow_call, post_partner_search

APPLICANTS = {
    "artists": "for_artists",
    "organizations": "for_organizations",
    "collectives": "for_collectives",
}


def _funder(name):
    organization, _created = Organization.objects.get_or_create(
        name=name, defaults={"slug": slugify(name)[:80], "kind": Organization.Kind.PUBLIC}
    )
    return organization


def _seed_call(spec, today):
    funder = _funder(spec["funder"])
    call = FundingCall.objects.create(
        funder=funder,
        funder_name=funder.name,
        program=spec["program"],
        summary=spec["summary"],
        official_url=spec["url"],
        amount_min=spec.get("amount_min"),
        amount_max=spec.get("amount_max"),
        status=FundingCall.Status.PUBLISHED,
        **{APPLICANTS[kind]: True for kind in spec["for"]},
    )
    call.disciplines.set(spec.get("disciplines", []))
    call.provinces.set(spec.get("provinces", []))
    for days in spec["deadlines"]:
        FundingDeadline.objects.create(call=call, date=today + timedelta(days=days))
    if spec.get("archived"):
        archive_call(call)
    return call


def seed_funding(stdout=None):
    data = load("funding")
    today = local_today()
    existing = set(FundingCall.objects.values_list("program", flat=True))
    created = [_seed_call(spec, today) for spec in data["calls"] if spec["program"] not in existing]
    calls = {call.program: call for call in FundingCall.objects.published()}
    members = {member.email: member for member in Member.objects.filter(email__endswith=".test")}
    searches = 0
    for spec in data["searches"]:
        call, author = calls.get(spec["program"]), members.get(spec["author"])
        if call is None or author is None or call.partner_searches.filter(author=author).exists():
            continue
        post_partner_search(
            call,
            member=author,
            data={"plan": spec["plan"], "skills": spec["skills"]},
            disciplines=spec["disciplines"],
            provinces=spec["provinces"],
        )
        searches += 1
    for email, programs in data["follows"].items():
        for program in programs:
            if email in members and program in calls:
                follow_call(calls[program], member=members[email])
    if stdout:
        stdout.write(f"  funding: {len(created)} calls created, {searches} partner searches posted")
