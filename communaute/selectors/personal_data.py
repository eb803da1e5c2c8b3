"""What communaute itself holds about a member, for the personal data export."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from communaute.hooks.privacy import register_section
from communaute.models import (
    Attachment,
    ConsentRecord,
    EmailPreference,
    Flag,
    JoinRequest,
    Notification,
    Post,
    Reaction,
    SpaceMembership,
    SpaceSubscription,
    Suspension,
    Topic,
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
        "show_organization": member.show_organization,
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
        "email_language": member.language,
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


@register_section("contributions")
def contributions_section(member):
    """What the member wrote and did in the spaces: their topics, posts (with the files they
    joined), reactions, memberships and join requests. Hidden and deleted posts are theirs too."""
    topics = Topic.objects.filter(author=member).select_related("space").order_by("created_at")
    posts = (
        Post.objects.filter(author=member)
        .select_related("topic__space")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    reactions = Reaction.objects.filter(member=member).order_by("created_at")
    memberships = SpaceMembership.objects.filter(member=member).select_related("space")
    join_requests = JoinRequest.objects.filter(member=member).select_related("space")
    data = {
        "topics": [
            {"title": topic.title, "space": topic.space.name, "created_at": topic.created_at}
            for topic in topics
        ],
        "posts": [
            {
                "topic": post.topic.title,
                "space": post.topic.space.name,
                "body": post.body,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "deleted_at": post.deleted_at,
                "files": [attachment.file.name for attachment in post.attachments.all()],
            }
            for post in posts
        ],
        "reactions": list(reactions.values("post_id", "kind", "created_at")),
        "spaces": [
            {"space": row.space.name, "role": row.role, "since": row.joined_at}
            for row in memberships.order_by("joined_at")
        ],
        "join_requests": [
            {
                "space": row.space.name,
                "message": row.message,
                "status": row.status,
                "created_at": row.created_at,
            }
            for row in join_requests.order_by("created_at")
        ],
    }
    files = [attachment.file for attachment in Attachment.objects.filter(post__author=member)]
    return data, files


@register_section("consentements")
def consents_section(member):
    """Every decision, oldest first, with the sentence the member was shown."""
    records = ConsentRecord.objects.filter(member=member).order_by("created_at", "id")
    data = [
        {
            "purpose": row.purpose,
            "given": row.given,
            "date": row.created_at,
            "text": row.text,
            "language": row.language,
            "source": row.source,
        }
        for row in records
    ]
    return data, []
