"""Django admin for the community: one module per topic, registered on import."""

from communaute.admin import (  # noqa: F401
    following,
    invitations,
    members,
    moderation,
    notifications,
    privacy,
)
