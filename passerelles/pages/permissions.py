"""Whose publications a person may work on in the Wagtail admin (/cms/).

Wagtail's page permissions say *where* a group may write: partners (Partenaire) add and change
pages under the publications index. They cannot say *whose* page it is, so these rules add it:
a partner works on the articles of the organizations they represent, never on another
organization's. Editors (Rédaction) and administrators work on every page.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import Page, PagePermissionTester

from communaute.middleware import viewer_for
from communaute.permissions import roles
from communaute.permissions.viewer import Viewer
from ressources.permissions.catalogue import represented_organization_ids

# A fact of the Viewer (communaute/hooks/viewer_facts.py), registered in PagesConfig.ready().
IS_EDITOR = "is_editor"


def in_editorial_group(member) -> bool:
    return member.groups.filter(name=roles.EDITORIAL).exists()


def works_for_own_organizations_only(viewer: Viewer) -> bool:
    if not viewer.is_authenticated or viewer.is_superuser:
        return False
    return not viewer.fact(IS_EDITOR)


def other_organizations_articles(viewer: Viewer):
    """The articles a partner must neither see nor touch in the admin, as a queryset of ids."""
    from passerelles.pages.models import (
        ArticlePage,  # models.py imports the page form, which imports this
    )

    return ArticlePage.objects.exclude(
        organization_id__in=represented_organization_ids(viewer)
    ).values("pk")


def is_article(page: Page) -> bool:
    from passerelles.pages.models import ArticlePage

    # Wagtail's views hand hooks either the specific page or a plain Page.
    return issubclass(page.specific_class or type(page), ArticlePage)


def can_work_on_page(viewer: Viewer, page: Page) -> bool:
    if not works_for_own_organizations_only(viewer) or not is_article(page):
        return True
    return page.specific_deferred.organization_id in represented_organization_ids(viewer)


def check_work_on_page_permission(viewer: Viewer, page: Page) -> None:
    if not can_work_on_page(viewer, page):
        raise PermissionDenied(
            _("Cette publication appartient à une autre organisation partenaire.")
        )


class OwnOrganizationPermissionTester(PagePermissionTester):
    """Wagtail's per-page permissions, emptied for a partner facing another organization's
    article: every admin view that asks the page (preview, history, drafts...) then refuses."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if not can_work_on_page(viewer_for(user), page):
            self.permissions = set()
