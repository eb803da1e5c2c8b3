"""What the resources side holds about a member, for the personal data export."""

from django.utils.translation import gettext_lazy as _

from communaute.hooks.privacy import exclude_from_export, register_section
from passerelles.core.vocabularies import Province
from ressources.models import (
    AccessRequest,
    Need,
    NeedSupport,
    OrganizationFollow,
    Representative,
    RequestAttachment,
    Service,
    ServiceMatchNotice,
)

CREATED_AT = _("Date")
ORGANIZATION = _("Organisation")
SERVICE = _("Service")


@register_section(
    "demandes_d_acces",
    _("Demandes d'accès aux services"),
    covers=["ressources.AccessRequest.member"],
    labels={
        "service": SERVICE,
        "on_behalf": _("Au nom d'une organisation"),
        "organization_name": ORGANIZATION,
        "message": _("Message"),
        "timeframe": _("Échéance souhaitée"),
        "status": _("Statut"),
        "created_at": CREATED_AT,
        "history": _("Historique"),
        "at": CREATED_AT,
    },
    choices={
        "on_behalf": AccessRequest.OnBehalf.choices,
        "status": AccessRequest.Status.choices,
    },
)
def access_requests_section(member):
    requests = (
        AccessRequest.objects.filter(member=member)
        .select_related("service")
        .prefetch_related("events")
        .order_by("created_at")
    )
    data = [
        {
            "service": access_request.service.title,
            "on_behalf": access_request.on_behalf,
            "organization_name": access_request.organization_name,
            "message": access_request.message,
            "timeframe": access_request.timeframe,
            "status": access_request.status,
            "created_at": access_request.created_at,
            "history": [
                {
                    "status": event.to_status,
                    "message": event.message if event.actor_id == member.pk else "",
                    "at": event.created_at,
                }
                for event in access_request.events.all()
            ],
        }
        for access_request in requests
    ]
    sent = RequestAttachment.objects.filter(event__actor=member, event__request__member=member)
    return data, [attachment.file for attachment in sent.filter(ready=True)]


@register_section(
    "representations",
    _("Organisations représentées"),
    covers=["ressources.Representative.member", "ressources.Organization.members"],
    labels={
        "organization": ORGANIZATION,
        "role": _("Rôle"),
        "shown_on_page": _("Montré sur la page de l'organisation"),
    },
    choices={"role": Representative.Role.choices},
)
def representations_section(member):
    rows = Representative.objects.filter(member=member).select_related("organization")
    data = [
        {
            "organization": row.organization.name,
            "role": row.role,
            "shown_on_page": row.shown_on_page,
        }
        for row in rows
    ]
    return data, []


@register_section(
    "organisations_suivies",
    _("Organisations suivies"),
    covers=["ressources.OrganizationFollow.member"],
    labels={"organization": ORGANIZATION, "created_at": _("Depuis le")},
)
def followed_organizations_section(member):
    rows = (
        OrganizationFollow.objects.filter(member=member)
        .order_by("created_at")
        .values("organization__name", "created_at")
    )
    data = [
        {"organization": row["organization__name"], "created_at": row["created_at"]} for row in rows
    ]
    return data, []


@register_section(
    "services_crees",
    _("Services ajoutés au catalogue"),
    covers=["ressources.Service.created_by"],
    labels={"service": SERVICE, "created_at": CREATED_AT},
)
def created_services_section(member):
    rows = Service.objects.filter(created_by=member).order_by("created_at")
    return [{"service": row.title, "created_at": row.created_at} for row in rows], []


@register_section(
    "services_suggeres",
    _("Services qui vous ont été suggérés"),
    covers=["ressources.ServiceMatchNotice.member"],
    labels={"service": SERVICE, "created_at": CREATED_AT},
)
def suggested_services_section(member):
    rows = (
        ServiceMatchNotice.objects.filter(member=member)
        .order_by("created_at")
        .values("service__title", "created_at")
    )
    return [{"service": row["service__title"], "created_at": row["created_at"]} for row in rows], []


@register_section(
    "besoins",
    _("Besoins"),
    covers=["ressources.Need.author", "ressources.NeedSupport.member"],
    labels={
        "need": _("Besoin"),
        "declared_by_me": _("Déclaré par vous"),
        "province": _("Province ou territoire"),
        "discipline": _("Discipline"),
        "on_behalf": _("Au nom d'une organisation"),
        "organization_name": ORGANIZATION,
        "show_name": _("Nom montré"),
        "joined_at": CREATED_AT,
        "description": _("Description"),
    },
    choices={"on_behalf": AccessRequest.OnBehalf.choices, "province": Province.choices},
)
def needs_section(member):
    supports = NeedSupport.objects.filter(member=member).select_related("need", "discipline")
    data = [
        {
            "need": support.need.title,
            "declared_by_me": support.need.author_id == member.pk,
            "province": support.province,
            "discipline": support.discipline_id or "",
            "on_behalf": support.on_behalf,
            "organization_name": support.organization_name,
            "show_name": support.show_name,
            "joined_at": support.created_at,
        }
        for support in supports.order_by("created_at")
    ]
    # Needs the member declared and no longer shares are theirs too.
    data += [
        {"need": need.title, "declared_by_me": True, "description": need.description}
        for need in Need.objects.filter(author=member).exclude(supports__member=member)
    ]
    return data, []


exclude_from_export(
    "ressources.AccessRequestEvent.actor",
    reason="A representative's answer on another member's access request: the request and its "
    "history are the requester's (the member's own requests are exported with their history).",
)
