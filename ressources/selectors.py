"""Reads for the resources pages: the faceted catalogue, similar services, request lists."""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from passerelles.core.search import FRENCH_SEARCH_CONFIG
from passerelles.core.vocabularies import DisciplineChoice, ServiceCategory, ServiceRegion

from .models import AccessRequest, AccessRequestEvent, Organization, Representative, Service

REMOTE = ServiceRegion.REMOTE.value

LANGUAGES = {
    "fr": (_("Français"), Q(in_french=True)),
    "en": (_("Anglais"), Q(in_english=True)),
    "fr-hors-qc": (_("Français hors Québec"), Q(french_outside_quebec=True)),
}
SORTS = {
    "pertinence": _("Pertinence"),
    "recent": _("Plus récents"),
    "titre": _("Titre (A à Z)"),
}


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    choices: list  # [(value, label)]
    field: str | None  # the model field counted, or None for languages


FACETS = [
    Facet("categorie", _("Catégorie"), ServiceCategory.choices, "category"),
    Facet("discipline", _("Discipline"), DisciplineChoice.choices, "disciplines"),
    Facet("province", _("Province ou territoire"), ServiceRegion.choices, "regions"),
    Facet("public", _("Public"), Service.Audience.choices, "audience"),
    Facet("formule", _("Formule"), Service.Delivery.choices, "delivery"),
    Facet("langue", _("Langue"), [(code, label) for code, (label, _q) in LANGUAGES.items()], None),
    Facet("cout", _("Coût"), Service.CostModel.choices, "cost_model"),
]


@dataclass
class CatalogueQuery:
    """What a visitor asked for, from the query string; unknown values are ignored."""

    text: str = ""
    selected: dict = field(default_factory=dict)  # facet key -> [values]
    sort: str = "recent"

    @classmethod
    def from_querydict(cls, data):
        text = " ".join(data.get("q", "").split())[:200]
        selected = {}
        for facet in FACETS:
            known = {value for value, _label in facet.choices}
            values = [value for value in data.getlist(facet.key) if value in known]
            if values:
                selected[facet.key] = list(dict.fromkeys(values))
        sort = data.get("tri", "")
        if sort not in SORTS:
            sort = "pertinence" if text else "recent"
        return cls(text=text, selected=selected, sort=sort)

    @property
    def is_filtered(self):
        return bool(self.text or self.selected)


def _facet_condition(facet, values):
    if facet.key == "langue":
        condition = Q()
        for value in values:
            condition |= LANGUAGES[value][1]
        return condition
    if facet.key == "province":
        # A service offered anywhere at a distance serves every province too.
        return Q(regions__code__in={*values, REMOTE})
    if facet.key == "discipline":
        # A service with no discipline serves them all, as its form says.
        return Q(disciplines__code__in=values) | Q(disciplines__isnull=True)
    return Q(**{f"{facet.field}__in": values})


def _text_condition(text):
    if connection.vendor == "postgresql":
        return Q(
            search_vector=SearchQuery(text, config=FRENCH_SEARCH_CONFIG, search_type="websearch")
        )
    # SQLite (quick start only): no stemming, a plain substring match.
    return Q(title__icontains=text) | Q(summary__icontains=text) | Q(description__icontains=text)


def _filtered(query, *, except_facet=None):
    services = Service.objects.published()
    if query.text:
        services = services.filter(_text_condition(query.text))
    for facet in FACETS:
        if facet.key != except_facet and facet.key in query.selected:
            # One subquery per facet keeps M2M joins from multiplying rows.
            matching = Service.objects.filter(_facet_condition(facet, query.selected[facet.key]))
            services = services.filter(pk__in=matching.values("pk"))
    return services


def _count_each(services, facet):
    """One conditional count per value, in one query, matching what the filter would return
    (a remote service counts in every province, a service for all disciplines in each)."""
    counts = services.aggregate(
        **{
            f"value_{index}": Count("pk", filter=_facet_condition(facet, [value]), distinct=True)
            for index, (value, _label) in enumerate(facet.choices)
        }
    )
    return {value: counts[f"value_{index}"] for index, (value, _label) in enumerate(facet.choices)}


def _facet_counts(query):
    """For each facet, how many services each value would give with the other filters kept."""
    counts = {}
    for facet in FACETS:
        services = _filtered(query, except_facet=facet.key)
        if facet.field in {"disciplines", "regions"} or facet.key == "langue":
            counts[facet.key] = _count_each(services, facet)
        else:
            rows = (
                services.order_by().values(facet.field).annotate(total=Count("pk", distinct=True))
            )
            counts[facet.key] = {row[facet.field]: row["total"] for row in rows}
    return counts


