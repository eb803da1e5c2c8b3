"""Partners write publications in the Wagtail admin, the Rédaction group reviews them.

Everything goes through /cms/ with the test client, as partners and editors would. Partners and
editors are not staff, so they enter the admin without two-factor authentication.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Site, WorkflowState
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from communaute.permissions import roles
from communaute.permissions.viewer import Viewer
from passerelles.pages.models import (
    ArticleIndexPage,
    ArticleKind,
    ArticlePage,
    HomePage,
    InitiativeIndexPage,
    InitiativePage,
    StandardPage,
)
from passerelles.pages.permissions import works_for_own_organizations_only
from ressources.services.organizations import add_representative
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_organization, make_representative

pytestmark = pytest.mark.django_db


class TestEditorialPageTree(WagtailPageTestCase):
    def test_publications_live_only_under_the_publications_index(self):
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(InitiativeIndexPage, ArticlePage)
        self.assertCanNotCreateAt(StandardPage, ArticlePage)
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, {})

    def test_initiatives_live_only_under_the_watch_index(self):
        self.assertCanCreateAt(InitiativeIndexPage, InitiativePage)
        self.assertCanNotCreateAt(HomePage, InitiativePage)
        self.assertCanNotCreateAt(ArticleIndexPage, InitiativePage)
        self.assertAllowedParentPageTypes(InitiativePage, {InitiativeIndexPage})
        self.assertAllowedSubpageTypes(InitiativePage, {})

    def test_the_indexes_and_fixed_pages_live_under_the_home_page(self):
        for model in (ArticleIndexPage, InitiativeIndexPage, StandardPage):
            self.assertCanCreateAt(HomePage, model)
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, ArticleIndexPage, InitiativeIndexPage}
        )
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(InitiativeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(InitiativeIndexPage, {InitiativePage})


# Set-up ----------------------------------------------------------------------------------


def home():
    return Site.objects.get(is_default_site=True).root_page.specific


def publications():
    return ArticleIndexPage.objects.get(slug="actualites")


def watch():
    return InitiativeIndexPage.objects.get(slug="initiatives")


@pytest.fixture
def aaapnb():
    return make_organization("AAAPNB")


@pytest.fixture
def tiess():
    return make_organization("TIESS")


@pytest.fixture
def partner(aaapnb):
    return make_representative(aaapnb, display_name="Julien Arsenault")


@pytest.fixture
def other_partner(tiess):
    return make_representative(tiess, display_name="Nadia Chartrand")


@pytest.fixture
def editor():
    return MemberFactory(display_name="Rose Comeau", roles=[roles.EDITORIAL])


def as_user(client, user):
    client.force_login(user)
    return client


def write_draft(author, organization, title="Bilan de la tournée acadienne"):
    """A draft as a partner leaves it after saving in the admin."""
    article = ArticlePage(
        title=title,
        slug=slugify(title),
        kind=ArticleKind.UPDATE,
        introduction="Ce que la tournée a appris aux compagnies.",
        body=[("paragraph", RichText("<p>Douze villes, trois provinces.</p>"))],
        organization=organization,
        owner=author,
        live=False,
    )
    publications().add_child(instance=article)
    article.save_revision(user=author)
    return article


def submit_for_review(article, author):
    article.get_workflow().start(article, author)
    mail.outbox.clear()


def article_form(organization, title="Bilan de la tournée acadienne", **actions):
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "kind": ArticleKind.UPDATE,
            "date": "2026-01-06",
            "organization": organization.pk,
            "introduction": "Ce que la tournée a appris aux compagnies.",
            "body": streamfield(
                [("paragraph", rich_text("<p>Douze villes, trois provinces.</p>"))]
            ),
            "tags": "tournée, diffusion",
        }
    )
    return {**data, **actions}


def add_article_url(parent):
    return reverse("wagtailadmin_pages:add", args=("pages", "articlepage", parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def workflow_action_url(article, action):
    task_state = article.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(article.pk, action, task_state.pk))


def choices(response, field):
    """The labels a select of the page form offers."""
    select = re.search(
        rf'<select name="{field}".*?</select>', response.content.decode(), re.S
    ).group(0)
    return re.findall(r"<option[^>]*>([^<]+)</option>", select)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


# A partner writes ------------------------------------------------------------------------


def test_a_partner_opens_the_publication_form_under_the_publications_index(client, partner):
    response = as_user(client, partner).get(add_article_url(publications()))
    assert response.status_code == 200


def test_the_organization_choice_offers_only_the_partners_own_organization_preselected(
    client, partner, tiess
):
    response = as_user(client, partner).get(add_article_url(publications()))
    assert choices(response, "organization") == ["AAAPNB"]
    assert re.search(r'<option value="\d+" selected>AAAPNB</option>', response.content.decode())


def test_a_partner_of_two_organizations_chooses_between_them_only(client, partner, tiess):
    add_representative(make_organization("LLIO"), partner)
    response = as_user(client, partner).get(add_article_url(publications()))
    assert choices(response, "organization") == ["---------", "AAAPNB", "LLIO"]


@pytest.mark.parametrize(
    ("page_type", "parent"),
    [("articlepage", home), ("standardpage", home), ("initiativepage", watch)],
)
def test_a_partner_cannot_add_pages_anywhere_else(client, partner, page_type, parent):
    url = reverse("wagtailadmin_pages:add", args=("pages", page_type, parent().pk))
    response = as_user(client, partner).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_partner_saves_a_draft_of_their_organizations_publication(client, partner, aaapnb):
    response = as_user(client, partner).post(add_article_url(publications()), article_form(aaapnb))
    article = ArticlePage.objects.get(slug="bilan-de-la-tournee-acadienne")
    assert response.status_code == 302
    assert response["Location"] == edit_url(article)
    assert not article.live
    assert article.owner == partner
    assert article.organization == aaapnb
    assert article.get_latest_revision().user == partner


def test_a_partner_cannot_publish(client, partner, aaapnb):
    as_user(client, partner).post(
        add_article_url(publications()), article_form(aaapnb, **{"action-publish": "1"})
    )
    article = ArticlePage.objects.get(slug="bilan-de-la-tournee-acadienne")
    assert not article.live
    assert article.first_published_at is None

    client.post(edit_url(article), article_form(aaapnb, **{"action-publish": "1"}))
    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url).status_code == 404


def test_a_partner_cannot_write_for_another_organization(client, partner, tiess):
    response = as_user(client, partner).post(add_article_url(publications()), article_form(tiess))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not ArticlePage.objects.exists()


def test_a_partner_without_an_organization_is_told_why_they_cannot_publish(client, aaapnb):
    partner = MemberFactory(roles=[roles.PARTNER])  # in the group, but no organization yet
    as_user(client, partner)
    explanation = "Vous ne représentez aucune organisation partenaire"
    assert explanation in client.get(add_article_url(publications())).content.decode()

    response = client.post(add_article_url(publications()), article_form(aaapnb))
    assert response.status_code == 200
    assert response.context["form"].errors["organization"][0].startswith(explanation)
    assert not ArticlePage.objects.exists()


def test_a_partner_submits_for_review_and_only_the_editors_are_emailed(
    client, partner, other_partner, editor, staff, aaapnb
):
    second_editor = MemberFactory(roles=[roles.EDITORIAL])
    response = as_user(client, partner).post(
        add_article_url(publications()), article_form(aaapnb, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="bilan-de-la-tournee-acadienne")
    assert not article.live
    assert article.workflow_in_progress
    assert article.current_workflow_state.requested_by == partner
    assert article.current_workflow_task.name == "Approbation de la rédaction"

    assert recipients() == sorted([editor.email, second_editor.email])
    assert all("Bilan de la tournée acadienne" in message.subject for message in mail.outbox)


# The Rédaction reviews -------------------------------------------------------------------


def test_an_editor_approves_and_the_publication_goes_live_and_its_author_is_emailed(
    client, partner, editor, aaapnb
):
    article = write_draft(partner, aaapnb)
    submit_for_review(article, partner)

    response = as_user(client, editor).post(workflow_action_url(article, "approve"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert article.current_workflow_state is None
    assert article.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    assert client.get(article.url).status_code == 200

    assert recipients() == [partner.email]
    assert "Bilan de la tournée acadienne" in mail.outbox[0].subject


def test_an_editor_asks_for_changes_and_the_author_is_emailed_the_comment(
    client, partner, editor, aaapnb
):
    article = write_draft(partner, aaapnb)
    submit_for_review(article, partner)

    as_user(client, editor).post(
        workflow_action_url(article, "reject"), {"comment": "Ajoutez les dates de la tournée."}
    )
    article.refresh_from_db()
    assert not article.live
    assert article.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES

    assert recipients() == [partner.email]
    assert "Ajoutez les dates de la tournée." in mail.outbox[0].body


def test_a_partner_cannot_approve_their_own_publication(client, partner, editor, aaapnb):
    article = write_draft(partner, aaapnb)
    submit_for_review(article, partner)

    as_user(client, partner).post(workflow_action_url(article, "approve"))
    article.refresh_from_db()
    assert not article.live
    assert article.workflow_in_progress


def test_the_editor_sees_the_publication_waiting_on_the_dashboard(client, partner, editor, aaapnb):
    article = write_draft(partner, aaapnb)
    submit_for_review(article, partner)

    html = as_user(client, editor).get(reverse("wagtailadmin_home")).content.decode()
    assert workflow_action_url(article, "approve") in html


# Each partner keeps to their own organization's publications -----------------------------


def test_a_colleague_from_the_same_organization_edits_and_submits_the_publication(
    client, partner, editor, aaapnb
):
    article = write_draft(partner, aaapnb)
    colleague = make_representative(aaapnb, display_name="Léa Thériault")
    as_user(client, colleague)
    assert client.get(edit_url(article)).status_code == 200

    client.post(
        edit_url(article),
        article_form(aaapnb, title="Bilan de la tournée, version finale", **{"action-submit": "1"}),
    )
    article.refresh_from_db()
    assert article.draft_title == "Bilan de la tournée, version finale"
    assert article.current_workflow_state.requested_by == colleague


@pytest.fixture
def their_article(other_partner, tiess):
    return write_draft(other_partner, tiess, title="Portrait des coopératives de diffusion")


def refused(response):
    """Wagtail itself turns the partner away (to the dashboard) before our hooks say 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"].startswith("/cms/")
    )


