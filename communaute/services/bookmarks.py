"""Writes for what members set aside: toggle, reminder date, removal, and the reminders the
scheduler sends (the `bookmark_reminders` job, communaute/apps.py).

A reminder leaves once: the job locks the due rows (skipping those another scheduler holds)
and stamps them in the transaction that writes the notification. A bookmark whose object the
member may no longer see is stamped without a notification: nothing links to what is gone.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.hooks.bookmarks import get_bookmark_kind
from communaute.models import Bookmark, Member, Notification
from communaute.notifications.centre import notify
from communaute.notifications.kinds import register_kind
from communaute.permissions.bookmarks import check_bookmark_permission
from communaute.permissions.viewer import Viewer
from communaute.selectors.bookmarks import resolve
from communaute.selectors.home import forget_home

REMINDER_BATCH = 500


@dataclass(frozen=True, kw_only=True)
class BookmarkReminderContext:
    title: str
    # A post: its number in the topic `title` names.
    position: int | None = None


def _describe_reminder(notification: Notification, context: BookmarkReminderContext) -> str:
    if context.position:
        return _("Rappel : vous aviez mis de côté le message n° %(position)s de « %(title)s ».") % {
            "position": context.position,
            "title": context.title,
        }
    return _("Rappel : vous aviez mis de côté « %(title)s ».") % {"title": context.title}


def _reminder_reason(notification: Notification, context: BookmarkReminderContext) -> str:
    if context.position:
        return _(
            "vous avez mis le message n° %(position)s de « %(title)s » de côté en demandant "
            "qu'on vous le rappelle à cette date"
        ) % {"position": context.position, "title": context.title}
    return _(
        "vous avez mis « %(title)s » de côté en demandant qu'on vous le rappelle à cette date"
    ) % {"title": context.title}


BOOKMARK_REMINDER = register_kind(
    "bookmark_reminder",
    context=BookmarkReminderContext,
    describe=_describe_reminder,
    email_template="communaute/emails/bookmark_reminder",
    reason=_reminder_reason,
)


def _check_visible(member: Member, kind: str, object_id: int) -> None:
    registered = get_bookmark_kind(kind)
    if registered is None or object_id not in registered.visible(Viewer.of(member), [object_id]):
        raise PermissionDenied(_("Cet élément n'existe pas ou ne vous est pas accessible."))


@transaction.atomic
def set_aside(member: Member, *, kind: str, object_id: int, on: bool) -> bool:
    """Set the object aside (on=True) or take it back. The button says which, not "toggle":
    a form sent twice leaves the state the member asked for, never its opposite."""
    check_bookmark_permission(Viewer.of(member))
    if not on:
        Bookmark.objects.filter(member=member, kind=kind, object_id=object_id).delete()
        return False
    _check_visible(member, kind, object_id)
    # INSERT … ON CONFLICT DO NOTHING: a double click's second request neither waits on the
    # first one's row nor goes through an IntegrityError and a second read.
    Bookmark.objects.bulk_create(
        [Bookmark(member=member, kind=kind, object_id=object_id)], ignore_conflicts=True
    )
    # A bulk insert sends no signal: the topic page keeps what the member set aside with their
    # other pieces (selectors.home).
    forget_home(member.pk)
    return True


@transaction.atomic
def set_reminder(bookmark: Bookmark, *, member: Member, remind_on: date | None) -> Bookmark:
    """A new date (or none) for the reminder; a new date means a new reminder."""
    check_bookmark_permission(Viewer.of(member))
    bookmark = Bookmark.objects.select_for_update().get(pk=bookmark.pk, member=member)
    if remind_on is not None and remind_on < timezone.localdate():
        raise ValidationError(_("Choisissez une date à venir (ou aujourd'hui)."))
    bookmark.remind_on = remind_on
    bookmark.reminded_at = None
    bookmark.save(update_fields=["remind_on", "reminded_at"])
    return bookmark


@transaction.atomic
def remove_bookmark(bookmark: Bookmark, *, member: Member) -> None:
    Bookmark.objects.filter(pk=bookmark.pk, member=member).delete()


def send_bookmark_reminders(now: datetime) -> int:
    """Tell each member of the bookmarks whose reminder date has come. Returns how many were
    told. Run by the scheduler; several schedulers at once send each reminder once."""
    sent = 0
    today = timezone.localdate(now)
    while True:
        with transaction.atomic():
            due = list(
                Bookmark.objects.select_for_update(skip_locked=True)
                .filter(remind_on__lte=today, reminded_at__isnull=True)
                .select_related("member")
                .order_by("remind_on", "pk")[:REMINDER_BATCH]
            )
            if not due:
                return sent
            for bookmark in due:
                shown = resolve(Viewer.of(bookmark.member), [bookmark])
                if shown:
                    target = shown[0].target
                    notify(
                        bookmark.member,
                        BOOKMARK_REMINDER,
                        url=target.url,
                        context=BookmarkReminderContext(
                            title=(target.name or target.title)[:200], position=target.position
                        ),
                    )
                    sent += 1
            Bookmark.objects.filter(pk__in=[bookmark.pk for bookmark in due]).update(
                reminded_at=now
            )
