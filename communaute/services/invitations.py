"""Writes for invitations by email: inviting, revoking, refusing, accepting.

The invitation email is written in French and in English, one after the other: the person
invited has no account yet, so nobody knows their language; each half links to the pages in
its own language. It is sent on commit, outside the notification centre (which writes to
members only), and says who invites, why it came, and how to receive no more invitations.

No enumeration: an address that already has an account gets an invitation row like any other
(the inviter's list cannot tell them apart) but no email; admins see `emailed=False`.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communaute.models import Invitation, InvitationOptOut, Member, Space, SpaceMembership
from communaute.models.invitations import INVITATION_LIFETIME, address_hash, token_hash
from communaute.notifications.emails import EMAIL_SUBJECT_PREFIX
from communaute.permissions.invitations import (
    can_invite_a_list,
    can_invite_to_space,
    check_invite_permission,
    check_invite_to_space_permission,
)
from communaute.permissions.viewer import Viewer
from communaute.selectors.invitations import existing_accounts, sort_addresses
from passerelles.core.emails import render_subject, render_text
from passerelles.core.links import absolute_url, localized_path

# A member brings a few colleagues a day; partners and animators bring a group from a list.
INVITATIONS_PER_DAY = 10
LIST_INVITATIONS_PER_DAY = 200
DAY = timedelta(days=1)


@dataclass
class InvitationsSent:
    sent: int
    not_sent: int


def daily_limit(viewer: Viewer) -> int:
    return LIST_INVITATIONS_PER_DAY if can_invite_a_list(viewer) else INVITATIONS_PER_DAY


def invite_people(
    actor: Member, lines: list[str], *, note: str = "", space: Space | None = None
) -> InvitationsSent:
    """Invite each address of the lines once; what cannot be sent is counted, never named."""
    viewer = Viewer.of(actor)
    check_invite_permission(viewer)
    if space is not None:
        check_invite_to_space_permission(viewer, space)
    if len(lines) > 1 and not can_invite_a_list(viewer):
        raise PermissionDenied(_("Invitez une personne à la fois."))
    with transaction.atomic():
        # The inviter's row serializes their own sends: two submits of the same form cannot
        # both pass the daily limit, and the second finds the first's invitations pending.
        Member.objects.select_for_update().filter(pk=actor.pk).first()
        now = timezone.now()
        sorting = sort_addresses(lines)
        addresses = sorting.to_send
        _check_daily_limit(viewer, actor, len(addresses), now)
        Invitation.objects.filter(
            email__in=addresses,
            status=Invitation.Status.PENDING,
            created_at__lte=now - INVITATION_LIFETIME,
        ).update(status=Invitation.Status.EXPIRED, decided_at=now)
        members = existing_accounts(addresses)
        to_email = []
        created = 0
        for address in addresses:
            token = secrets.token_urlsafe(32)
            try:
                with transaction.atomic():
                    invitation = Invitation.objects.create(
                        email=address,
                        inviter=actor,
                        space=space,
                        note=note,
                        token_hash=token_hash(token),
                        emailed=address not in members,
                        created_at=now,
                    )
            except IntegrityError:
                # Another inviter's invitation to the same address won the race.
                continue
            created += 1
            if invitation.emailed:
                to_email.append((invitation, token))
        transaction.on_commit(lambda: _send_invitation_emails(to_email))
    return InvitationsSent(sent=created, not_sent=len(sorting.not_sent) + len(addresses) - created)


def _check_daily_limit(viewer: Viewer, actor: Member, count: int, now: datetime) -> None:
    limit = daily_limit(viewer)
    used = Invitation.objects.filter(inviter=actor, created_at__gt=now - DAY).count()
    if used + count > limit:
        raise ValidationError(
            ngettext(
                "Vous pouvez envoyer %(limit)s invitation par jour ; il vous en reste "
                "%(left)s aujourd'hui. Réduisez la liste ou reprenez demain.",
                "Vous pouvez envoyer %(limit)s invitations par jour ; il vous en reste "
                "%(left)s aujourd'hui. Réduisez la liste ou reprenez demain.",
                limit,
            )
            % {"limit": limit, "left": max(limit - used, 0)}
        )


def _send_invitation_emails(pairs: list[tuple[Invitation, str]]) -> None:
    for invitation, token in pairs:
        _invitation_message(invitation, token).send()


def _links(token: str, language: str) -> dict[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        accept = reverse("compte:invitation", kwargs={"token": token})
        refuse = reverse("compte:invitation_refuse", kwargs={"token": token})
    return {
        "accept_url": absolute_url(localized_path(accept, language)),
        "refuse_url": absolute_url(localized_path(refuse, language)),
    }


def _invitation_message(invitation: Invitation, token: str) -> EmailMessage:
    subjects, bodies = [], []
    for language in ("fr", "en"):
        with translation.override(language):
            context = {
                "inviter": invitation.inviter.public_name,
                "space": invitation.space.name if invitation.space else "",
                "note": invitation.note,
                "expires_at": timezone.localtime(invitation.expires_at),
                **_links(token, language),
            }
            subjects.append(render_subject("communaute/emails/invitation_subject.txt", context))
            bodies.append(render_text("communaute/emails/invitation.txt", context).strip())
    return EmailMessage(
        EMAIL_SUBJECT_PREFIX + " / ".join(subjects),
        "\n\n* * *\n\n".join(bodies) + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, actor: Member) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.inviter_id != actor.pk:
        raise PermissionDenied(_("Cette invitation n'est pas la vôtre."))
    if invitation.current_status == Invitation.Status.PENDING:
        invitation.status = Invitation.Status.REVOKED
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])
    return invitation


@transaction.atomic
def refuse_invitations(invitation: Invitation) -> None:
    """The address receives no more invitations, from anyone; those waiting are closed."""
    InvitationOptOut.objects.get_or_create(address_hash=address_hash(invitation.email))
    Invitation.objects.filter(email=invitation.email, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REFUSED, decided_at=timezone.now()
    )


@transaction.atomic
def accept_invitation(invitation: Invitation, *, member: Member) -> Space | None:
    """The member's account is the invited address's: the invitation is used, and the member
    joins its space if whoever invited may still open that door. Returns the space joined."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("space", "inviter")
        .get(pk=invitation.pk)
    )
    if invitation.current_status != Invitation.Status.PENDING:
        raise PermissionDenied(_("Cette invitation n'est plus valable."))
    if not EmailAddress.objects.filter(
        user=member, email__iexact=invitation.email, verified=True
    ).exists():
        raise PermissionDenied(_("Cette invitation est adressée à une autre adresse."))
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = member
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "decided_at"])
    space = invitation.space
    if (
        space is None
        or invitation.inviter is None
        or not can_invite_to_space(Viewer.of(invitation.inviter), space)
    ):
        return None
    SpaceMembership.objects.get_or_create(space=space, member=member)
    return space
