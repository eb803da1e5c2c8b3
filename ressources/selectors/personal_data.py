"""What the resources side holds about a member, for the personal data export."""

from communaute.hooks.privacy import register_section
from ressources.models import AccessRequest, Need, NeedSupport, Representative


@register_section("demandes_d_acces")
def access_requests_section(member):
    requests = (
        AccessRequest.objects.filter(member=member)
        .select_related("service")
        .prefetch_related("events")
        .order_by("created_at")
    )
    data = [
        {
            "service": access_request.service.title,
            "on_behalf": access_request.on_behalf,
            "organization_name": access_request.organization_name,
            "message": access_request.message,
            "timeframe": access_request.timeframe,
            "status": access_request.status,
            "created_at": access_request.created_at,
            "history": [
                {
                    "status": event.to_status,
                    "message": event.message if event.actor_id == member.pk else "",
                    "at": event.created_at,
                }
                for event in access_request.events.all()
            ],
        }
        for access_request in requests
    ]
    return data, []


@register_section("representations")
def representations_section(member):
    rows = Representative.objects.filter(member=member).select_related("organization")
    data = [
        {
            "organization": row.organization.name,
            "role": row.role,
            "shown_on_page": row.shown_on_page,
        }
        for row in rows
    ]
    return data, []


@register_section("besoins")
def needs_section(member):
    supports = NeedSupport.objects.filter(member=member).select_related("need", "discipline")
    data = [
        {
            "need": support.need.title,
            "declared_by_me": support.need.author_id == member.pk,
            "province": support.province,
            "discipline": support.discipline_id or "",
            "on_behalf": support.on_behalf,
            "organization_name": support.organization_name,
            "show_name": support.show_name,
            "joined_at": support.created_at,
        }
        for support in supports.order_by("created_at")
    ]
    # Needs the member declared and no longer shares are theirs too.
    data += [
        {"need": need.title, "declared_by_me": True, "description": need.description}
        for need in Need.objects.filter(author=member).exclude(supports__member=member)
    ]
    return data, []
