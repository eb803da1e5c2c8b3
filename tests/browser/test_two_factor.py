import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from communaute.permissions import roles
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_on_a_phone_sets_up_two_factor_before_the_admin(page, site):
    editor = MemberFactory(roles=[roles.EDITORIAL], display_name="Maude Bélanger", two_factor=False)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, editor.email, PASSWORD)
    expect(page.get_by_role("heading", name="Double authentification à activer")).to_be_visible()
    assert_accessible(page)

    page.goto(site("/cms/"))
    # allauth first asks for the password again, then shows the setup page, which says why.
    page.wait_for_url("**/comptes/reauthenticate/**")
    assert_accessible(page)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(site("/comptes/2fa/totp/activate/"))
    expect(page.get_by_role("heading", name="Pourquoi cette étape ?")).to_be_visible()
    assert_accessible(page)

    # What the member's app computes from the secret the page shows.
    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="Activer").click()

    page.wait_for_url(site("/comptes/2fa/recovery-codes/"))
    codes = Authenticator.objects.get(user=editor, type="recovery_codes").wrap().get_unused_codes()
    listed = page.get_by_role("list", name="Vos codes de récupération")
    expect(listed.get_by_role("listitem")).to_have_count(10)
    expect(listed).to_contain_text(codes[0])
    expect(page.get_by_role("link", name="Télécharger les codes (fichier texte)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="J'ai mis mes codes en lieu sûr : continuer").click()
    page.wait_for_url(site("/cms/"))
    expect(page.get_by_text("Maude Bélanger").first).to_be_attached()

    # Shown once: the page now says how many are left, not which.
    page.goto(site("/comptes/2fa/recovery-codes/"))
    expect(page.get_by_text(codes[0])).to_have_count(0)
    expect(page.get_by_role("link", name="Générer de nouveaux codes")).to_be_visible()
    page.goto(site("/communaute/"))
    expect(page.get_by_text("Double authentification à activer")).to_have_count(0)
