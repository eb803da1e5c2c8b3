"""Reads about spaces as such: finding one, who belongs, who asks to join, who is invited, and
the private spaces' join links. What a space holds (topics, posts, files) is in forum.py."""

from django.core import signing
from django.db.models import QuerySet

from communaute.models import JoinRequest, Member, Space, SpaceMembership

JOIN_LINK_SALT = "communaute.spaces.join-link"


def space_with_slug(slug: str) -> Space | None:
    return Space.objects.filter(slug=slug).first()


def join_link_token(space: Space) -> str:
    # No timestamp, no expiry: animators hand the link out wherever they like, and it opens
    # nothing by itself, since they still approve each request. Renewing it (a new version)
    # retires the links handed out before.
    return signing.Signer(salt=JOIN_LINK_SALT).sign_object([space.pk, space.join_link_version])


def space_from_join_token(token: str) -> Space | None:
    """The space a join link was made for; None for a forged, mangled or retired link."""
    try:
        pk, version = signing.Signer(salt=JOIN_LINK_SALT).unsign_object(token)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return Space.objects.filter(pk=pk, join_link_version=version).first()


def memberships_of(space: Space) -> QuerySet[SpaceMembership]:
    """Who belongs to the space, animators first, then by name."""
    return space.memberships.select_related("member").order_by(
        "-role", "member__display_name", "pk"
    )


def join_requests_of(space: Space) -> QuerySet[JoinRequest]:
    """What members asked themselves, whatever its status: invitations are not among them."""
    return space.join_requests.filter(invited_by__isnull=True)


def pending_join_requests(space: Space) -> QuerySet[JoinRequest]:
    """The requests its animators have yet to decide, oldest first."""
    return (
        join_requests_of(space)
        .filter(status=JoinRequest.Status.PENDING)
        .select_related("member")
        .order_by("created_at")
    )


def has_pending_join_request(member: Member, space: Space) -> bool:
    return join_requests_of(space).filter(member=member, status=JoinRequest.Status.PENDING).exists()


def invitations_received(member: Member) -> QuerySet[JoinRequest]:
    """The invitations a member has yet to answer, newest first."""
    return (
        JoinRequest.objects.filter(
            member=member, status=JoinRequest.Status.PENDING, invited_by__isnull=False
        )
        .select_related("space", "invited_by")
        .order_by("-created_at")
    )