def test_a_partner_cannot_open_another_organizations_publication(client, partner, their_article):
    response = as_user(client, partner).get(edit_url(their_article))
    assert refused(response)
    for view in ("revisions_index", "history", "workflow_history", "preview_on_edit"):
        url = reverse(f"wagtailadmin_pages:{view}", args=(their_article.pk,))
        assert refused(as_user(client, partner).get(url)), view


def test_a_partner_cannot_submit_another_organizations_publication(
    client, partner, editor, their_article, tiess
):
    response = as_user(client, partner).post(
        edit_url(their_article),
        article_form(tiess, title="Portrait modifié", **{"action-submit": "1"}),
    )
    assert refused(response)
    their_article.refresh_from_db()
    assert their_article.draft_title == "Portrait des coopératives de diffusion"
    assert not their_article.workflow_in_progress
    assert mail.outbox == []


@pytest.mark.parametrize("view", ["delete", "copy"])
def test_a_partner_cannot_delete_or_copy_another_organizations_publication(
    client, partner, their_article, view
):
    response = as_user(client, partner).post(
        reverse(f"wagtailadmin_pages:{view}", args=(their_article.pk,)),
        {"new_title": "Copie", "new_slug": "copie", "new_parent_page": publications().pk},
    )
    assert refused(response)
    assert ArticlePage.objects.count() == 1


