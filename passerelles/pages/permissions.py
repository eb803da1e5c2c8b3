"""Whose publications a person may work on in the Wagtail admin (/cms/).

Wagtail's page permissions say *where* a group may write: partners (Partenaire) add and change
pages under the publications index. They cannot say *whose* page it is, so these rules add it:
a partner works on the articles of the organizations they represent, never on another
organization's. Editors (Rédaction) and administrators work on every page.
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


def other_organizations_articles(user):
    """The articles a partner must neither see nor touch in the admin, as a queryset of ids."""
    from passerelles.pages.models import (
        ArticlePage,  # models.py imports the page form, which imports this
    )

    return ArticlePage.objects.exclude(
        organization_id__in=represented_organization_ids(user)
    ).values("pk")


def is_article(page):
    from passerelles.pages.models import ArticlePage

    # Wagtail's views hand hooks either the specific page or a plain Page.
    return issubclass(page.specific_class or type(page), ArticlePage)


def can_work_on_page(user, page):
    if not works_for_own_organizations_only(user) or not is_article(page):
        return True
    return page.specific_deferred.organization_id in represented_organization_ids(user)


def check_work_on_page_permission(user, page):
    if not can_work_on_page(user, page):
        raise PermissionDenied(
            _("Cette publication appartient à une autre organisation partenaire.")
        )


class OwnOrganizationPermissionTester(PagePermissionTester):
    """Wagtail's per-page permissions, emptied for a partner facing another organization's
    article: every admin view that asks the page (preview, history, drafts...) then refuses."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if not can_work_on_page(user, page):
            self.permissions = set()
