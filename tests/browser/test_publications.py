import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from passerelles.pages.models import ArticleIndexPage, ArticlePage
from tests.browser.conftest import assert_accessible
from tests.ressources.factories import make_organization

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def article():
    index_page = ArticleIndexPage.objects.get()
    page = ArticlePage(
        title="Nommer les vrais besoins du milieu",
        slug="besoins",
        kind="reflexion",
        introduction="Quelques pistes pour recueillir les besoins.",
        organization=make_organization("TIESS"),
        body=[
            ("heading", {"text": "Écouter d'abord", "level": "h2"}),
            ("paragraph", RichText("<p>Des conversations courtes, région par région.</p>")),
            ("quote", {"text": "Partager, c'est durer.", "attribution": "Une artiste"}),
        ],
    )
    index_page.add_child(instance=page)
    page.tags.add("besoins")
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_publications_index_and_article_have_no_accessibility_violation(
    page, site, article, prefix
):
    page.goto(site(f"{prefix}/actualites/"))
    expect(page.get_by_role("link", name="Nommer les vrais besoins du milieu")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nommer les vrais besoins du milieu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nommer les vrais besoins du milieu")
    assert_accessible(page)
