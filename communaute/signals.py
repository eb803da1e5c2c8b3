from allauth.mfa import signals as mfa_signals
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from communaute.middleware import remember_two_factor_state
from communaute.models import Member
from communaute.permissions import roles
from communaute.permissions.two_factor import lacks_required_two_factor


@receiver(post_save, sender=Member, dispatch_uid="member_joins_member_group")
def put_new_member_in_member_group(sender, instance, created, raw=False, **kwargs):
    # Every path that creates an account (signup, admin, createsuperuser, seed) ends here.
    if created and not raw:
        group, _created = Group.objects.get_or_create(name=roles.MEMBER)
        instance.groups.add(group)


@receiver(user_logged_in, dispatch_uid="two_factor_state_at_sign_in")
@receiver(mfa_signals.authenticator_added, dispatch_uid="two_factor_state_when_added")
@receiver(mfa_signals.authenticator_removed, dispatch_uid="two_factor_state_when_removed")
def note_two_factor_state(sender, request=None, user=None, **kwargs):
    # Whether the notice "Double authentification à activer" shows on the next pages.
    if request is not None and user is not None:
        remember_two_factor_state(request, lacks_required_two_factor(user))
