from allauth.account.signals import user_signed_up
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from communaute.authentication import forget_member
from communaute.middleware import remember_two_factor_state
from communaute.models import (
    Bookmark,
    ConversationParticipant,
    Draft,
    JoinRequest,
    Member,
    NewsVisit,
    Notification,
    ReadState,
    SpaceMembership,
    SpaceSubscription,
    Suspension,
    TopicSubscription,
)
from communaute.permissions import roles
from communaute.permissions.two_factor import lacks_required_two_factor
from communaute.permissions.viewer import forget_facts
from communaute.selectors.home import forget_home, forget_owners_home
from communaute.views.invitations import accept_after_signup
from passerelles.core.live import forget_counters


@receiver(post_save, sender=Member, dispatch_uid="member_joins_member_group")
def put_new_member_in_member_group(sender, instance, created, raw=False, **kwargs):
    # Every path that creates an account (signup, admin, createsuperuser, seed) ends here.
    if created and not raw:
        group, _created = Group.objects.get_or_create(name=roles.MEMBER)
        instance.groups.add(group)


@receiver([post_save, post_delete], sender=Member, dispatch_uid="member_row_changed")
def member_changed(sender, instance, raw=False, **kwargs):
    # The copy of the row that pages which only read use (communaute/authentication.py).
    if not raw:
        forget_member(instance.pk)


@receiver(user_logged_in, dispatch_uid="two_factor_state_at_sign_in")
@receiver(mfa_signals.authenticator_added, dispatch_uid="two_factor_state_when_added")
@receiver(mfa_signals.authenticator_removed, dispatch_uid="two_factor_state_when_removed")
def note_two_factor_state(sender, request=None, user=None, **kwargs):
    # Whether the notice "Double authentification à activer" shows on the next pages.
    if request is not None and user is not None:
        remember_two_factor_state(request, lacks_required_two_factor(user))


@receiver([post_save, post_delete], sender=SpaceMembership, dispatch_uid="facts_membership")
@receiver([post_save, post_delete], sender=Suspension, dispatch_uid="facts_suspension")
def membership_or_suspension_changed(sender, instance, raw=False, **kwargs):
    # Joining, leaving, a new role, a suspension given or lifted: the member's next page reads
    # their facts afresh (communaute.permissions.viewer.StoredViewer).
    if not raw:
        forget_facts(instance.member_id)


def members_changed(instance, action, reverse, pk_set, members_of):
    """The members whose side of a many-to-many relation changed, from either side (none for
    the signals sent before a change, but one). `members_of(instance)`: the members of the
    other side's row, asked before a clear from that side (afterwards, who they were is no
    longer known)."""
    if reverse and action == "pre_clear":
        return list(members_of(instance).values_list("pk", flat=True))
    if action in {"post_add", "post_remove"} or (action == "post_clear" and not reverse):
        return list(pk_set) if reverse else [instance.pk]
    return []


@receiver(m2m_changed, sender=Member.groups.through, dispatch_uid="facts_groups")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """The groups say who moderates and who edits. Changed from the member's side or from the
    group's (the admin's group screen): either way, every member concerned forgets."""
    for member_id in members_changed(
        instance, action, reverse, pk_set, lambda group: group.user_set
    ):
        forget_facts(member_id)


@receiver(m2m_changed, sender=Member.disciplines.through, dispatch_uid="home_disciplines")
def disciplines_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Whether the profile names a discipline (the completion hint: selectors.home)."""
    member_ids = members_changed(
        instance, action, reverse, pk_set, lambda discipline: discipline.members
    )
    forget_home(*member_ids)


@receiver([post_save, post_delete], sender=Notification, dispatch_uid="counters_notification")
def notification_changed(sender, instance, raw=False, **kwargs):
    # The services say so themselves (publish_counters); this catches the admin and scripts.
    if not raw:
        forget_counters(instance.recipient_id)


@receiver([post_save, post_delete], sender=ConversationParticipant, dispatch_uid="counters_place")
def conversation_place_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        forget_counters(instance.member_id)


# Their spaces, what they follow or mute, have read or marked seen, the invitations they
# received, what they set aside or began to write: their site home and the pieces of their
# other pages (selectors.home).
for model, uid in (
    (SpaceMembership, "home_membership"),
    (SpaceSubscription, "home_space_follow"),
    (TopicSubscription, "home_topic_follow"),
    (ReadState, "home_read_state"),
    (NewsVisit, "home_news_visit"),
    (JoinRequest, "home_invitation"),
    (Bookmark, "home_bookmark"),
    (Draft, "home_draft"),
):
    receiver([post_save, post_delete], sender=model, dispatch_uid=uid)(forget_owners_home)


@receiver(user_signed_up, dispatch_uid="invitation_used_at_signup")
def use_invitation_at_signup(sender, request=None, user=None, **kwargs):
    # The signup began at an invitation's link: the new member joins its space.
    if request is not None and user is not None:
        accept_after_signup(request, user)
