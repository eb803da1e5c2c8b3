"""What the resources side holds about a member, for the personal data export."""

from communaute.privacy import register_section

from .models import AccessRequest, Representative


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
