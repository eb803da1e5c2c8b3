"""The registry of notification kinds: what each one must be told, and how it reads.

Each kind is declared once, beside the service that sends it, with its context: a frozen
dataclass of the facts its sentence and its email show (a space's name, a topic's title). The
centre refuses a context that is not that class or whose values are not of the declared types,
so a forgotten or misspelt fact fails where the notification is written, never as a blank in
an email. The context is stored as JSON and read back into the dataclass when the notification
is shown; the sentence is built then, never stored, so that a member reads it in the language
of the page they are on. A row its kind can no longer read (the kind was removed, or a fact
was added since it was written) shows a generic sentence.

communaute never imports the apps that send notifications: they come to it, as they do for
the personal data export.
"""

from __future__ import annotations

import dataclasses
import enum
import types
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from communaute.models import Notification

KIND_MAX_LENGTH = 64
# The email of kinds whose sentence says it all: a greeting, the sentence, the link.
GENERIC_EMAIL = "communaute/emails/generic"

Context = TypeVar("Context")


@dataclasses.dataclass(frozen=True)
class NotificationKind(Generic[Context]):
    kind: str
    context: type[Context]
    describe: Callable[[Notification, Context], str]
    email_template: str | None = None
    # Completes "Vous recevez ce courriel parce que …": required with an email.
    reason: Callable[[Notification, Context], str] | None = None
    # Someone waits for the recipient's answer (a request): the email leaves at once even for
    # members who chose a digest; only "no email" stops it.
    urgent: bool = False


_kinds: dict[str, NotificationKind[Any]] = {}


def _types_of(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return get_args(annotation)
    return (annotation,)


def _is_supported(option: Any) -> bool:
    # What JSON holds as it is, or as a string read back into its type.
    return option in (type(None), str, int, bool, datetime) or (
        isinstance(option, type) and issubclass(option, enum.Enum)
    )


@cache
def _fields(context: type) -> dict[str, tuple[Any, ...]]:
    """Each field of a context class and the types it accepts."""
    hints = get_type_hints(context)
    return {field.name: _types_of(hints[field.name]) for field in dataclasses.fields(context)}


def _as(option: Any, value: Any) -> Any:
    """The value as a value of this type; ValueError if it cannot be one."""
    if option is type(None):
        if value is None:
            return None
    elif issubclass(option, enum.Enum):
        return option(value)
    elif option is datetime:
        # A moment is stored as an ISO 8601 string.
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    elif isinstance(value, option) and (option is bool or not isinstance(value, bool)):
        return value
    raise ValueError(value)


def _typed(context: type, name: str, value: Any) -> Any:
    for option in _fields(context)[name]:
        try:
            return _as(option, value)
        except (TypeError, ValueError):
            continue
    raise TypeError(f"{context.__name__}.{name} cannot be {value!r}.")


def _json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def register_kind(
    kind: str,
    *,
    context: type[Context],
    describe: Callable[[Notification, Context], str],
    email_template: str | None = None,
    reason: Callable[[Notification, Context], str] | None = None,
    urgent: bool = False,
) -> NotificationKind[Context]:
    """Register a kind. email_template is a prefix: f"{prefix}_subject.txt" and f"{prefix}.txt".

    describe and reason receive the notification and its context, read back into its class.
    """
    if not kind or len(kind) > KIND_MAX_LENGTH:
        raise ValueError(f"A notification kind needs 1 to {KIND_MAX_LENGTH} characters: {kind!r}")
    if kind in _kinds:
        raise ValueError(f"The notification kind {kind!r} is already declared elsewhere.")
    if email_template and reason is None:
        # Every email says why it was sent, in words of its own.
        raise ValueError(f"A notification kind with an email needs a reason: {kind!r}")
    if not (dataclasses.is_dataclass(context) and context.__dataclass_params__.frozen):
        raise TypeError(f"The context of {kind!r} must be a frozen dataclass.")
    for name, options in _fields(context).items():
        if not all(_is_supported(option) for option in options):
            raise TypeError(
                f"{context.__name__}.{name}: a context holds text, numbers, yes/no, "
                "choices and moments."
            )
    registered = NotificationKind(
        kind=kind,
        context=context,
        describe=describe,
        email_template=email_template,
        reason=reason,
        urgent=urgent,
    )
    _kinds[kind] = registered
    return registered


def get_kind(kind: str) -> NotificationKind[Any] | None:
    return _kinds.get(kind)


def registered_kinds() -> list[NotificationKind[Any]]:
    return list(_kinds.values())


def stored_context(kind: NotificationKind[Context], context: Context) -> dict[str, Any]:
    """The context as the notification stores it; raises for an unregistered kind, another
    class, or a value that is not of its field's type."""
    if _kinds.get(kind.kind) is not kind:
        raise ValueError(
            f"Unknown notification kind {kind.kind!r}: register it with register_kind()."
        )
    if type(context) is not kind.context:
        raise TypeError(
            f"A {kind.kind!r} notification takes a {kind.context.__name__}: {context!r}"
        )
    return {
        name: _json(_typed(kind.context, name, getattr(context, name)))
        for name in _fields(kind.context)
    }


def context_of(notification: Notification) -> Any | None:
    """The notification's context read back into its kind's class, or None when the kind was
    removed or the stored values no longer fit it."""
    registered = _kinds.get(notification.kind)
    if registered is None:
        return None
    stored = notification.context or {}
    try:
        return registered.context(
            **{
                name: _typed(registered.context, name, stored[name])
                for name in _fields(registered.context)
                if name in stored
            }
        )
    except (TypeError, ValueError):
        return None


def describe(notification: Notification) -> str:
    context = context_of(notification)
    if context is None:
        # A kind that was removed from the code, or changed since, still has rows to show.
        return _("Vous avez une nouvelle notification.")
    return _kinds[notification.kind].describe(notification, context)


def reason(notification: Notification) -> str:
    registered = _kinds.get(notification.kind)
    context = context_of(notification)
    if context is None or registered.reason is None:
        # A kind removed from the code, or changed, whose email was still waiting to leave.
        return _("cette notification vous concerne")
    return registered.reason(notification, context)
