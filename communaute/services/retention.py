"""The retention rules for what communaute stores (the schedule: passerelles.core.retention).

Accounts: an account whose address was never confirmed could never sign in (verification is
mandatory), so after RETENTION_UNCONFIRMED_ACCOUNT_DAYS it is only someone's address kept for
nothing. Only accounts that signed up through the site (an unverified EmailAddress row) are
concerned: an account created in the admin or by a command has no such row and is kept, and so
is any account with a verified address, a sign-in, a staff flag, a role, or anything at all
pointing at it besides its own address, preferences and notifications (a post, a request, an
organization, a page...) — whichever app that row belongs to.
"""

from datetime import datetime

from allauth.account.models import EmailAddress, EmailConfirmation
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from communaute.models import Draft, EmailDelivery, JoinRequest, Member, MessageFlag, Notification
from communaute.permissions import roles
from passerelles.core.retention import RetentionRule, register_rule

# What signup itself creates for an account, or the site creates for it: not the member's
# content. Any other relation (from any app) keeps the account.
NOT_CONTENT = frozenset(
    {
        "account.emailaddress",
        "communaute.consentrecord",
        "communaute.emailpreference",
        "communaute.notification",
        "communaute.emaildelivery",
        "communaute.memberskill",
        "wagtailusers.userprofile",
    }
)


def _has_content() -> Q:
    conditions = Q()
    for relation in Member._meta.related_objects:
        model = relation.related_model
        if model._meta.label_lower in NOT_CONTENT:
            continue
        rows = model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
        conditions |= Q(Exists(rows))
    other_roles = Group.objects.filter(user=OuterRef("pk")).exclude(name=roles.MEMBER)
    return conditions | Q(Exists(other_roles))


def unconfirmed_accounts(cutoff: datetime) -> QuerySet[Member]:
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    return (
        Member.objects.filter(
            date_joined__lt=cutoff,
            last_login__isnull=True,
            is_staff=False,
            is_superuser=False,
        )
        .filter(Exists(addresses.filter(verified=False)))
        .exclude(Exists(addresses.filter(verified=True)))
        .exclude(_has_content())
    )


def expired_email_confirmations(cutoff: datetime) -> QuerySet[EmailConfirmation]:
    # Only when confirmations are stored (ACCOUNT_EMAIL_CONFIRMATION_HMAC = False); the
    # default signed links leave no row.
    return EmailConfirmation.objects.filter(
        Q(sent__lt=cutoff) | Q(sent__isnull=True, created__lt=cutoff)
    )


def old_email_deliveries(cutoff: datetime) -> QuerySet[EmailDelivery]:
    # A delivery still waiting for a try is kept whatever its age: it is not done yet.
    return EmailDelivery.objects.exclude(status=EmailDelivery.Status.PENDING).filter(
        created_at__lt=cutoff
    )


def stale_invitations(cutoff: datetime) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        invited_by__isnull=False, status=JoinRequest.Status.PENDING, created_at__lt=cutoff
    )


def decided_join_requests(cutoff: datetime) -> QuerySet[JoinRequest]:
    # The membership itself is its own row; the request, its message and who decided are
    # only history once answered.
    return JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING).filter(
        decided_at__lt=cutoff
    )


def decided_message_reports(cutoff: datetime) -> QuerySet[MessageFlag]:
    # A report of a private message holds the reporter's words about someone else's: once
    # decided, it is kept a while for accountability, not for good.
    return MessageFlag.objects.exclude(status=MessageFlag.Status.OPEN).filter(decided_at__lt=cutoff)


def forgotten_drafts(cutoff: datetime) -> QuerySet[Draft]:
    return Draft.objects.filter(updated_at__lt=cutoff)


def old_read_notifications(cutoff: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(read_at__lt=cutoff)


register_rule(
    RetentionRule(
        name="unconfirmed_accounts",
        description=_(
            "Comptes dont l'adresse courriel n'a jamais été confirmée : supprimés "
            "%(duration)s après l'inscription (jamais un compte confirmé, connecté ou qui a "
            "publié quoi que ce soit)."
        ),
        find=unconfirmed_accounts,
        setting="RETENTION_UNCONFIRMED_ACCOUNT_DAYS",
        default_days=14,
    )
)
register_rule(
    RetentionRule(
        name="email_confirmations",
        description=_(
            "Liens de confirmation d'adresse courriel : supprimés %(duration)s après leur "
            "envoi, quand ils expirent."
        ),
        find=expired_email_confirmations,
        setting="ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS",
        default_days=3,
    )
)
register_rule(
    RetentionRule(
        name="email_deliveries",
        description=_(
            "Courriels envoyés par le site (notifications et résumés) : leur trace est "
            "supprimée %(duration)s après l'envoi."
        ),
        find=old_email_deliveries,
        setting="RETENTION_EMAIL_DELIVERY_DAYS",
        default_days=90,
    )
)
register_rule(
    RetentionRule(
        name="stale_invitations",
        description=_(
            "Invitations à un espace restées sans réponse : supprimées %(duration)s après "
            "leur envoi."
        ),
        find=stale_invitations,
        setting="RETENTION_INVITATION_DAYS",
        default_days=30,
    )
)
register_rule(
    RetentionRule(
        name="decided_join_requests",
        description=_(
            "Demandes d'adhésion et invitations acceptées ou refusées : supprimées "
            "%(duration)s après la décision (l'adhésion elle-même reste)."
        ),
        find=decided_join_requests,
        setting="RETENTION_JOIN_REQUEST_DAYS",
        default_days=365,
    )
)
register_rule(
    RetentionRule(
        name="read_notifications",
        description=_("Notifications lues : supprimées %(duration)s après leur lecture."),
        find=old_read_notifications,
        setting="RETENTION_READ_NOTIFICATION_DAYS",
        default_days=365,
    )
)
register_rule(
    RetentionRule(
        name="decided_message_reports",
        description=_(
            "Signalements de messages privés traités ou classés : supprimés %(duration)s "
            "après la décision."
        ),
        find=decided_message_reports,
        setting="RETENTION_MESSAGE_REPORT_DAYS",
        default_days=365,
    )
)
register_rule(
    RetentionRule(
        name="forgotten_drafts",
        description=_(
            "Brouillons de messages jamais publiés : supprimés %(duration)s après leur dernière "
            "modification."
        ),
        find=forgotten_drafts,
        setting="RETENTION_DRAFT_DAYS",
        default_days=180,
    )
)
