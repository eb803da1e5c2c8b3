"""Blocking and reporting in the browser, on a phone: a member blocks someone from their
profile, finds them in the list of blocked members and unblocks them, then reports a private
message; every page passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_blocks_unblocks_and_reports_a_private_message(page, site):
    from communaute.models import Block, MessageFlag
    from communaute.services.messaging import start_conversation
    from tests.communaute.factories import PASSWORD, MemberFactory

    member = MemberFactory(display_name="Sophie Gagnon", email="sophie@exemple.test")
    lise = MemberFactory(display_name="Lise Arsenault", in_directory=True)
    member.in_directory = True
    member.save(update_fields=["in_directory"])
    conversation, message = start_conversation(lise, [member], body="Achetez mes billets !")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, site, member.email, PASSWORD)

    page.goto(site(lise.get_absolute_url()))
    page.get_by_role("link", name="Bloquer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bloquer Lise Arsenault ?")
    assert_accessible(page)
    page.get_by_role("button", name="Bloquer").click()
    expect(page.get_by_text("Cette personne n'en est pas informée.")).to_be_visible()
    assert Block.objects.filter(blocker=member, blocked=lise).exists()

    page.goto(site("/comptes/membres-bloques/"))
    expect(page.get_by_role("link", name="Lise Arsenault")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Débloquer Lise Arsenault").click()
    expect(page.get_by_text("Vous n'avez bloqué personne.")).to_be_visible()

    page.goto(site(conversation.get_absolute_url()))
    page.get_by_role("link", name="Signaler le message de Lise Arsenault").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Signaler un message privé à l'équipe de modération"
    )
    assert_accessible(page)
    page.get_by_label("Publicité ou message indésirable").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_text("l'équipe de modération examinera ce message")).to_be_visible()
    assert MessageFlag.objects.get().message == message
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
