from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from communaute.permissions import roles
from communaute.permissions.viewer import forget_facts
from communaute.selectors.home import forget_home, forget_owners_home
from communaute.services.files import delete_stored_file
from passerelles.core import read_ahead
from ressources.context_processors import CACHE_KEY as FOOTER_CACHE_KEY
from ressources.models import (
    AccessRequest,
    FundingCall,
    FundingFollow,
    Need,
    NeedSupport,
    Organization,
    OrganizationFollow,
    PartnerSearch,
    Representative,
    RequestAttachment,
    Service,
    ServiceFeedback,
)
from ressources.selectors import portrait
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
    read_ahead.discard(FOOTER_CACHE_KEY)
    cache.delete(FOOTER_CACHE_KEY)


@receiver(post_delete, sender=NeedSupport, dispatch_uid="recount_need_supporters")
def recount_need_supporters(sender, instance, **kwargs):
    """A support that goes with a deleted account (or an admin's deletion) leaves the need's
    counters exact, as leaving through the site does."""
    refresh_need_counts(instance.need_id)


def portrait_counts_changed(sender, raw=False, **kwargs):
    if not raw:
        portrait.forget()


# What the portrait counts (ressources/selectors/portrait.py); a deleted account takes its rows
# along one by one, through these signals too.
for source in (
    Need,
    NeedSupport,
    Service,
    ServiceFeedback,
    FundingCall,
    FundingFollow,
    PartnerSearch,
):
    uid = f"portrait_{source._meta.label_lower}"
    post_save.connect(portrait_counts_changed, sender=source, dispatch_uid=uid)
    post_delete.connect(portrait_counts_changed, sender=source, dispatch_uid=uid)


@receiver(m2m_changed, sender=Need.disciplines.through, dispatch_uid="portrait_disciplines")
@receiver(m2m_changed, sender=Service.regions.through, dispatch_uid="portrait_regions")
def portrait_links_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        portrait.forget()


# Their requests (answered by a representative too), the needs they share, the organizations
# whose news they follow: the member's site home.
for model, uid in (
    (AccessRequest, "home_requests"),
    (NeedSupport, "home_needs"),
    (OrganizationFollow, "home_follows"),
):
    receiver([post_save, post_delete], sender=model, dispatch_uid=uid)(forget_owners_home)


@receiver(post_save, sender=Need, dispatch_uid="home_need")
def home_need_changed(sender, instance, raw=False, **kwargs):
    # A need met, renamed or closed: on the home of everyone who shares it.
    if not raw:
        forget_home(*instance.supports.values_list("member_id", flat=True))
