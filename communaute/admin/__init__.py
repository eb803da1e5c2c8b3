"""Django admin for the community: one module per topic, registered on import."""

from communaute.admin import following, members, moderation, notifications, privacy  # noqa: F401
