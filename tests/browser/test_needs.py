import pytest
from playwright.sync_api import expect

from ressources.models import Need, NeedSupport
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.ressources.factories import (
    join,
    make_need,
    make_organization,
    make_representative,
    make_service,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_sees_a_similar_need_while_typing_and_joins_it_instead(page, site):
    existing = make_need(
        MemberFactory(display_name="Élise Cormier"),
        title="Un atelier partagé et bien ventilé à Moncton",
        category="spaces",
        province="NB",
        disciplines=["visual-arts"],
    )
    member = MemberFactory(display_name="Josée Gallant", province="PE")

    sign_in(page, site, member.email, PASSWORD)
    page.get_by_role("link", name="Besoins", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les besoins du milieu")
    assert_accessible(page)

    page.get_by_role("link", name="Déclarer un besoin").first.click()
    page.get_by_label("Votre besoin en une phrase").fill("Un atelier ventilé à partager")
    page.get_by_label("Catégorie").select_option("spaces")
    suggestion = page.get_by_role("link", name=existing.title)
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("heading", name="Cela existe peut-être déjà")).to_be_visible()
    assert_accessible(page)

    suggestion.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(existing.title)
    assert_accessible(page)
    page.get_by_label("Votre province ou territoire").select_option("PE")
    page.get_by_label("Votre discipline").select_option("theatre")
    page.get_by_role("button", name="Moi aussi, j'ai ce besoin").click()

    expect(page.get_by_text("C'est noté : vous partagez ce besoin.")).to_be_visible()
    expect(page.get_by_text("2 personnes partagent ce besoin")).to_be_visible()
    assert_accessible(page)
    assert Need.objects.count() == 1
    support = NeedSupport.objects.get(member=member)
    assert (support.province, support.discipline_id) == ("PE", "theatre")


def test_a_member_declares_a_need_after_the_form_points_out_a_mistake(page, site):
    member = MemberFactory(display_name="Chloé Benoit", province="NL")

    sign_in(page, site, member.email, PASSWORD)
    page.goto(site("/ressources/besoins/nouveau/"))
    page.get_by_label("Votre besoin en une phrase").fill("Me former aux demandes de subvention")
    page.get_by_label("Description").fill("Une formation en ligne, en français.")
    page.get_by_label("Catégorie").select_option("training")
    page.get_by_label("Mon organisation").check()
    page.get_by_role("button", name="Déclarer ce besoin").click()

    expect(page.get_by_role("alert")).to_contain_text("Indiquez le nom de l'organisation")
    expect(page.get_by_label("Votre besoin en une phrase")).to_have_value(
        "Me former aux demandes de subvention"
    )
    assert_accessible(page)
    page.get_by_label("Nom de l'organisation").fill("Les Violons de la Baie")
    page.get_by_role("button", name="Déclarer ce besoin").click()

    expect(page.get_by_text("Votre besoin est déclaré.")).to_be_visible()
    need = Need.objects.get()
    assert (need.province, need.organization_count) == ("NL", 1)


def test_a_representative_links_a_service_and_the_members_who_shared_it_are_told(
    page, browser, site
):
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Julien Arsenault")
    make_service(
        organization,
        representative,
        title="Ateliers d'artistes à partager",
        category="spaces",
        regions=["NB"],
    )
    author = MemberFactory(display_name="Élise Cormier")
    other = MemberFactory(display_name="Josée Gallant")
    need = make_need(author, title="Un atelier partagé à Moncton", category="spaces")
    join(need, other, province="PE")

    sign_in(page, site, representative.email, PASSWORD)
    page.goto(site("/ressources/gestion/besoins/"))
    assert_accessible(page)
    page.get_by_role("link", name="Un atelier partagé à Moncton").click()
    page.get_by_label("Le service qui répond à ce besoin").select_option(
        label="Ateliers d'artistes à partager"
    )
    page.get_by_role("button", name="Marquer ce besoin comme comblé").click()
    expect(page.get_by_text("Ce besoin est comblé.")).to_be_visible()
    assert_accessible(page)

    page.goto(site("/ressources/portrait/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Portrait des besoins du milieu")
    assert_accessible(page)

    member_page = browser.new_context().new_page()
    sign_in(member_page, site, other.email, PASSWORD)
    member_page.get_by_role("link", name="Notifications").click()
    notice = member_page.get_by_role("link", name="Un besoin que vous partagez est comblé")
    expect(notice.first).to_be_visible()
    notice.first.click()
    expect(member_page.get_by_role("link", name="Ateliers d'artistes à partager")).to_be_visible()
    member_page.context.close()
