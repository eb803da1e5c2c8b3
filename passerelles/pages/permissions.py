"""Whose publications a person may work on in the Wagtail admin (/cms/).

Wagtail's page permissions say *where* a group may write: partners (Partenaire) add and change
pages under the publications index. They cannot say *whose* page it is, so these rules add it:
a partner works on the articles of the organizations they represent, never on another
organization's. Editors (Rédaction) and administrators work on every page.

The rules take an article; wagtail_hooks.py tells articles from the other pages Wagtail hands it,
so that this module needs no page model and the page models can use it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import PagePermissionTester

from communaute.permissions import roles
from ressources.permissions.catalogue import represented_organization_ids


def works_for_own_organizations_only(user):
    if not user.is_authenticated or user.is_superuser:
        return False
    # Asked for every page of an admin listing: remembered on the request's user object.
    is_editor = getattr(user, "_is_editor", None)
    if is_editor is None:
        is_editor = user.groups.filter(name=roles.EDITORIAL).exists()
        user._is_editor = is_editor
    return not is_editor


def can_work_on_article(user, article):
    if not works_for_own_organizations_only(user):
        return True
    return article.organization_id in represented_organization_ids(user)


def check_work_on_article_permission(user, article):
    if not can_work_on_article(user, article):
        raise PermissionDenied(
            _("Cette publication appartient à une autre organisation partenaire.")
        )


class OwnOrganizationPermissionTester(PagePermissionTester):
    """Wagtail's per-page permissions of an article, emptied for a partner facing another
    organization's: every admin view that asks the page (preview, history, drafts...) then
    refuses."""

    def __init__(self, user, article):
        super().__init__(user, article)
        if not can_work_on_article(user, article):
            self.permissions = set()