def catalogue(query):
    """The services for this query, ordered, and the facets with their counts."""
    services = _filtered(query)
    if query.sort == "pertinence" and query.text and connection.vendor == "postgresql":
        search = SearchQuery(query.text, config=FRENCH_SEARCH_CONFIG, search_type="websearch")
        services = services.annotate(rank=SearchRank(F("search_vector"), search)).order_by(
            "-rank", "title"
        )
    elif query.sort == "titre":
        services = services.order_by("title")
    else:
        services = services.order_by(F("published_at").desc(nulls_last=True), "title")
    services = services.prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.only("name", "slug")),
        "regions",
    )
    counts = _facet_counts(query)
    facets = [
        {
            "key": facet.key,
            "label": facet.label,
            "options": [
                {
                    "value": value,
                    "label": label,
                    "count": counts[facet.key].get(value, 0),
                    "selected": value in query.selected.get(facet.key, []),
                }
                for value, label in facet.choices
            ],
        }
        for facet in FACETS
    ]
    return services, facets


def service_detail_queryset():
    return Service.objects.prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.order_by("name")),
        "disciplines",
        "regions",
    )


def similar_services(*, title, summary="", category="", exclude_pk=None, limit=5):
    """Published services that look like this one, so partners do not duplicate each other."""
    words = sorted({word.lower() for word in re.findall(r"\w{4,}", f"{title} {summary}")})
    services = Service.objects.published().exclude(pk=exclude_pk)
    if connection.vendor == "postgresql" and words:
        # Any significant word may match (OR), the best matches first.
        search = SearchQuery(" | ".join(words), config=FRENCH_SEARCH_CONFIG, search_type="raw")
        services = (
            services.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank")
        )
    elif category:
        services = services.filter(category=category).order_by("title")
    else:
        return []
    return list(services.prefetch_related("organizations")[:limit])


def featured_services(limit=3):
    """The most recently published services, for the home page."""
    return list(
        Service.objects.published()
        .order_by(F("published_at").desc(nulls_last=True))
        .prefetch_related("organizations", "regions")[:limit]
    )


def organizations_with_counts():
    return (
        Organization.objects.annotate(
            published_services=Count(
                "services", filter=Q(services__status=Service.Status.PUBLISHED), distinct=True
            )
        )
        .order_by("name")
        .prefetch_related("regions")
    )


def organization_page(organization):
    services = (
        organization.services.published()
        .order_by("title")
        .prefetch_related("regions", "organizations")
    )
    representatives = (
        Representative.objects.filter(organization=organization, shown_on_page=True)
        .select_related("member")
        .order_by("member__display_name")
    )
    return services, representatives


def managed_services(member):
    services = Service.objects.all() if member.is_superuser else Service.objects.managed_by(member)
    return services.order_by("status", "title").prefetch_related("organizations")


def services_with_requests(member):
    """The services a representative can filter the dashboard by."""
    services = Service.objects.filter(access_requests__isnull=False)
    if not member.is_superuser:
        services = services.filter(organizations__representatives__member=member)
    return services.distinct().order_by("title").only("title", "slug")


def requests_of_member(member):
    return (
        AccessRequest.objects.filter(member=member)
        .select_related("service")
        .order_by("-updated_at")
    )


def requests_for_representative(member, *, status="", service_slug=""):
    """The requests an organization's representative answers, with counts per status."""
    requests = AccessRequest.objects.all()
    if not member.is_superuser:
        requests = requests.filter(
            service__organizations__representatives__member=member
        ).distinct()
    # order_by() clears the default ordering, which would otherwise split the groups.
    totals = requests.order_by().values("status").annotate(total=Count("pk", distinct=True))
    counts = {row["status"]: row["total"] for row in totals}
    if status in AccessRequest.Status.values:
        requests = requests.filter(status=status)
    if service_slug:
        requests = requests.filter(service__slug=service_slug)
    requests = requests.select_related("service", "member").order_by("-updated_at")
    return requests, counts


def request_detail_queryset():
    events = AccessRequestEvent.objects.select_related("actor").order_by("created_at", "pk")
    return AccessRequest.objects.select_related("service", "member").prefetch_related(
        Prefetch("events", queryset=events),
        Prefetch("service__organizations", queryset=Organization.objects.order_by("name")),
    )
