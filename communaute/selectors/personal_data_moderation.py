"""What moderation holds about a member, for the personal data export: their suspensions and
the reports they filed (never who reported them)."""

from communaute.hooks.privacy import register_section
from communaute.models import Flag, Suspension


@register_section("moderation")
def moderation_section(member):
    suspensions = Suspension.objects.filter(member=member).order_by("starts_at")
    reports = Flag.objects.filter(reporter=member).order_by("created_at")
    data = {
        "suspensions": list(suspensions.values("reason", "starts_at", "ends_at", "lifted_at")),
        "reports_filed": list(
            reports.values("post_id", "reason", "comment", "status", "created_at")
        ),
    }
    return data, []
