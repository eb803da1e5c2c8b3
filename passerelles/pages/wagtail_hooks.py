"""A partner works, in the Wagtail admin, on their own organization's publications only.

The Partenaire group holds Wagtail's add and change permissions on the publications index,
which cover every article under it. Two layers narrow that to the partner's organizations
(rules in permissions.py):

- the page permission policy, which Wagtail asks which pages a person may explore or change:
  the explorer listing, the page search, the workflow reports and the site history stop
  showing other organizations' articles (one place, where the construct_explorer_page_queryset
  hook would only reach the listing, not the search);
- the before_* hooks of the views that open or alter one page (edit, which also submits to the
  workflow, delete, copy, move, bulk actions): they answer 403 for another organization's
  article, whatever address is typed. The read-only views (view draft, history, usage) ask
  Page.permissions_for_user, which no hook reaches.

Wagtail's own emails cover the review workflow: reviewers on submission, the author on approval
or on a request for changes (wagtail/admin/mail.py); see WAGTAILADMIN_NOTIFICATION_* in settings.
"""

from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from communaute.permissions.viewer import Viewer, viewer_for
from passerelles.pages.models import ArticlePage
from passerelles.pages.permissions import (
    can_work_on_article,
    check_work_on_article_permission,
    works_for_own_organizations_only,
)
from ressources.permissions.organizations import represented_organization_ids


def as_article(page):
    """The article behind a page Wagtail hands a hook (the specific page or a plain Page), or
    None when the page is of another type."""
    if issubclass(page.specific_class or type(page), ArticlePage):
        return page.specific_deferred
    return None


def can_work_on_page(viewer: Viewer, page: Page) -> bool:
    article = as_article(page)
    return article is None or can_work_on_article(viewer, article)


def other_organizations_articles(viewer: Viewer):
    """The articles a partner must neither see nor touch in the admin, as a queryset of ids."""
    return ArticlePage.objects.exclude(
        organization_id__in=represented_organization_ids(viewer)
    ).values("pk")


class OwnOrganizationPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, minus other organizations' articles for a partner."""

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        viewer = viewer_for(user)
        if works_for_own_organizations_only(viewer):
            pages = pages.exclude(pk__in=other_organizations_articles(viewer))
        return pages

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not can_work_on_page(viewer_for(user), instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


# Wagtail looks page policies up in its registry at each use; registering here, when the admin
# loads the hooks, puts this one in front of the default for every page type.
register_permission_policy(Page, OwnOrganizationPagePermissionPolicy())


def _refuse_other_organizations_article(request, page):
    article = as_article(page)
    if article is None:
        return None
    try:
        check_work_on_article_permission(request.viewer, article)
    except PermissionDenied as refusal:
        # Wagtail would turn a raised PermissionDenied into a redirect to the dashboard;
        # a 403 page says plainly why.
        return permission_denied(request, refusal)
    return None


@hooks.register("before_edit_page")
def refuse_editing_another_organizations_article(request, page):
    return _refuse_other_organizations_article(request, page)


@hooks.register("before_delete_page")
def refuse_deleting_another_organizations_article(request, page):
    return _refuse_other_organizations_article(request, page)


@hooks.register("before_copy_page")
def refuse_copying_another_organizations_article(request, page):
    return _refuse_other_organizations_article(request, page)


@hooks.register("before_move_page")
def refuse_moving_another_organizations_article(request, page, destination):
    return _refuse_other_organizations_article(request, page)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_another_organizations_articles(request, action_type, objects, action):
    for page in objects:
        if isinstance(page, Page) and not can_work_on_page(request.viewer, page):
            return _refuse_other_organizations_article(request, page)
    return None


@hooks.register("construct_page_chooser_queryset")
def hide_other_organizations_drafts_from_the_chooser(pages, request):
    # A published article is public: a partner may link to it. A draft stays with its organization.
    if works_for_own_organizations_only(request.viewer):
        pages = pages.exclude(
            pk__in=other_organizations_articles(request.viewer).filter(live=False)
        )
    return pages