def test_a_partner_cannot_move_another_organizations_publication(client, partner, their_article):
    url = reverse("wagtailadmin_pages:move_confirm", args=(their_article.pk, publications().pk))
    assert refused(as_user(client, partner).post(url))
    assert their_article.get_parent().pk == publications().pk


def test_a_partner_cannot_bulk_delete_another_organizations_publication(
    client, partner, their_article, aaapnb
):
    own = write_draft(partner, aaapnb)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    response = as_user(client, partner).post(f"{url}?id={own.pk}&id={their_article.pk}")
    assert response.status_code in {302, 403}
    # The partner's own draft may go; the other organization's never does.
    assert ArticlePage.objects.filter(pk=their_article.pk).exists()


def test_the_explorer_lists_only_the_partners_own_publications(
    client, partner, aaapnb, their_article
):
    write_draft(partner, aaapnb)
    as_user(client, partner)
    listing = client.get(reverse("wagtailadmin_explore", args=(publications().pk,)))
    assert "Bilan de la tournée acadienne" in listing.content.decode()
    assert "Portrait des coopératives de diffusion" not in listing.content.decode()

    def search(words):
        return client.get(reverse("wagtailadmin_pages:search"), {"q": words}).content.decode()

    assert "Bilan de la tournée acadienne" in search("tournée")
    assert "Portrait des coopératives de diffusion" not in search("coopératives")


