"""Reads for the needs pages: the list (with the catalogue's facets), a need's page, similar
needs while one is typed, and the demand a representative's organization could answer."""

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from communaute.models import Member
from communaute.permissions.viewer import Viewer
from passerelles.core import search
from passerelles.core.vocabularies import (
    DisciplineChoice,
    Province,
    ServiceRegion,
)
from ressources.models import Need, NeedSupport, Organization, Service
from ressources.permissions.organizations import represented_organization_ids
from ressources.selectors.catalogue import (
    CATEGORY_FACET,
    CatalogueQuery,
    Facet,
    facet_options,
    filter_by_facets,
    text_condition,
)

REMOTE = ServiceRegion.REMOTE.value

NEED_FACETS = [
    CATEGORY_FACET,
    Facet(
        "discipline",
        _("Discipline"),
        DisciplineChoice.choices,
        "disciplines",
        condition=lambda values: Q(disciplines__code__in=values),
        count_each=True,
    ),
    Facet(
        "province",
        _("Province ou territoire"),
        Province.choices,
        "province",
        # Where the need was declared, or where someone who shares it lives.
        condition=lambda values: Q(province__in=values) | Q(supports__province__in=values),
        count_each=True,
    ),
    Facet("urgence", _("Urgence"), Need.Urgency.choices, "urgency"),
    Facet("etat", _("État"), Need.Status.choices, "status"),
]
NEED_SORTS = {
    "partage": _("Les plus partagés"),
    "recent": _("Plus récents"),
    "pertinence": _("Pertinence"),
}


def needs_query(data):
    return CatalogueQuery.from_querydict(
        data, facets=NEED_FACETS, sorts=NEED_SORTS, default_sort="partage"
    )


def _filtered(query, *, except_facet=None):
    needs = Need.objects.all()
    if query.text:
        needs = needs.filter(text_condition(query.text))
    return filter_by_facets(needs, query, NEED_FACETS, except_facet=except_facet)


def needs_list(query):
    """The needs for this query, the most widely shared first, and the facets with counts."""
    needs = _filtered(query)
    if query.sort == "recent":
        needs = needs.order_by("-created_at", "-pk")
    elif query.sort == "pertinence" and query.text:
        needs = search.ranked(needs, query.text, "-supporter_count", "-pk")
    else:
        # Open needs first: they are what the sector still waits for.
        needs = needs.order_by("-status", "-supporter_count", "-created_at", "-pk")
    # The cards show neither the description nor the search document.
    needs = needs.defer("description", "search_vector").prefetch_related("disciplines")
    facets = facet_options(
        query, NEED_FACETS, lambda except_facet: _filtered(query, except_facet=except_facet)
    )
    return needs, facets


def need_detail_queryset():
    return Need.objects.select_related("met_by_service", "topic").prefetch_related("disciplines")


def need_summary(need):
    """How many share the need and where: counts by province and by discipline, and the names
    of only those who chose to show theirs."""
    supports = NeedSupport.objects.filter(need=need)
    by_province = (
        supports.order_by().values("province").annotate(total=Count("pk")).order_by("-total")
    )
    by_discipline = (
        supports.filter(discipline__isnull=False)
        .order_by()
        .values("discipline")
        .annotate(total=Count("pk"))
        .order_by("-total")
    )
    shown = supports.filter(show_name=True).select_related("member").order_by("created_at")
    return {
        "provinces": [
            {"label": Province(row["province"]).label, "count": row["total"]} for row in by_province
        ],
        "disciplines": [
            {"label": DisciplineChoice(row["discipline"]).label, "count": row["total"]}
            for row in by_discipline
        ],
        "shown": [
            {
                "name": support.member.public_name,
                "url": support.member.get_absolute_url(),
                "handle": support.member.handle,
                "is_author": support.member_id == need.author_id,
                "organization": support.organization_name,
            }
            for support in shown
        ],
    }


def support_form_initial(member: Member) -> dict:
    """The "moi aussi" form starts from the member's own province and first discipline."""
    initial = {"province": member.province}
    first_discipline = member.disciplines.first()
    if first_discipline is not None:
        initial["discipline"] = first_discipline
    return initial


def services_to_link(member: Member) -> QuerySet[Service]:
    """The published services this person may say meet a need: their organizations' (any, for
    administrators), by title."""
    services = Service.objects.published()
    if not member.is_superuser:
        services = services.managed_by(member)
    return services.order_by("title")


def support_of(need, user):
    if not user.is_authenticated:
        return None
    return NeedSupport.objects.filter(need=need, member=user).first()


def needs_of_member(member: Member) -> QuerySet[Need]:
    """The needs a member declared or shares (declaring one shares it), the open ones first,
    then the newest: for "Mes besoins" and the member's home page."""
    return (
        Need.objects.filter(supports__member=member)
        .defer("description", "search_vector")
        .order_by("-status", "-created_at", "-pk")
    )


def services_matching(*, category, province="", discipline_codes=(), limit=5):
    """Published services of the category, offered in that province or at a distance, for one
    of those disciplines or for all."""
    if not category:
        return []
    services = Service.objects.published().filter(category=category)
    if province:
        services = services.filter(
            pk__in=Service.objects.filter(regions__code__in=[province, REMOTE]).values("pk")
        )
    if discipline_codes:
        services = services.filter(
            pk__in=Service.objects.filter(
                Q(disciplines__code__in=discipline_codes) | Q(disciplines__isnull=True)
            ).values("pk")
        )
    return list(
        services.order_by("title").prefetch_related(
            Prefetch("organizations", queryset=Organization.objects.only("name", "slug"))
        )[:limit]
    )


def similar_needs(*, title, description="", category="", exclude_pk=None, limit=5):
    """Open needs that look like this one (title trigrams, words of the text), so that
    members join an existing need rather than declare it twice."""
    needs = Need.objects.open().exclude(pk=exclude_pk)
    any_word = search.any_word_query(title, description)
    if any_word is None and not title.strip():
        return []
    condition = Q(similarity__gt=0.3)
    if any_word is not None:
        # Words in common count only within the same category: "formation" alone says little.
        condition |= (
            Q(search_vector=any_word, category=category) if category else Q(search_vector=any_word)
        )
    return list(
        needs.annotate(similarity=TrigramSimilarity("title", title))
        .filter(condition)
        .order_by("-similarity", "-supporter_count")[:limit]
    )


def demand_for_representative(viewer: Viewer):
    """Open needs in the categories the member's organizations offer services in, from the
    provinces they serve (all of them for an organization that serves at a distance).
    Administrators see every open need."""
    needs = Need.objects.open()
    if not viewer.is_superuser:
        organization_ids = represented_organization_ids(viewer)
        services = Service.objects.filter(organizations__in=organization_ids).exclude(
            status=Service.Status.ARCHIVED
        )
        categories = set(services.values_list("category", flat=True))
        provinces = set(services.values_list("regions__code", flat=True)) | set(
            Organization.objects.filter(pk__in=organization_ids).values_list(
                "regions__code", flat=True
            )
        )
        needs = needs.filter(category__in=categories)
        if REMOTE not in provinces:
            served = provinces - {None}
            needs = needs.filter(
                pk__in=Need.objects.filter(
                    Q(province__in=served) | Q(supports__province__in=served)
                ).values("pk")
            )
    return needs.order_by("-supporter_count", "-created_at", "-pk").prefetch_related("disciplines")
