"""Reads for the catalogue pages: the faceted catalogue, a service's page, similar services,
a representative's services."""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from passerelles.core import search
from passerelles.core.vocabularies import DisciplineChoice, ServiceCategory, ServiceRegion
from ressources.models import (
    Organization,
    Service,
)

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
    field: str | None  # the model field counted, or None when `condition` says it all
    # values -> Q, when selecting values is more than `field__in` (remote, all disciplines…)
    condition: Callable | None = None
    # Count each value with its own condition (M2M fields, or conditions on several fields).
    count_each: bool = False

    def q(self, values):
        if self.condition is not None:
            return self.condition(values)
        return Q(**{f"{self.field}__in": values})


def _languages_condition(values):
    condition = Q()
    for value in values:
        condition |= LANGUAGES[value][1]
    return condition


# Services and needs share their categories.
CATEGORY_FACET = Facet("categorie", _("Catégorie"), ServiceCategory.choices, "category")
FACETS = [
    CATEGORY_FACET,
    Facet(
        "discipline",
        _("Discipline"),
        DisciplineChoice.choices,
        "disciplines",
        # A service with no discipline serves them all, as its form says.
        condition=lambda values: Q(disciplines__code__in=values) | Q(disciplines__isnull=True),
        count_each=True,
    ),
    Facet(
        "province",
        _("Province ou territoire"),
        ServiceRegion.choices,
        "regions",
        # A service offered anywhere at a distance serves every province too.
        condition=lambda values: Q(regions__code__in={*values, REMOTE}),
        count_each=True,
    ),
    Facet(
        "public",
        pgettext_lazy("who a service is for", "Public"),
        Service.Audience.choices,
        "audience",
    ),
    Facet(
        "formule",
        pgettext_lazy("how a service is offered", "Formule"),
        Service.Delivery.choices,
        "delivery",
    ),
    Facet(
        "langue",
        _("Langue"),
        [(code, label) for code, (label, _q) in LANGUAGES.items()],
        None,
        condition=_languages_condition,
        count_each=True,
    ),
    Facet("cout", _("Coût"), Service.CostModel.choices, "cost_model"),
]


@dataclass
class CatalogueQuery:
    """What a visitor asked for, from the query string; unknown values are ignored.

    The catalogue and the needs list share it, each with its own facets and sorts.
    """

    text: str = ""
    selected: dict = field(default_factory=dict)  # facet key -> [values]
    sort: str = "recent"

    @classmethod
    def from_querydict(cls, data, *, facets=FACETS, sorts=SORTS, default_sort="recent"):
        text = search.clean_query(data.get("q", ""), 200)
        selected = {}
        for facet in facets:
            known = {value for value, _label in facet.choices}
            values = [value for value in data.getlist(facet.key) if value in known]
            if values:
                selected[facet.key] = list(dict.fromkeys(values))
        sort = data.get("tri", "")
        if sort not in sorts:
            sort = "pertinence" if text and "pertinence" in sorts else default_sort
        return cls(text=text, selected=selected, sort=sort)

    @property
    def is_filtered(self):
        return bool(self.text or self.selected)


def text_condition(text):
    """Rows whose stored search document (search_vector) matches what was typed."""
    return Q(search_vector=search.text_query(text))


def filter_by_facets(queryset, query, facets, *, except_facet=None):
    """The rows of `queryset` that match every selected facet but `except_facet`."""
    model = queryset.model
    for facet in facets:
        if facet.key != except_facet and facet.key in query.selected:
            # One subquery per facet keeps M2M joins from multiplying rows.
            matching = model._default_manager.filter(facet.q(query.selected[facet.key]))
            queryset = queryset.filter(pk__in=matching.values("pk"))
    return queryset


def _count_each(rows, facet):
    """One conditional count per value, in one query, matching what the filter would return
    (a remote service counts in every province, a service for all disciplines in each)."""
    counts = rows.aggregate(
        **{
            f"value_{index}": Count("pk", filter=facet.q([value]), distinct=True)
            for index, (value, _label) in enumerate(facet.choices)
        }
    )
    return {value: counts[f"value_{index}"] for index, (value, _label) in enumerate(facet.choices)}


def facet_options(query, facets, filtered):
    """For each facet, how many rows each value would give with the other filters kept.

    `filtered(except_facet)` returns the rows matching everything but that facet.
    """
    options = []
    for facet in facets:
        rows = filtered(facet.key)
        if facet.count_each:
            counts = _count_each(rows, facet)
        else:
            totals = rows.order_by().values(facet.field).annotate(total=Count("pk", distinct=True))
            counts = {row[facet.field]: row["total"] for row in totals}
        options.append(
            {
                "key": facet.key,
                "label": facet.label,
                "options": [
                    {
                        "value": value,
                        "label": label,
                        "count": counts.get(value, 0),
                        "selected": value in query.selected.get(facet.key, []),
                    }
                    for value, label in facet.choices
                ],
            }
        )
    return options


def _filtered(query, *, except_facet=None):
    services = Service.objects.published()
    if query.text:
        services = services.filter(text_condition(query.text))
    return filter_by_facets(services, query, FACETS, except_facet=except_facet)


def catalogue(query):
    """The services for this query, ordered, and the facets with their counts."""
    services = _filtered(query)
    if query.sort == "pertinence" and query.text:
        services = search.ranked(services, query.text, "title")
    elif query.sort == "titre":
        services = services.order_by("title")
    else:
        services = services.order_by(F("published_at").desc(nulls_last=True), "title")
    services = services.prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.only("name", "slug")),
        "regions",
    )
    facets = facet_options(
        query, FACETS, lambda except_facet: _filtered(query, except_facet=except_facet)
    )
    return services, facets


def service_detail_queryset():
    return Service.objects.prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.order_by("name")),
        "disciplines",
        "regions",
    )


def similar_services(*, title, summary="", category="", exclude_pk=None, limit=5):
    """Published services that look like this one, so partners do not duplicate each other."""
    services = Service.objects.published().exclude(pk=exclude_pk)
    any_word = search.any_word_query(title, summary)
    if any_word is not None:
        # Any significant word may match (OR), the best matches first.
        services = (
            services.filter(search_vector=any_word)
            .annotate(rank=SearchRank(F("search_vector"), any_word))
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


def service_form_organizations(
    organization_ids: Collection[int] | None, *, service: Service | None = None
) -> QuerySet[Organization]:
    """The organizations a service may name: those among organization_ids (every one for
    None) and, for a service being edited, those it names already."""
    if organization_ids is None:
        organizations = Organization.objects.all()
    else:
        organizations = Organization.objects.filter(pk__in=organization_ids)
    if service is not None:
        organizations = (organizations | service.organizations.all()).distinct()
    return organizations


def managed_services(member):
    services = Service.objects.all() if member.is_superuser else Service.objects.managed_by(member)
    return services.order_by("status", "title").prefetch_related("organizations")
