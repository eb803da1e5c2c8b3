from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from communaute.permissions.two_factor import has_two_factor
from passerelles.core.models import Discipline, Region
from ressources.models import Organization
from ressources.services.catalogue import create_service, publish_service
from ressources.services.gatherings import create_gathering
from ressources.services.needs import declare_need, join_need
from ressources.services.organizations import add_representative
from tests.communaute.factories import MemberFactory, activate_totp


def make_organization(name="AAAPNB", **fields):
    fields.setdefault("kind", Organization.Kind.NONPROFIT)
    fields.setdefault("description", f"{name} met ses ressources en commun.")
    return Organization.objects.create(name=name, slug=slugify(name), **fields)


def make_representative(organization, *, two_factor=True, **member_fields):
    """A representative (Partenaire group) who has set up TOTP, as the management pages ask."""
    member = MemberFactory(**member_fields)
    add_representative(organization, member, shown_on_page=True)
    member.refresh_from_db()
    if two_factor and not has_two_factor(member):
        member.totp_code = activate_totp(member)
    return member


def service_data(**overrides):
    data = {
        "title": "Service de comptabilité partagée",
        "summary": "Une comptable partagée pour les petits organismes.",
        "description": "Tenue de livres et **états financiers**.",
        "category": "management",
        "audience": "both",
        "delivery": "online",
        "in_french": True,
        "in_english": False,
        "french_outside_quebec": True,
        "cost_model": "member-rate",
        "price_note": "25,00 $ de l'heure",
        "eligibility_note": "",
        "capacity_note": "",
        "availability": "available",
        "how_to_access": "",
    }
    data.update(overrides)
    return data


def make_service(organization, actor, *, regions=("NB",), disciplines=(), publish=True, **data):
    service = create_service(
        actor=actor,
        data=service_data(**data),
        organizations=[organization],
        disciplines=list(Discipline.objects.filter(code__in=disciplines)),
        regions=list(Region.objects.filter(code__in=regions)),
    )
    if publish:
        publish_service(service, actor=actor)
    service.refresh_from_db()
    return service


def need_data(**overrides):
    data = {
        "title": "Un local de répétition à partager",
        "description": "Notre compagnie répète dans un sous-sol trop petit.",
        "category": "spaces",
        "province": "NB",
        "urgency": "medium",
        "on_behalf": "self",
        "organization_name": "",
        "show_name": False,
    }
    data.update(overrides)
    return data


def make_need(author, *, disciplines=(), **data):
    return declare_need(
        author=author,
        data=need_data(**data),
        disciplines=list(Discipline.objects.filter(code__in=disciplines)),
    )


def support_data(**overrides):
    data = {
        "province": "QC",
        "discipline": None,
        "on_behalf": "self",
        "organization_name": "",
        "show_name": False,
    }
    data.update(overrides)
    return data


def join(need, member, *, discipline=None, **data):
    if discipline is not None:
        data["discipline"] = Discipline.objects.get(code=discipline)
    return join_need(need, member=member, data=support_data(**data))


def make_funding_call(funder, *, deadlines=(), disciplines=(), provinces=(), **fields):
    """A published call, as an editor leaves it after checking a suggestion."""
    from ressources.models import FundingCall, FundingDeadline

    fields.setdefault("program", "Programme Explore et crée")
    fields.setdefault("summary", "Finance la création d'œuvres nouvelles.")
    fields.setdefault("official_url", "https://example.org/programme")
    fields.setdefault("for_artists", True)
    call = FundingCall.objects.create(
        funder=funder, funder_name=funder.name, status=FundingCall.Status.PUBLISHED, **fields
    )
    call.disciplines.set(disciplines)
    call.provinces.set(provinces)
    for deadline in deadlines:
        FundingDeadline.objects.create(call=call, date=deadline)
    return call


def gathering_data(**overrides):
    zone = ZoneInfo(overrides.get("time_zone", "America/Winnipeg"))
    data = {
        "organizer": "portal",
        "title": "Atelier : financer le numérique",
        "description": "Trois heures pour **bâtir un budget** ensemble.",
        "kind": "workshop",
        "attendance": "online",
        "online_url": "https://rencontre.example/atelier",
        "starts_at": datetime(2031, 2, 12, 13, 0, tzinfo=zone),
        "ends_at": datetime(2031, 2, 12, 15, 0, tzinfo=zone),
        "time_zone": "America/Winnipeg",
        "capacity": None,
    }
    data.update(overrides)
    return data


def make_gathering(actor, *, disciplines=(), **data):
    return create_gathering(
        actor=actor,
        data=gathering_data(**data),
        disciplines=list(Discipline.objects.filter(code__in=disciplines)),
    )
