"""Drafts: what a member is writing, kept on the server while they type (static/js/composer.js
saves it every few seconds) and given back when they come back to the same place, on any device.
Publishing what the draft became discards it (the views call discard_draft once the publishing
service succeeded)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communaute.hooks.drafts import parse_place
from communaute.models import Draft, Member
from communaute.models.drafts import DRAFT_MAX_LENGTH
from communaute.permissions.drafts import check_draft_permission
from communaute.permissions.suspensions import check_not_suspended
from communaute.permissions.viewer import Viewer
from communaute.selectors.home import forget_home
from passerelles.core.forms import CONTROL_CHARACTERS


def save_draft(viewer: Viewer, place: str, body: str) -> Draft | None:
    """Keep the text typed in a place the viewer may write in; an emptied text removes the
    draft (None). Saves racing each other (two tabs, a save and the page's last one) end as
    one row holding the latest text, never an error."""
    check_not_suspended(viewer)
    check_draft_permission(viewer, place)
    if len(body) > DRAFT_MAX_LENGTH:
        raise ValidationError(
            _("Le brouillon dépasse %(max)s caractères : raccourcissez le texte.")
            % {"max": DRAFT_MAX_LENGTH}
        )
    # Invisible characters pasted from elsewhere cannot be stored (NUL) or published: the
    # draft keeps the text without them.
    body = CONTROL_CHARACTERS.sub("", body.replace("\x00", ""))
    if not body.strip():
        discard_draft(viewer.user, place)
        return None
    now = timezone.now()
    with transaction.atomic():
        # One INSERT … ON CONFLICT UPDATE: two saves at once never meet the unique constraint.
        Draft.objects.bulk_create(
            [Draft(member=viewer.user, place=place, body=body, updated_at=now)],
            update_conflicts=True,
            unique_fields=["member", "place"],
            update_fields=["body", "updated_at"],
        )
        # A bulk insert sends no signal: the topic page keeps the member's draft with their
        # other pieces (selectors.home).
        forget_home(viewer.user.pk)
        return Draft.objects.get(member=viewer.user, place=place)


def discard_draft(member: Member, place: str) -> bool:
    """Forget the member's draft for a place (published, or thrown away); False when there
    was none. Only ever the member's own."""
    if parse_place(place) is None:
        return False
    deleted, _rows = Draft.objects.filter(member=member, place=place).delete()
    return bool(deleted)
