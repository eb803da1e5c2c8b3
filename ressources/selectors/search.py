"""What the resources side contributes to /recherche/: published services, the sector's needs,
organizations, gatherings and open funding calls."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communaute.permissions.viewer import Viewer
from passerelles.core.formats import format_long_date
from passerelles.core.search import HitSequence, SearchHit, document, highlight, ranked
from ressources.models import FundingCall, Need, Organization, Service
from ressources.selectors.funding import local_today, with_next_deadline
from ressources.selectors.gatherings import visible_gatherings


def search_services(query, user):
    services = ranked(Service.objects.published(), query, "title").prefetch_related("organizations")

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
    needs = ranked(Need.objects.all(), query, "title")

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
    # A handful of organizations: ranking on the fly costs less than keeping a vector.
    organizations = ranked(
        Organization.objects.annotate(document=document(("name", "A"), ("description", "B"))),
        query,
        "name",
        vector="document",
    )

    def to_hit(organization):
        return SearchHit(
            title=organization.name,
            url=organization.get_absolute_url(),
            text=highlight(organization.description, query),
            meta=organization.get_kind_display(),
        )

    return HitSequence(organizations, to_hit)


def search_gatherings(query, user):
    """Gatherings the searcher may see, upcoming or past (a past one leads to its minutes); few
    enough to be ranked on the fly."""
    gatherings = ranked(
        visible_gatherings(Viewer.of(user)).annotate(
            document=document(("title", "A"), ("description", "B"))
        ),
        query,
        "title",
        vector="document",
    )

    def to_hit(gathering):
        return SearchHit(
            title=gathering.title,
            url=gathering.get_absolute_url(),
            text=highlight(gathering.description, query),
            meta=f"{gathering.get_kind_display()} · {format_long_date(gathering.starts_at)}",
        )

    return HitSequence(gatherings, to_hit)


def search_funding_calls(query, user):
    """Published calls only: a suggestion waits for the editors, an archived call is closed
    (its page stays, reached from the archives). Few enough to be ranked on the fly."""
    calls = ranked(
        with_next_deadline(FundingCall.objects.published(), local_today())
        .select_related("funder")
        .annotate(document=document(("program", "A"), ("funder__name", "B"), ("summary", "C"))),
        query,
        "program",
        vector="document",
    )

    def to_hit(call):
        if call.next_deadline:
            when = _("Date limite : %(date)s") % {"date": format_long_date(call.next_deadline)}
        else:
            when = _("Dépôt en continu")
        return SearchHit(
            title=call.program,
            url=call.get_absolute_url(),
            text=highlight(call.summary, query),
            meta=f"{call.funder_label} · {when}",
        )

    return HitSequence(calls, to_hit)
