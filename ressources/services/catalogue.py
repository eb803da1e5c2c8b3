"""Writes for the catalogue: a partner's services, from draft to archive.

Each write runs in one transaction and checks permission first.
"""

from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.models import Member
from communaute.permissions.viewer import Viewer
from passerelles.core import search
from passerelles.core.markdown import render_markdown
from passerelles.core.models import Discipline, Region
from passerelles.core.slugs import free_slug
from ressources.models import Organization, Service
from ressources.permissions.catalogue import (
    check_manage_service_permission,
    check_offer_services_permission,
)
from ressources.permissions.organizations import represented_organization_ids
from ressources.services.needs import tell_members_of_matching_service

SERVICE_FIELDS = (
    "title", "summary", "description", "category", "audience", "delivery", "in_french",
    "in_english", "french_outside_quebec", "cost_model", "price_note", "eligibility_note",
    "capacity_note", "availability", "how_to_access",
)  # fmt: skip


def _refresh_search_vector(service: Service) -> None:
    Service.objects.filter(pk=service.pk).update(
        search_vector=search.document(("title", "A"), ("summary", "B"), ("description", "C"))
    )


def _check_organizations(
    viewer: Viewer,
    organizations: Collection[Organization],
    *,
    current: Collection[Organization] = (),
) -> None:
    """A representative adds or removes only organizations they represent; the partners of a
    jointly offered service (`current`) stay as they are."""
    if not organizations:
        raise PermissionDenied(_("Un service est offert par au moins une organisation."))
    if viewer.is_superuser:
        return
    allowed = represented_organization_ids(viewer)
    wanted = {organization.pk for organization in organizations}
    existing = {organization.pk for organization in current}
    if (wanted ^ existing) - allowed:
        raise PermissionDenied(
            _("Vous ne pouvez offrir un service qu'au nom d'une organisation que vous représentez.")
        )


def refresh_derived_fields(service: Service) -> None:
    """The stored HTML and search document follow the text (also after an admin edit)."""
    html = render_markdown(service.description)
    Service.objects.filter(pk=service.pk).update(description_html=html)
    service.description_html = html
    _refresh_search_vector(service)


def _save_service(
    service: Service,
    *,
    data: Mapping[str, Any],
    organizations: Collection[Organization],
    disciplines: Collection[Discipline],
    regions: Collection[Region],
) -> Service:
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.save()
    service.organizations.set(organizations)
    service.disciplines.set(disciplines)
    service.regions.set(regions)
    refresh_derived_fields(service)
    return service


@transaction.atomic
def create_service(
    *,
    actor: Member,
    data: Mapping[str, Any],
    organizations: Collection[Organization],
    disciplines: Collection[Discipline],
    regions: Collection[Region],
) -> Service:
    """A new service starts as a draft: its page is a preview until it is published."""
    viewer = Viewer.of(actor)
    check_offer_services_permission(viewer)
    _check_organizations(viewer, organizations)
    service = Service(
        slug=free_slug(
            Service.objects.all(), "slug", data["title"], fallback="service", max_length=70
        ),
        status=Service.Status.DRAFT,
        created_by=actor,
    )
    return _save_service(
        service, data=data, organizations=organizations, disciplines=disciplines, regions=regions
    )


@transaction.atomic
def update_service(
    service: Service,
    *,
    actor: Member,
    data: Mapping[str, Any],
    organizations: Collection[Organization],
    disciplines: Collection[Discipline],
    regions: Collection[Region],
) -> Service:
    viewer = Viewer.of(actor)
    check_manage_service_permission(viewer, service)
    _check_organizations(viewer, organizations, current=list(service.organizations.all()))
    service.last_reviewed = timezone.localdate()
    service = _save_service(
        service, data=data, organizations=organizations, disciplines=disciplines, regions=regions
    )
    # A new province or discipline may now answer needs it did not before.
    tell_members_of_matching_service(service)
    return service


@transaction.atomic
def publish_service(service: Service, *, actor: Member) -> Service:
    check_manage_service_permission(Viewer.of(actor), service)
    service.status = Service.Status.PUBLISHED
    service.published_at = service.published_at or timezone.now()
    service.last_reviewed = timezone.localdate()
    service.save(update_fields=["status", "published_at", "last_reviewed", "updated_at"])
    tell_members_of_matching_service(service)
    return service


@transaction.atomic
def archive_service(service: Service, *, actor: Member) -> Service:
    """Archived services leave the catalogue; their pages and requests stay for the record."""
    check_manage_service_permission(Viewer.of(actor), service)
    service.status = Service.Status.ARCHIVED
    service.save(update_fields=["status", "updated_at"])
    return service
