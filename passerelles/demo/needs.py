"""Demo needs: what fictional members across the country say they lack, who joins them, which
services already met some, and a few satisfaction answers, so that the portrait has something
to show. Development only.

Members declare and join through the same services as the site's forms; only the dates are
moved back afterwards, so that the month-by-month trend has a past. Idempotent: a need whose
title exists is left as it is, with its supporters.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from communaute.models import Member
from passerelles.core.models import Discipline
from passerelles.demo.loader import load
from passerelles.demo.members import seed_members
from ressources.models import AccessRequest, Need, NeedSupport, Service, ServiceFeedback
from ressources.services.access import change_request_status, create_access_request
from ressources.services.needs import (
    ask_for_feedback,
    declare_need,
    join_need,
    mark_need_met,
    record_feedback,
)

# The satisfaction answers date from last month: the portrait counts them once their month is over.
ANSWERED_AGO = timedelta(days=40)


def _move_back(need, months_ago):
    """Spread the demo over the past months, as it would have grown."""
    when = timezone.now() - timedelta(days=30 * months_ago)
    Need.objects.filter(pk=need.pk).update(created_at=when)
    for index, support in enumerate(NeedSupport.objects.filter(need=need).order_by("pk")):
        joined = min(when + timedelta(days=9 * index), timezone.now())
        NeedSupport.objects.filter(pk=support.pk).update(created_at=joined)


def _seed_need(spec, members, admin):
    author = members.get(spec["author"])
    if author is None or Need.objects.filter(title=spec["title"]).exists():
        return False
    disciplines = list(Discipline.objects.filter(code__in=spec["disciplines"]))
    need = declare_need(
        author=author,
        data={
            "title": spec["title"],
            "description": spec["description"],
            "category": spec["category"],
            "province": spec["province"],
            "urgency": spec["urgency"],
            "on_behalf": spec.get("on_behalf", "self"),
            "organization_name": spec.get("organization_name", ""),
            "show_name": spec.get("show_name", False),
        },
        disciplines=disciplines,
    )
    for joiner in spec["joiners"]:
        member = members.get(joiner["member"])
        if member is None:
            continue
        organization = joiner.get("organization", "")
        join_need(
            need,
            member=member,
            data={
                "province": joiner["province"],
                "discipline": Discipline.objects.filter(code=joiner["discipline"]).first(),
                "on_behalf": "organization" if organization else "self",
                "organization_name": organization,
                "show_name": joiner.get("show_name", False),
            },
        )
    _move_back(need, spec["months_ago"])
    service = Service.objects.published().filter(title=spec.get("met_by", "")).first()
    if service is not None and admin is not None:
        mark_need_met(need, actor=admin, service=service)
    return True


def _seed_feedback(feedback, members, admin):
    for spec in feedback["services"]:
        service = Service.objects.published().filter(title=spec["title"]).first()
        if service is None:
            continue
        for answer in spec["answers"]:
            member = members.get(answer["member"])
            if (
                member is None
                or AccessRequest.objects.filter(service=service, member=member).exists()
            ):
                continue
            access_request = create_access_request(
                service,
                member=member,
                data={"on_behalf": "self", "message": feedback["message"]},
            )
            change_request_status(access_request, actor=admin, new_status="accepted")
            service_feedback = ask_for_feedback(access_request)
            record_feedback(service_feedback, answer=answer["answer"])
            ServiceFeedback.objects.filter(pk=service_feedback.pk).update(
                asked_at=timezone.now() - ANSWERED_AGO - timedelta(days=2),
                answered_at=timezone.now() - ANSWERED_AGO,
            )


@transaction.atomic
def seed_needs(stdout=None):
    data = load("needs")
    seed_members(stdout, members=data["members"])
    emails = {data["administrator"]} | {spec["author"] for spec in data["needs"]}
    emails |= {joiner["member"] for spec in data["needs"] for joiner in spec["joiners"]}
    emails |= {
        answer["member"] for spec in data["feedback"]["services"] for answer in spec["answers"]
    }
    members = {member.email: member for member in Member.objects.filter(email__in=emails)}
    admin = members.get(data["administrator"])
    created = sum(_seed_need(spec, members, admin) for spec in data["needs"])
    if admin is not None and admin.is_superuser:
        _seed_feedback(data["feedback"], members, admin)
    if stdout:
        stdout.write(f"  needs: {created} created")
