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
from communaute.permissions.viewer import Viewer, viewer_for
from ressources.permissions.organizations import represented_organization_ids

# A fact of the Viewer (communaute/hooks/viewer.py), registered in PagesConfig.ready().
IS_EDITOR = "is_editor"


def in_editorial_group(member) -> bool:
    return member.groups.filter(name=roles.EDITORIAL).exists()


def works_for_own_organizations_only(viewer: Viewer) -> bool:
    if not viewer.is_authenticated or viewer.is_superuser:
        return False
    return not viewer.fact(IS_EDITOR)


def can_work_on_article(viewer: Viewer, article) -> bool:
    if not works_for_own_organizations_only(viewer):
        return True
    return article.organization_id in represented_organization_ids(viewer)


def check_work_on_article_permission(viewer: Viewer, article) -> None:
    if not can_work_on_article(viewer, article):
        raise PermissionDenied(
            _("Cette publication appartient à une autre organisation partenaire.")
        )


class OwnOrganizationPermissionTester(PagePermissionTester):
    """Wagtail's per-page permissions of an article, emptied for a partner facing another
    organization's: every admin view that asks the page (preview, history, drafts...) then
    refuses."""

    def __init__(self, user, article):
        super().__init__(user, article)
        if not can_work_on_article(viewer_for(user), article):
            self.permissions = set()
