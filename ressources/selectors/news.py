"""What ressources adds to « Quoi de neuf » (communaute/hooks/news.py): the services newly
published by the organizations a member follows, and the needs newly declared anywhere (the
sector's needs are everyone's business, and are public to read)."""

from django.db.models import Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from communaute.hooks.news import NewsItem, Position, Window, after_q, register_source
from communaute.models import Member
from ressources.models import Need, Organization, OrganizationFollow, Service


def organization_group(organization: Organization) -> dict:
    """The heading an organization's news sits under (its publications use it too)."""
    return {
        "group_key": f"organization:{organization.pk}",
        "group_label": organization.name,
        "group_url": organization.get_absolute_url(),
    }


def followed_organization_ids(member: Member):
    return OrganizationFollow.objects.filter(member=member).values("organization_id")


def new_services(
    member: Member, window: Window, after: Position | None, limit: int
) -> list[NewsItem]:
    followed = followed_organization_ids(member)
    rows = list(
        Service.objects.published()
        .filter(
            organizations__in=followed,
            published_at__gt=window.since,
            published_at__lte=window.until,
        )
        .exclude(created_by=member)
        .filter(after_q(after, "services", "published_at"))
        # A service offered by several organizations shows once, under one of those followed.
        .annotate(organization_id=Min("organizations__pk", filter=Q(organizations__in=followed)))
        .order_by("-published_at", "-pk")
        .values("pk", "title", "slug", "published_at", "organization_id")[:limit]
    )
    organizations = Organization.objects.in_bulk({row["organization_id"] for row in rows})
    return [
        NewsItem(
            kind="services",
            pk=row["pk"],
            at=row["published_at"],
            title=row["title"],
            url=reverse("ressources:service", kwargs={"slug": row["slug"]}),
            lead=_("Nouveau service :"),
            **organization_group(organizations[row["organization_id"]]),
        )
        for row in rows
    ]


def new_needs(member: Member, window: Window, after: Position | None, limit: int) -> list[NewsItem]:
    needs = (
        Need.objects.open()
        .filter(created_at__gt=window.since, created_at__lte=window.until)
        .exclude(author=member)
        .filter(after_q(after, "needs", "created_at"))
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        NewsItem(
            kind="needs",
            pk=need.pk,
            at=need.created_at,
            title=need.title,
            url=need.get_absolute_url(),
            lead=_("Nouveau besoin :"),
            meta=need.get_province_display(),
            group_key="needs",
            group_label=_("Besoins du milieu"),
            group_url=reverse("ressources:needs"),
        )
        for need in needs
    ]


register_source("services", new_services)
register_source("needs", new_needs)
