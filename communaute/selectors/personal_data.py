"""What communaute itself holds about a member, for the personal data export, and the relations
to members that the export sets aside (with the reason).

communaute holds the user model, so the third-party apps' relations to it (Django admin, allauth,
Wagtail) are decided here too.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.users.models import UserProfile

from communaute.hooks.privacy import exclude_from_export, register_section
from communaute.models import (
    Announcement,
    Attachment,
    Block,
    ConsentRecord,
    ConversationParticipant,
    Draft,
    EmailDelivery,
    EmailFrequency,
    EmailPreference,
    Flag,
    Invitation,
    JoinRequest,
    MessageAttachment,
    MessageFlag,
    ModerationAction,
    NewsVisit,
    Notification,
    Post,
    PrivateMessage,
    Reaction,
    ReadState,
    SpaceMembership,
    SpaceSubscription,
    Suspension,
    Topic,
    TopicShare,
    TopicSubscription,
)

# Labels shared by several sections of the HTML summary.
CREATED_AT = _("Date")
SPACE = _("Espace")
TOPIC = _("Sujet")
STATUS = _("Statut")


@register_section(
    "profil",
    _("Profil"),
    covers=["communaute.MemberSkill.content_object"],
    labels={
        "email": _("Adresse électronique"),
        "display_name": _("Nom affiché"),
        "handle": _("Identifiant de mention"),
        "disciplines": _("Disciplines"),
        "province": _("Province ou territoire"),
        "organization": _("Organisation"),
        "bio": _("Présentation"),
        "website": _("Site web"),
        "in_directory": _("Paraître dans le répertoire des membres"),
        "show_organization": _("Afficher mon organisation sur mon profil"),
        "skills": _("Peut aider sur"),
        "avatar": _("Photo ou logo"),
        "date_joined": _("Inscription"),
        "last_login": _("Dernière connexion"),
        "roles": _("Rôles"),
    },
)
def profile_section(member):
    data = {
        "email": member.email,
        "display_name": member.display_name,
        "handle": member.handle,
        "disciplines": [str(discipline) for discipline in member.disciplines.all()],
        "province": member.get_province_display() if member.province else "",
        "organization": member.organization_name,
        "bio": member.bio,
        "website": member.website,
        "in_directory": member.in_directory,
        "show_organization": member.show_organization,
        "skills": sorted(member.skills.names()),
        "avatar": member.avatar.name or None,
        "date_joined": member.date_joined,
        "last_login": member.last_login,
        "roles": sorted(member.groups.values_list("name", flat=True)),
    }
    return data, [member.avatar] if member.avatar else []


@register_section(
    "compte",
    _("Compte"),
    covers=["account.EmailAddress.user", "mfa.Authenticator.user", "wagtailusers.UserProfile.user"],
    labels={
        "email_addresses": _("Adresses électroniques"),
        "email": _("Adresse électronique"),
        "verified": _("Vérifiée"),
        "primary": _("Principale"),
        "two_factor": _("Double authentification"),
        "type": _("Type"),
        "created_at": _("Activée le"),
        "cms_preferences": _("Préférences de l'espace de rédaction"),
        "preferred_language": _("Langue"),
        "current_time_zone": _("Fuseau horaire"),
        "avatar": _("Photo"),
    },
)
def account_section(member):
    emails = EmailAddress.objects.filter(user=member).order_by("email")
    authenticators = Authenticator.objects.filter(user=member).order_by("created_at")
    # Wagtail's own profile, created for those who work in the CMS (/cms/).
    cms_profile = UserProfile.objects.filter(user=member).first()
    data = {
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in emails
        ],
        # The kind and date only: secrets never leave the server, not even to their owner.
        "two_factor": [
            {"type": authenticator.type, "created_at": authenticator.created_at}
            for authenticator in authenticators
        ],
    }
    files = []
    if cms_profile is not None:
        data["cms_preferences"] = {
            "preferred_language": cms_profile.preferred_language,
            "current_time_zone": cms_profile.current_time_zone,
            "avatar": cms_profile.avatar.name or None,
        }
        if cms_profile.avatar:
            files.append(cms_profile.avatar)
    return data, files


@register_section(
    "notifications",
    _("Notifications"),
    covers=["communaute.Notification.recipient"],
    labels={
        "kind": _("Type de notification"),
        "url": _("Adresse"),
        "created_at": CREATED_AT,
        "read_at": _("Lue le"),
    },
)
def notifications_section(member):
    # Not the actor: who caused a notification is another member's data.
    notifications = (
        Notification.objects.filter(recipient=member)
        .order_by("created_at", "id")
        .values("kind", "url", "created_at", "read_at")
    )
    return list(notifications), []


@register_section(
    "brouillons",
    _("Brouillons"),
    covers=["communaute.Draft.member"],
    labels={"place": _("Lieu"), "body": _("Texte"), "updated_at": _("Enregistré le")},
)
def drafts_section(member):
    drafts = Draft.objects.filter(member=member).order_by("updated_at", "id")
    return list(drafts.values("place", "body", "updated_at")), []


@register_section(
    "courriels",
    _("Courriels envoyés"),
    covers=["communaute.EmailDelivery.recipient"],
    labels={
        "subject": _("Objet du courriel"),
        "kind": _("Type de notification"),
        "status": STATUS,
        "created_at": CREATED_AT,
        "sent_at": _("Envoyé le"),
    },
    choices={"status": EmailDelivery.Status.choices},
)
def emails_section(member):
    deliveries = (
        EmailDelivery.objects.filter(recipient=member)
        .select_related("notification")
        .order_by("created_at", "id")
    )
    data = [
        {
            "subject": delivery.subject,
            "kind": delivery.notification.kind if delivery.notification else "",
            "status": delivery.status,
            "created_at": delivery.created_at,
            "sent_at": delivery.sent_at,
        }
        for delivery in deliveries
    ]
    return data, []


@register_section(
    "suivis",
    _("Abonnements et lectures"),
    covers=[
        "communaute.TopicSubscription.member",
        "communaute.SpaceSubscription.member",
        "communaute.EmailPreference.member",
        "communaute.ReadState.member",
        "communaute.NewsVisit.member",
    ],
    labels={
        "news_seen_until": _("« Quoi de neuf » vu jusqu'au"),
        "email_frequency": _("Fréquence des courriels"),
        "email_language": _("Langue des courriels"),
        "topics": _("Sujets suivis"),
        "topic": TOPIC,
        "level": _("Niveau"),
        "since": _("Depuis le"),
        "spaces": _("Espaces suivis"),
        "space": SPACE,
        "read_topics": _("Sujets lus"),
        "last_read_position": _("Dernier message lu"),
    },
    choices={
        "email_frequency": EmailFrequency.choices,
        "email_language": settings.LANGUAGES,
        "level": TopicSubscription.Level.choices,
    },
)
def following_section(member):
    preference = EmailPreference.objects.filter(member=member).first()
    topics = TopicSubscription.objects.filter(member=member).order_by("created_at", "id")
    spaces = SpaceSubscription.objects.filter(member=member).order_by("created_at", "id")
    data = {
        "email_frequency": preference.frequency if preference else "daily",
        "email_language": member.language,
        "topics": [
            {"topic": row["topic__title"], "level": row["level"], "since": row["created_at"]}
            for row in topics.values("topic__title", "level", "created_at")
        ],
        "spaces": [
            {"space": row["space__name"], "since": row["created_at"]}
            for row in spaces.values("space__name", "created_at")
        ],
        "read_topics": [
            {"topic": row["topic__title"], "last_read_position": row["last_read_position"]}
            for row in ReadState.objects.filter(member=member)
            .order_by("topic__title")
            .values("topic__title", "last_read_position")
        ],
        "news_seen_until": NewsVisit.objects.filter(member=member)
        .values_list("seen_until", flat=True)
        .first(),
    }
    return data, []


# Suspensions, the decisions about the member and the reports they filed; never who reported
# them nor which moderator decided.
@register_section(
    "moderation",
    _("Modération"),
    covers=[
        "communaute.Suspension.member",
        "communaute.Flag.reporter",
        "communaute.MessageFlag.reporter",
        "communaute.ModerationAction.member",
    ],
    labels={
        "suspensions": _("Suspensions"),
        "reason": _("Raison"),
        "starts_at": _("Début"),
        "ends_at": _("Fin"),
        "lifted_at": _("Levée le"),
        "reports_filed": _("Signalements faits"),
        "private_message_reports_filed": _("Messages privés signalés"),
        "message_id": _("Numéro du message privé"),
        "post_id": _("Numéro du message"),
        "comment": _("Commentaire"),
        "status": STATUS,
        "created_at": CREATED_AT,
        "decisions_about_me": _("Décisions de modération vous concernant"),
        "kind": _("Action"),
    },
    # Free-text suspension reasons pass through unchanged: only a report's code has words.
    choices={
        "reason": Flag.Reason.choices,
        "status": Flag.Status.choices,
        "kind": ModerationAction.Kind.choices,
    },
)
def moderation_section(member):
    suspensions = Suspension.objects.filter(member=member).order_by("starts_at")
    reports = Flag.objects.filter(reporter=member).order_by("created_at")
    decisions = ModerationAction.objects.filter(member=member).order_by("created_at", "id")
    data = {
        "suspensions": list(suspensions.values("reason", "starts_at", "ends_at", "lifted_at")),
        "reports_filed": list(
            reports.values("post_id", "reason", "comment", "status", "created_at")
        ),
        "private_message_reports_filed": list(
            MessageFlag.objects.filter(reporter=member)
            .order_by("created_at")
            .values("message_id", "reason", "comment", "status", "created_at")
        ),
        "decisions_about_me": list(decisions.values("kind", "reason", "created_at")),
    }
    return data, []


@register_section(
    "contributions",
    _("Contributions dans les espaces"),
    covers=[
        "communaute.Topic.author",
        "communaute.Post.author",
        # A member edits their own posts: the earlier versions of their posts are exported.
        # A moderator's edit of someone else's post keeps that person's text, not the moderator's.
        "communaute.PostRevision.edited_by",
        "communaute.Reaction.member",
        "communaute.SpaceMembership.member",
        "communaute.JoinRequest.member",
        "communaute.TopicShare.shared_by",
        "communaute.Announcement.author",
    ],
    labels={
        "topics": _("Sujets ouverts"),
        "title": _("Titre"),
        "space": SPACE,
        "created_at": CREATED_AT,
        "posts": _("Messages"),
        "topic": TOPIC,
        "body": _("Texte"),
        "edited_at": _("Modifié le"),
        "deleted_at": _("Supprimé le"),
        "files": _("Fichiers"),
        "earlier_versions": _("Versions précédentes"),
        "reactions": _("Réactions"),
        "post_id": _("Numéro du message"),
        "kind": _("Type de réaction"),
        "spaces": _("Espaces rejoints"),
        "role": _("Rôle"),
        "since": _("Depuis le"),
        "join_requests": _("Demandes d'adhésion"),
        "message": _("Message"),
        "status": STATUS,
        "shared_topics": _("Sujets partagés"),
        "announcements": _("Annonces publiées"),
    },
    choices={
        "kind": Reaction.Kind.choices,
        "role": SpaceMembership.Role.choices,
        "status": JoinRequest.Status.choices,
    },
)
def contributions_section(member):
    """What the member wrote and did in the spaces: their topics, posts (with the files they
    joined and their earlier versions), reactions, memberships, join requests, shared topics and
    announcements. Hidden and deleted posts are theirs too."""
    topics = Topic.objects.filter(author=member).select_related("space").order_by("created_at")
    posts = (
        Post.objects.filter(author=member)
        .select_related("topic__space")
        .prefetch_related("attachments", "revisions")
        .order_by("created_at", "id")
    )
    reactions = Reaction.objects.filter(member=member).order_by("created_at")
    memberships = SpaceMembership.objects.filter(member=member).select_related("space")
    join_requests = JoinRequest.objects.filter(member=member).select_related("space")
    data = {
        "topics": [
            {"title": topic.title, "space": topic.space.name, "created_at": topic.created_at}
            for topic in topics
        ],
        "posts": [
            {
                "topic": post.topic.title,
                "space": post.topic.space.name,
                "body": post.body,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "deleted_at": post.deleted_at,
                "files": [attachment.file.name for attachment in post.attachments.all()],
                "earlier_versions": [
                    {"body": revision.body, "created_at": revision.created_at}
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "reactions": list(reactions.values("post_id", "kind", "created_at")),
        "spaces": [
            {"space": row.space.name, "role": row.role, "since": row.joined_at}
            for row in memberships.order_by("joined_at")
        ],
        "join_requests": [
            {
                "space": row.space.name,
                "message": row.message,
                "status": row.status,
                "created_at": row.created_at,
            }
            for row in join_requests.order_by("created_at")
        ],
        "shared_topics": [
            {
                "topic": row["topic__title"],
                "space": row["space__name"],
                "created_at": row["created_at"],
            }
            for row in TopicShare.objects.filter(shared_by=member)
            .order_by("created_at")
            .values("topic__title", "space__name", "created_at")
        ],
        "announcements": [
            {
                "title": row["title"],
                "space": row["space__name"],
                "body": row["body"],
                "created_at": row["created_at"],
            }
            for row in Announcement.objects.filter(author=member)
            .order_by("created_at")
            .values("title", "space__name", "body", "created_at")
        ],
    }
    files = [attachment.file for attachment in Attachment.objects.filter(post__author=member)]
    return data, files


@register_section(
    "consentements",
    _("Consentements"),
    covers=["communaute.ConsentRecord.member"],
    labels={
        "purpose": _("Finalité"),
        "given": _("Consentement donné"),
        "date": _("Date"),
        "text": _("Texte présenté"),
        "language": _("Langue du texte"),
        "source": _("Origine"),
    },
    choices={"source": ConsentRecord.Source.choices},
)
def consents_section(member):
    """Every decision, oldest first, with the sentence the member was shown."""
    records = ConsentRecord.objects.filter(member=member).order_by("created_at", "id")
    data = [
        {
            "purpose": row.purpose,
            "given": row.given,
            "date": row.created_at,
            "text": row.text,
            "language": row.language,
            "source": row.source,
        }
        for row in records
    ]
    return data, []


@register_section(
    "conversations_privees",
    _("Conversations privées"),
    covers=[
        "communaute.Conversation.created_by",
        "communaute.ConversationParticipant.member",
        "communaute.PrivateMessage.author",
    ],
    labels={
        "conversations": _("Conversations"),
        "conversation": _("Conversation"),
        "subject": _("Sujet"),
        "joined_at": _("Arrivée le"),
        "left_at": _("Partie le"),
        "muted": _("En sourdine"),
        "messages": _("Vos messages"),
        "body": _("Texte"),
        "created_at": CREATED_AT,
        "files": _("Fichiers"),
    },
)
def private_conversations_section(member):
    """The conversations the member is or was in, and the messages they wrote there (the
    others' messages are theirs: they stay out of this member's export)."""
    places = (
        ConversationParticipant.objects.filter(member=member)
        .select_related("conversation")
        .order_by("joined_at", "id")
    )
    messages = (
        PrivateMessage.objects.filter(author=member)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    data = {
        "conversations": [
            {
                "conversation": place.conversation_id,
                "subject": place.conversation.subject,
                "joined_at": place.joined_at,
                "left_at": place.left_at,
                "muted": place.muted,
            }
            for place in places
        ],
        "messages": [
            {
                "conversation": message.conversation_id,
                "body": message.body,
                "created_at": message.created_at,
                "files": [attachment.file.name for attachment in message.attachments.all()],
            }
            for message in messages
        ],
    }
    files = [row.file for row in MessageAttachment.objects.filter(message__author=member)]
    return data, files


@register_section(
    "membres_bloques",
    _("Membres bloqués"),
    covers=["communaute.Block.blocker"],
    labels={"member": _("Membre"), "created_at": CREATED_AT},
)
def blocks_section(member):
    blocks = Block.objects.filter(blocker=member).order_by("created_at", "id")
    return [
        {"member": row["blocked__display_name"], "created_at": row["created_at"]}
        for row in blocks.values("blocked__display_name", "created_at")
    ], []


@register_section(
    "invitations",
    _("Invitations"),
    covers=["communaute.Invitation.inviter", "communaute.Invitation.accepted_by"],
    labels={
        "sent": _("Invitations envoyées"),
        "space": SPACE,
        "note": _("Mot personnel"),
        "status": STATUS,
        "created_at": _("Envoyée le"),
        "decided_at": _("Réglée le"),
        "accepted": _("Invitation qui vous a fait rejoindre le portail"),
        "accepted_at": _("Acceptée le"),
    },
    choices={"status": Invitation.Status.choices},
)
def invitations_section(member):
    """The invitations the member sent, without the addresses: an address is the invited
    person's data, not the inviter's, and an archive goes where the site cannot follow it
    (the list of sent invitations on the site still shows them to the inviter). Nor whether
    the email left: that would tell which addresses already have an account."""
    sent = (
        Invitation.objects.filter(inviter=member)
        .select_related("space")
        .order_by("created_at", "pk")
    )
    # How the member came: not who invited them nor the note, which are the inviter's.
    accepted = (
        Invitation.objects.filter(accepted_by=member)
        .order_by("decided_at", "pk")
        .values("space__name", "decided_at")
    )
    data = {
        "sent": [
            {
                "space": invitation.space.name if invitation.space else "",
                "note": invitation.note,
                "status": str(invitation.current_status),
                "created_at": invitation.created_at,
                "decided_at": invitation.decided_at,
            }
            for invitation in sent
        ],
        "accepted": [
            {"space": row["space__name"] or "", "accepted_at": row["decided_at"]}
            for row in accepted
        ],
    }
    return data, []


# What points at members without being data the member gave, each with its reason. Records kept
# because a member acted in a role (moderator, animator, editor) stay with the site: they are
# about other members or about the portal's own publications, and the site keeps them as
# accountability.
exclude_from_export(
    "communaute.Notification.actor",
    reason="A notification belongs to its recipient; what the actor did is exported with their "
    "own contributions.",
)
exclude_from_export(
    "communaute.Topic.last_poster",
    reason="A pointer kept for the topic lists; the post it points at is exported with the "
    "member's own contributions.",
)
exclude_from_export(
    "communaute.Block.blocked",
    reason="Another member's choice to block this one: telling them would undo what blocking "
    "promises (the blocked member is never told).",
)
exclude_from_export(
    "communaute.JoinRequest.decided_by",
    "communaute.JoinRequest.invited_by",
    reason="An animator's decision on, or invitation to, another member: the request is that "
    "member's record.",
)
exclude_from_export(
    "communaute.Flag.decided_by",
    "communaute.MessageFlag.decided_by",
    "communaute.Suspension.created_by",
    "communaute.ModerationAction.actor",
    reason="A moderator's work on other members, kept in the audit log for accountability.",
)
exclude_from_export(
    "communaute.ConfidentialityIncident.recorded_by",
    "communaute.ConfidentialityIncidentVersion.changed_by",
    reason="The privacy officer's entries in the Law 25 incident register, kept by law.",
)
exclude_from_export(
    "admin.LogEntry.user",
    reason="Django admin's log of staff work on the site's records.",
)
exclude_from_export(
    "wagtailcore.Revision.user",
    "wagtailcore.PageLogEntry.user",
    "wagtailcore.ModelLogEntry.user",
    "wagtailcore.WorkflowState.requested_by",
    "wagtailcore.TaskState.finished_by",
    reason="Wagtail's editorial history of the portal's pages: who saved, published or approved "
    "a version, kept as the publication's own record.",
)
exclude_from_export(
    "wagtailcore.Page.locked_by",
    "wagtailadmin.EditingSession.user",
    "wagtailadmin.FormState.user",
    "wagtailcore.UploadedFile.uploaded_by_user",
    reason="Transient CMS state (a lock, an open editor, a half-finished form, an upload "
    "in progress), gone once the work is done.",
)
exclude_from_export(
    "wagtailcore.PageSubscription.user",
    reason="A CMS setting: whether an editor is emailed about comments on a page.",
)
exclude_from_export(
    "wagtailcore.APIToken.user",
    reason="Unused by the portal (no API tokens are issued); a secret would never be exported.",
)
exclude_from_export(
    "wagtaildocs.Document.uploaded_by_user",
    "wagtailimages.Image.uploaded_by_user",
    reason="Files of the CMS library, uploaded by editors for the portal's publications: the "
    "portal's content, not the member's.",
)
