"""The kinds of notification the site knows: each app registers its own in AppConfig.ready().

A kind says how a notification reads in the notification centre, which email, if any, goes
with it, and why the member receives it (the email says so). The sentence is built when it
is shown, never stored, so that a member reads it in the language of the page they are on.
communaute never imports the apps that send notifications: they come to it, as they do for
the personal data export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from communaute.models import Notification

KIND_MAX_LENGTH = 64


@dataclass(frozen=True)
class NotificationKind:
    kind: str
    describe: Callable[[Notification], str]
    email_template: str | None = None
    # Completes "Vous recevez ce courriel parce que …": required with an email.
    reason: Callable[[Notification], str] | None = None
    # Someone waits for the recipient's answer (a request): the email leaves at once even for
    # members who chose a digest; only "no email" stops it.
    urgent: bool = False


_kinds: dict[str, NotificationKind] = {}


def register_kind(
    kind: str,
    *,
    describe: Callable[[Notification], str],
    email_template: str | None = None,
    reason: Callable[[Notification], str] | None = None,
    urgent: bool = False,
) -> NotificationKind:
    """Register a kind. email_template is a prefix: f"{prefix}_subject.txt" and f"{prefix}.txt"."""
    if not kind or len(kind) > KIND_MAX_LENGTH:
        raise ValueError(f"A notification kind needs 1 to {KIND_MAX_LENGTH} characters: {kind!r}")
    if email_template and reason is None:
        # Every email says why it was sent, in words of its own.
        raise ValueError(f"A notification kind with an email needs a reason: {kind!r}")
    registered = NotificationKind(
        kind=kind, describe=describe, email_template=email_template, reason=reason, urgent=urgent
    )
    _kinds[kind] = registered
    return registered


def get_kind(kind: str) -> NotificationKind | None:
    return _kinds.get(kind)


def describe(notification: Notification) -> str:
    registered = _kinds.get(notification.kind)
    if registered is None:
        # A kind that was removed from the code still has rows in the database.
        return _("Vous avez une nouvelle notification.")
    return registered.describe(notification)


def reason(notification: Notification) -> str:
    registered = _kinds.get(notification.kind)
    if registered is None or registered.reason is None:
        # A kind removed from the code, whose email was still waiting to leave.
        return _("cette notification vous concerne")
    return registered.reason(notification)
