from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from communaute.models import Member
from communaute.permissions import roles


@receiver(post_save, sender=Member, dispatch_uid="member_joins_member_group")
def put_new_member_in_member_group(sender, instance, created, raw=False, **kwargs):
    # Every path that creates an account (signup, admin, createsuperuser, seed) ends here.
    if created and not raw:
        group, _created = Group.objects.get_or_create(name=roles.MEMBER)
        instance.groups.add(group)
