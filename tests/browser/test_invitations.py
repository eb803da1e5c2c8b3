"""A member invites a colleague to a space; the colleague signs up from the email's link with
the address already verified and lands in the space as a member."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from communaute.models import Member, Space, SpaceMembership
from communaute.services.forum import join_space
from tests.browser.conftest import assert_accessible, sign_in
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def t(language, message, **values):
    with translation.override(language):
        return translation.gettext(message) % values if values else translation.gettext(message)


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("fr", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})],
    ids=["fr-phone", "en-laptop"],
)
def test_a_member_invites_a_colleague_who_signs_up_and_lands_in_the_space(
    browser, site, mailoutbox, language, viewport
):
    prefix = "" if language == "fr" else "/en"
    space = Space.objects.create(name="Diffusion et tournées", slug="diffusion")
    sophie = MemberFactory(display_name="Sophie Gagnon", language=language)
    join_space(space, member=sophie)

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, site, sophie.email, PASSWORD)
    page.goto(site(f"{prefix}/communaute/invitations/inviter/"))
    assert_accessible(page)
    page.get_by_label(t(language, "Adresse courriel de la personne")).fill("chloe@exemple.test")
    page.get_by_label(t(language, "Mot personnel")).fill("Viens voir nos tournées !")
    page.get_by_label(t(language, "Espace à rejoindre")).select_option(label=space.name)
    page.get_by_role("button", name=t(language, "Envoyer l'invitation")).click()
    expect(page).to_have_url(site(f"{prefix}/communaute/invitations/envoyees/"))
    expect(page.get_by_role("cell", name="chloe@exemple.test", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name=t(language, "Envoyée"), exact=True)).to_be_visible()
    assert_accessible(page)

    # The colleague opens the email's link (its half in the page's language), signed out.
    (message,) = mailoutbox
    links = re.findall(r"http://\S+/comptes/invitation/\S+/", message.body)
    accept = next(
        link
        for link in links
        if not link.endswith("ne-plus-recevoir/") and ("/en/" in link) == (language == "en")
    )
    context.clear_cookies()
    page.goto(accept)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sophie Gagnon")
    assert_accessible(page)
    page.get_by_role("link", name=t(language, "Créer mon compte")).click()
    expect(page.locator("#id_email")).to_have_value("chloe@exemple.test")
    page.get_by_label(t(language, "Nom affiché")).fill("Chloé Cormier")
    page.locator("#id_password1").fill("une-phrase-de-passe-longue")
    page.locator("#id_password2").fill("une-phrase-de-passe-longue")
    page.locator("form.form button[type=submit]").click()

    # No confirmation email to wait for: the invitation proved the address.
    expect(page).to_have_url(site(f"{prefix}/communaute/espaces/diffusion/"))
    assert_accessible(page)
    chloe = Member.objects.get(email="chloe@exemple.test")
    assert SpaceMembership.objects.filter(space=space, member=chloe).exists()
    assert len(mailoutbox) == 1
    context.close()
