"""Resetting a member's two-factor authentication when their phone is lost.

Another administrator does it from the member admin (communaute/admin/members.py); the member's
authenticators (TOTP and recovery codes) are deleted, the audit log records who did it and why,
and the member is told by email, whatever their notification preferences: an account-security
email, like allauth's own. Their next privileged page asks them to set it up again.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from communaute.models import Member, ModerationAction
from communaute.notifications.emails import EMAIL_SUBJECT_PREFIX
from communaute.permissions.two_factor import check_reset_two_factor_permission
from passerelles.core.emails import render_subject, render_text
from passerelles.core.links import absolute_url


@transaction.atomic
def reset_two_factor(member: Member, *, actor: Member, reason: str = "") -> ModerationAction:
    """Delete the member's authenticators; logged, and the member is emailed on commit."""
    check_reset_two_factor_permission(actor, member)
    # Locked like allauth's own flows, so that a setup racing the reset does not survive it.
    Member.objects.select_for_update().get(pk=member.pk)
    deleted_types = sorted(
        set(Authenticator.objects.filter(user=member).values_list("type", flat=True))
    )
    Authenticator.objects.filter(user=member).delete()
    action = ModerationAction.objects.create(
        actor=actor,
        kind=ModerationAction.Kind.RESET_TWO_FACTOR,
        member=member,
        target=str(member)[:250],
        reason=reason,
        details={"deleted": deleted_types},
    )
    transaction.on_commit(lambda: _send_reset_email(member, actor))
    return action


def _send_reset_email(member: Member, actor: Member) -> None:
    with translation.override(member.language):
        context = {
            "member": member,
            "setup_url": absolute_url(reverse("mfa_activate_totp")),
            "contact_email": settings.CONTACT_EMAIL,
        }
        subject = render_subject("communaute/emails/two_factor_reset_subject.txt", context)
        body = render_text("communaute/emails/two_factor_reset.txt", context)
    send_mail(EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])
