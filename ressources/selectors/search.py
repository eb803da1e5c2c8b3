"""What the resources side contributes to /recherche/: published services, the sector's needs
and organizations."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q
from django.utils.translation import ngettext

from passerelles.core.search import FRENCH_SEARCH_CONFIG, HitSequence, SearchHit, highlight
from ressources.models import Need, Organization, Service


def _ranked(rows, query, *, fallback_fields):
    """Rows whose stored search document matches, the best first (substrings on SQLite)."""
    if connection.vendor == "postgresql":
        search = SearchQuery(query, config=FRENCH_SEARCH_CONFIG, search_type="websearch")
        return (
            rows.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "title")
        )
    condition = Q()
    for name in fallback_fields:
        condition |= Q(**{f"{name}__icontains": query})
    return rows.filter(condition)


def search_services(query, user):
    services = _ranked(
        Service.objects.published(), query, fallback_fields=("title", "summary")
    ).prefetch_related("organizations")

    def to_hit(service):
        return SearchHit(
            title=service.title,
            url=service.get_absolute_url(),
            text=highlight(service.summary, query),
            meta=", ".join(organization.name for organization in service.organizations.all()),
        )

    return HitSequence(services, to_hit)


def search_needs(query, user):
    """Needs are public, without the names of who shares them."""
    needs = _ranked(Need.objects.all(), query, fallback_fields=("title", "description"))

    def to_hit(need):
        return SearchHit(
            title=need.title,
            url=need.get_absolute_url(),
            text=highlight(need.description, query),
            meta=ngettext(
                "%(category)s · %(count)s personne le partage",
                "%(category)s · %(count)s personnes le partagent",
                need.supporter_count,
            )
            % {"category": need.get_category_display(), "count": need.supporter_count},
        )

    return HitSequence(needs, to_hit)


def search_organizations(query, user):
    if connection.vendor == "postgresql":
        search = SearchQuery(query, config=FRENCH_SEARCH_CONFIG, search_type="websearch")
        vector = SearchVector("name", weight="A", config=FRENCH_SEARCH_CONFIG) + SearchVector(
            "description", weight="B", config=FRENCH_SEARCH_CONFIG
        )
        # A handful of organizations: ranking on the fly costs less than keeping a vector.
        organizations = (
            Organization.objects.annotate(document=vector)
            .filter(document=search)
            .annotate(rank=SearchRank(F("document"), search))
            .order_by("-rank", "name")
        )
    else:
        organizations = Organization.objects.filter(
            Q(name__icontains=query) | Q(description__icontains=query)
        )

    def to_hit(organization):
        return SearchHit(
            title=organization.name,
            url=organization.get_absolute_url(),
            text=highlight(organization.description, query),
            meta=organization.get_kind_display(),
        )

    return HitSequence(organizations, to_hit)
