"""Announcements: an animator speaks to every member of their space at once."""

from django.db import transaction

from communaute.models import Announcement, Member
from communaute.notifications.centre import notify_many
from communaute.permissions.following import check_announce_permission
from communaute.permissions.viewer import Viewer
from passerelles.core.markdown import render_markdown


@transaction.atomic
def publish_announcement(space, *, author, title, body):
    check_announce_permission(Viewer.of(author), space)
    announcement = Announcement.objects.create(
        space=space, author=author, title=title, body=body, body_html=render_markdown(body)
    )
    members = Member.objects.filter(space_memberships__space=space, is_active=True).exclude(
        pk=author.pk
    )
    # One bulk insert for the notifications and one for the emails, whatever the space's size.
    notify_many(
        list(members),
        "announcement",
        url=announcement.get_absolute_url(),
        context={"space": space.name, "space_slug": space.slug, "title": title},
        actor=author,
    )
    return announcement
