"""What communaute itself holds about a member, for the personal data export."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from communaute.hooks.privacy import register_section
from communaute.models import (
    EmailPreference,
    Flag,
    Notification,
    SpaceSubscription,
    Suspension,
    TopicSubscription,
)


@register_section("profil")
def profile_section(member):
    data = {
        "email": member.email,
        "display_name": member.display_name,
        "handle": member.handle,
        "disciplines": [str(discipline) for discipline in member.disciplines.all()],
        "province": member.get_province_display() if member.province else "",
        "organization": member.organization_name,
        "bio": member.bio,
        "website": member.website,
        "in_directory": member.in_directory,
        "skills": sorted(member.skills.names()),
        "avatar": member.avatar.name or None,
        "date_joined": member.date_joined,
        "last_login": member.last_login,
        "roles": sorted(member.groups.values_list("name", flat=True)),
    }
    return data, [member.avatar] if member.avatar else []


@register_section("compte")
def account_section(member):
    emails = EmailAddress.objects.filter(user=member).order_by("email")
    authenticators = Authenticator.objects.filter(user=member).order_by("created_at")
    data = {
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in emails
        ],
        # The kind and date only: secrets never leave the server, not even to their owner.
        "two_factor": [
            {"type": authenticator.type, "created_at": authenticator.created_at}
            for authenticator in authenticators
        ],
    }
    return data, []


@register_section("notifications")
def notifications_section(member):
    # Not the actor: who caused a notification is another member's data.
    notifications = (
        Notification.objects.filter(recipient=member)
        .order_by("created_at", "id")
        .values("kind", "url", "created_at", "read_at")
    )
    return list(notifications), []


@register_section("suivis")
def following_section(member):
    preference = EmailPreference.objects.filter(member=member).first()
    topics = TopicSubscription.objects.filter(member=member).order_by("created_at", "id")
    spaces = SpaceSubscription.objects.filter(member=member).order_by("created_at", "id")
    data = {
        "email_frequency": preference.frequency if preference else "daily",
        "topics": [
            {"topic": row["topic__title"], "level": row["level"], "since": row["created_at"]}
            for row in topics.values("topic__title", "level", "created_at")
        ],
        "spaces": [
            {"space": row["space__name"], "since": row["created_at"]}
            for row in spaces.values("space__name", "created_at")
        ],
    }
    return data, []


# Suspensions and the reports a member filed, never who reported them.
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