def test_a_partners_rules_cost_no_query_per_row_of_the_explorer(client, partner, aaapnb):
    for number in range(2):
        write_draft(partner, aaapnb, title=f"Brouillon {number}")
    as_user(client, partner)
    url = reverse("wagtailadmin_explore", args=(publications().pk,))
    client.get(url)  # warms the admin's menus
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(2, 12):
        write_draft(partner, aaapnb, title=f"Brouillon {number}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("Brouillon ") >= 12
    # Wagtail's own two queries a row; whose article each row is was read once, for the request.
    assert len(many) - len(few) <= 2 * 10


def test_whether_a_person_edits_is_read_once_per_viewer(editor, partner, django_assert_num_queries):
    with django_assert_num_queries(2):
        for person, partner_only in ((editor, False), (partner, True)):
            viewer = Viewer(person)
            assert works_for_own_organizations_only(viewer) is partner_only
            assert works_for_own_organizations_only(viewer) is partner_only


def test_the_editor_sees_and_opens_every_organizations_publication(
    client, partner, aaapnb, their_article, editor
):
    own = write_draft(partner, aaapnb)
    as_user(client, editor)
    html = client.get(reverse("wagtailadmin_explore", args=(publications().pk,))).content.decode()
    assert "Bilan de la tournée acadienne" in html
    assert "Portrait des coopératives de diffusion" in html
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "coopératives"})
    assert "Portrait des coopératives de diffusion" in search.content.decode()
    assert client.get(edit_url(own)).status_code == 200
    assert client.get(edit_url(their_article)).status_code == 200


def test_the_page_chooser_hides_another_organizations_drafts_but_not_its_publications(
    client, partner, other_partner, tiess, their_article
):
    published = write_draft(other_partner, tiess, title="Guide de la diffusion en région")
    published.get_latest_revision().publish()
    html = (
        as_user(client, partner)
        .get(reverse("wagtailadmin_choose_page_child", args=(publications().pk,)))
        .json()["html"]
    )
    assert "Guide de la diffusion en région" in html
    assert "Portrait des coopératives de diffusion" not in html


def test_the_related_publications_offer_only_published_ones_and_the_partners_own(
    client, partner, other_partner, tiess, their_article, aaapnb
):
    published = write_draft(other_partner, tiess, title="Guide de la diffusion en région")
    published.get_latest_revision().publish()
    own = write_draft(partner, aaapnb)
    response = as_user(client, partner).get(add_article_url(publications()))
    assert choices(response, "related_articles") == [published.title, own.title]
    assert their_article.title not in response.content.decode()


def test_the_authors_offered_to_a_partner_are_their_organizations_representatives(
    client, partner, other_partner, aaapnb, member
):
    colleague = make_representative(aaapnb, display_name="Léa Thériault")
    response = as_user(client, partner).get(add_article_url(publications()))
    assert choices(response, "authors") == [partner.display_name, colleague.display_name]
