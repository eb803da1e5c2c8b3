import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_french_home_page_renders_and_the_language_switch_shows_english(page, site):
    page.goto(site("/"))
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(page.get_by_role("heading", level=1)).to_have_text("Passerelles Culture")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()

    page.get_by_role("link", name="EN (English)").click()
    expect(page).to_have_url(site("/en/"))
    expect(page.locator("html")).to_have_attribute("lang", "en-CA")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    expect(page.get_by_role("link", name="Sign up").first).to_be_visible()

    page.get_by_role("link", name="FR (Français)").click()
    expect(page).to_have_url(site("/"))


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", ["/", "/comptes/signup/", "/comptes/login/"])
def test_public_pages_have_no_accessibility_violation(page, site, prefix, path):
    page.goto(site(f"{prefix}{path}"))
    assert_accessible(page)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_profile_pages_have_no_accessibility_violation(page, site, prefix):
    member = MemberFactory(display_name="Sophie Gagnon", bio="Metteuse en scène.")
    sign_in(page, site, member.email, PASSWORD)
    page.goto(site(f"{prefix}{member.get_absolute_url().removeprefix('/en')}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie Gagnon")
    assert_accessible(page)
    page.goto(site(f"{prefix}/comptes/profil/"))
    assert_accessible(page)
