"""What the resources side holds about a member, for the personal data export."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communaute.hooks.privacy import exclude_from_export, register_section
from passerelles.core.vocabularies import DisciplineChoice, Province, ServiceRegion
from ressources.models import (
    AccessRequest,
    CalendarFeedToken,
    FundingCall,
    FundingFollow,
    Gathering,
    GatheringRegistration,
    Need,
    NeedSupport,
    OrganizationFollow,
    PartnerSearch,
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


@register_section(
    "rencontres",
    _("Rencontres"),
    covers=[
        "ressources.GatheringRegistration.member",
        "ressources.Gathering.created_by",
        "ressources.CalendarFeedToken.member",
    ],
    labels={
        "registrations": _("Inscriptions"),
        "gathering": _("Rencontre"),
        "starts_at": _("Début"),
        "status": _("Statut de l'inscription"),
        "share_contact": _(
            "Les organisateurs peuvent avoir mon nom, mon courriel et mon organisation"
        ),
        "registered_at": _("Inscription le"),
        "promoted_at": _("Place obtenue le"),
        "created": _("Rencontres créées"),
        "gathering_status": _("État de la rencontre"),
        "created_at": CREATED_AT,
        "private_calendar_since": _("Adresse privée d'agenda créée le"),
    },
    choices={
        "status": GatheringRegistration.Status.choices,
        "gathering_status": Gathering.Status.choices,
    },
)
def gatherings_section(member):
    registrations = (
        GatheringRegistration.objects.filter(member=member)
        .order_by("created_at", "pk")
        .values(
            "gathering__title",
            "gathering__starts_at",
            "status",
            "share_contact",
            "created_at",
            "promoted_at",
        )
    )
    created = Gathering.objects.filter(created_by=member).order_by("created_at", "pk")
    data = {
        "registrations": [
            {
                "gathering": row["gathering__title"],
                "starts_at": row["gathering__starts_at"],
                "status": row["status"],
                "share_contact": row["share_contact"],
                "registered_at": row["created_at"],
                "promoted_at": row["promoted_at"],
            }
            for row in registrations
        ],
        "created": [
            {
                "gathering": row["title"],
                "starts_at": row["starts_at"],
                "gathering_status": row["status"],
                "created_at": row["created_at"],
            }
            for row in created.values("title", "starts_at", "status", "created_at")
        ],
        # The date only: the token is the feed's password, and an archive travels further than
        # the member's account (written to disk, sent on): renewing the address is the way to
        # see or change it.
        "private_calendar_since": CalendarFeedToken.objects.filter(member=member)
        .values_list("created_at", flat=True)
        .first(),
    }
    return data, []


@register_section(
    "appels_de_financement",
    _("Appels de financement"),
    covers=[
        "ressources.FundingFollow.member",
        "ressources.FundingCall.suggested_by",
        "ressources.PartnerSearch.author",
    ],
    labels={
        "followed": _("Appels suivis"),
        "call": pgettext_lazy("funding call", "Appel"),
        "since": _("Depuis le"),
        "suggested": _("Appels proposés"),
        "funder": _("Bailleur de fonds"),
        "summary": _("Résumé"),
        "official_url": _("Page officielle"),
        "status": _("État de l'appel"),
        "created_at": CREATED_AT,
        "partner_searches": _("Recherches de partenaires"),
        "organization": _("Au nom de l'organisation"),
        "plan": _("Votre projet"),
        "skills": _("Compétences recherchées"),
        "disciplines": _("Disciplines recherchées"),
        "provinces": _("Provinces recherchées"),
        "is_open": _("Toujours ouverte"),
    },
    choices={
        "status": FundingCall.Status.choices,
        "disciplines": DisciplineChoice.choices,
        "provinces": ServiceRegion.choices,
    },
)
def funding_section(member):
    follows = FundingFollow.objects.filter(member=member).order_by("created_at", "pk")
    suggested = FundingCall.objects.filter(suggested_by=member).order_by("created_at", "pk")
    searches = (
        PartnerSearch.objects.filter(author=member)
        .select_related("call", "organization")
        .prefetch_related("disciplines", "provinces")
        .order_by("created_at", "pk")
    )
    data = {
        "followed": [
            {"call": row["call__program"], "since": row["created_at"]}
            for row in follows.values("call__program", "created_at")
        ],
        # The call as it stands: editors check a suggestion, and may reword it, before
        # publishing it.
        "suggested": [
            {
                "call": row["program"],
                "funder": row["funder_name"],
                "summary": row["summary"],
                "official_url": row["official_url"],
                "status": row["status"],
                "created_at": row["created_at"],
            }
            for row in suggested.values(
                "program", "funder_name", "summary", "official_url", "status", "created_at"
            )
        ],
        "partner_searches": [
            {
                "call": search.call.program,
                "organization": search.organization.name if search.organization else "",
                "plan": search.plan,
                "skills": search.skills,
                "disciplines": [discipline.code for discipline in search.disciplines.all()],
                "provinces": [province.code for province in search.provinces.all()],
                "is_open": search.is_open,
                "created_at": search.created_at,
            }
            for search in searches
        ],
    }
    return data, []


exclude_from_export(
    "ressources.AccessRequestEvent.actor",
    reason="A representative's answer on another member's access request: the request and its "
    "history are the requester's (the member's own requests are exported with their history).",
)
exclude_from_export(
    "ressources.FundingReminder.member",
    reason="The once-only key of deadline reminders (which step left for whom): each reminder "
    "the member received is exported with their notifications and emails.",
)
