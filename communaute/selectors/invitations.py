"""Reads for invitations by email: sorting a pasted list, an inviter's own list, a token."""

import re
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import timezone

from communaute.models import Invitation, InvitationOptOut, Member, Space
from communaute.models.invitations import (
    INVITATION_LIFETIME,
    address_hash,
    normalize_address,
    token_hash,
)
from communaute.permissions.invitations import can_invite_to_space
from communaute.permissions.viewer import Viewer

# Addresses are separated by line breaks, commas or semicolons, as mail clients copy them.
_SEPARATORS = re.compile(r"[\n\r,;]+")
LIST_MAX_ADDRESSES = 500


@dataclass
class SortedAddresses:
    valid: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    # Already invited, or no longer wishing invitations: one bucket, with no reason per
    # address, so that the list says nothing about any one person.
    not_sent: list[str] = field(default_factory=list)

    @property
    def to_send(self) -> list[str]:
        return self.valid


def split_addresses(text: str) -> list[str]:
    return [line.strip() for line in _SEPARATORS.split(text) if line.strip()]


def _address_of(line: str) -> str | None:
    # "Marie Cormier <marie@exemple.ca>" as well as the bare address.
    _name, address = parseaddr(line)
    address = normalize_address(address or line)
    try:
        validate_email(address)
    except ValidationError:
        return None
    return address


def sort_addresses(lines: list[str]) -> SortedAddresses:
    """Each line put in its place; two queries whatever the length of the list."""
    result = SortedAddresses()
    seen = set()
    for line in lines:
        address = _address_of(line)
        if address is None:
            result.invalid.append(line)
        elif address in seen:
            result.duplicates.append(address)
        else:
            seen.add(address)
            result.valid.append(address)
    blocked = set(unavailable_addresses(result.valid))
    result.not_sent = [address for address in result.valid if address in blocked]
    result.valid = [address for address in result.valid if address not in blocked]
    return result


def unavailable_addresses(addresses: list[str]) -> list[str]:
    """Those of the addresses invited and still waiting, or whose owner refuses invitations."""
    if not addresses:
        return []
    pending = set(
        Invitation.objects.filter(
            email__in=addresses,
            status=Invitation.Status.PENDING,
            created_at__gt=timezone.now() - INVITATION_LIFETIME,
        ).values_list("email", flat=True)
    )
    hashes = {address_hash(address): address for address in addresses}
    refused = InvitationOptOut.objects.filter(address_hash__in=hashes).values_list(
        "address_hash", flat=True
    )
    return sorted(pending | {hashes[value] for value in refused})


def existing_accounts(addresses: list[str]) -> set[str]:
    return set(Member.objects.filter(email__in=addresses).values_list("email", flat=True))


def invitations_sent_by(member: Member) -> QuerySet[Invitation]:
    return Invitation.objects.filter(inviter=member).select_related("space")


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("space", "inviter")
        .filter(token_hash=token_hash(token))
        .first()
    )


def is_refused(address: str) -> bool:
    return InvitationOptOut.objects.filter(address_hash=address_hash(address)).exists()


def spaces_open_to_invitations(viewer: Viewer) -> list[Space]:
    """The spaces this person may bring someone into (theirs, by the invitation rules)."""
    spaces = Space.objects.filter(pk__in=list(viewer.space_roles)).order_by("name")
    return [space for space in spaces if can_invite_to_space(viewer, space)]
