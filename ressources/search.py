"""What the resources side contributes to /recherche/: published services and organizations."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

from passerelles.core.search import FRENCH_SEARCH_CONFIG, HitSequence, SearchHit, highlight

from .models import Organization, Service


def search_services(query, user):
    services = Service.objects.published()
    if connection.vendor == "postgresql":
        search = SearchQuery(query, config=FRENCH_SEARCH_CONFIG, search_type="websearch")
        services = (
            services.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "title")
        )
    else:
        services = services.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    services = services.prefetch_related("organizations")

    def to_hit(service):
        return SearchHit(
            title=service.title,
            url=service.get_absolute_url(),
            text=highlight(service.summary, query),
            meta=", ".join(organization.name for organization in service.organizations.all()),
        )

    return HitSequence(services, to_hit)


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
