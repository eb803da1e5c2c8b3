"""Announcements: an animator speaks to every member of their space at once."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from communaute.models import Announcement, Member, Space
from communaute.notifications.centre import notify_many
from communaute.notifications.kinds import GENERIC_EMAIL, register_kind
from communaute.permissions.following import check_announce_permission
from communaute.permissions.viewer import Viewer
from passerelles.core.markdown import render_markdown


@dataclass(frozen=True, kw_only=True)
class AnnouncementContext:
    space: str
    title: str


ANNOUNCEMENT = register_kind(
    "announcement",
    context=AnnouncementContext,
    describe=lambda n, c: (
        _("Annonce dans « %(space)s » : %(title)s") % {"space": c.space, "title": c.title}
    ),
    email_template=GENERIC_EMAIL,
    reason=lambda n, c: _("vous êtes membre de l'espace « %(space)s »") % {"space": c.space},
)


@transaction.atomic
def publish_announcement(space: Space, *, author: Member, title: str, body: str) -> Announcement:
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
        ANNOUNCEMENT,
        url=announcement.get_absolute_url(),
        context=AnnouncementContext(space=space.name, title=title),
        actor=author,
    )
    return announcement
