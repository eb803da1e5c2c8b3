from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from communaute.permissions import roles
from communaute.permissions.viewer import forget_facts
from communaute.services.files import delete_stored_file
from ressources.context_processors import CACHE_KEY as FOOTER_CACHE_KEY
from ressources.models import (
    FundingCall,
    NeedSupport,
    Organization,
    Representative,
    RequestAttachment,
    Service,
)
from ressources.services.needs import refresh_need_counts

# A request's files leave with it (the member's account deleted takes their requests along).
post_delete.connect(delete_stored_file, sender=RequestAttachment, dispatch_uid="request_files")


@receiver([post_save, post_delete], sender=Representative, dispatch_uid="sync_partner_group")
def sync_partner_group(sender, instance, raw=False, **kwargs):
    """Representing an organization puts a member in the Partenaire group; the last one out
    takes them out of it."""
    if raw:
        return
    member = instance.member
    group, _created = Group.objects.get_or_create(name=roles.PARTNER)
    if Representative.objects.filter(member=member).exists():
        member.groups.add(group)
    else:
        member.groups.remove(group)


@receiver([post_save, post_delete], sender=Representative, dispatch_uid="represented_changed")
def represented_organizations_changed(sender, instance, raw=False, **kwargs):
    # The organizations a member represents are one of their viewer's cached facts.
    if not raw:
        forget_facts(instance.member_id)


@receiver([post_save, post_delete], sender=Organization, dispatch_uid="refresh_footer_partners")
# Whether an organization is a partner or only a funder (selectors.organizations) turns on these.
@receiver([post_save, post_delete], sender=Representative, dispatch_uid="footer_representatives")
@receiver([post_save, post_delete], sender=Service, dispatch_uid="footer_services")
@receiver([post_save, post_delete], sender=FundingCall, dispatch_uid="footer_funding_calls")
def refresh_footer_partners(sender, **kwargs):
    cache.delete(FOOTER_CACHE_KEY)


@receiver(post_delete, sender=NeedSupport, dispatch_uid="recount_need_supporters")
def recount_need_supporters(sender, instance, **kwargs):
    """A support that goes with a deleted account (or an admin's deletion) leaves the need's
    counters exact, as leaving through the site does."""
    refresh_need_counts(instance.need_id)
