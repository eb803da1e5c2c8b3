"""Reads for access requests: a member's requests, a representative's dashboard, one request."""

from django.db.models import Count, Prefetch

from communaute.models import Member
from ressources.models import (
    AccessRequest,
    AccessRequestEvent,
    Organization,
    RequestAttachment,
    Service,
)


def open_request_of(service: Service, member: Member) -> AccessRequest | None:
    """The member's request for this service still waiting for an answer, if any."""
    return (
        service.access_requests.filter(
            member=member, status__in=AccessRequest.OPEN_STATUSES, closed_at__isnull=True
        )
        .only("pk")
        .first()
    )


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
    return AccessRequest.objects.select_related("service", "member").prefetch_related(
        Prefetch("service__organizations", queryset=Organization.objects.order_by("name")),
    )


# Entries of a timeline on one page; the page opens on the latest ones.
EVENTS_PER_PAGE = 30
# What the live feed sends at most at once (passerelles/core/live: fragments are bounded).
FEED_MAX_EVENTS = 50


def timeline(access_request: AccessRequest):
    """The request's entries in the order they were written, with their authors and files."""
    return (
        AccessRequestEvent.objects.filter(request=access_request)
        .select_related("actor")
        .prefetch_related(
            Prefetch("attachments", queryset=RequestAttachment.objects.order_by("pk"))
        )
        .order_by("pk")
    )


def events_after(access_request: AccessRequest, after: int) -> list[AccessRequestEvent]:
    return list(timeline(access_request).filter(pk__gt=after)[:FEED_MAX_EVENTS])


def request_attachment(pk: int) -> RequestAttachment | None:
    return RequestAttachment.objects.select_related("event__request__service").filter(pk=pk).first()
