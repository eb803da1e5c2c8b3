"""The demo accounts with a role go through the same second factor as production, with a
public secret that only the demo seed gives."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from communaute.models import Member
from passerelles.demo.loader import load
from passerelles.demo.members import demo_totp_code, seed_members

pytestmark = pytest.mark.django_db

WITH_A_ROLE = {
    "admin@passerelles.test",
    "redaction@passerelles.test",
    "partenaire@passerelles.test",
    "animation@passerelles.test",
}


def test_exactly_the_demo_accounts_with_a_role_have_a_second_factor():
    seed_members()
    with_totp = set(
        Member.objects.filter(authenticator__type=Authenticator.Type.TOTP).values_list(
            "email", flat=True
        )
    )
    assert with_totp == WITH_A_ROLE


def test_an_editor_of_the_demo_signs_in_with_the_printed_code(client, settings):
    settings.DEBUG = True
    seed_members()
    password = load("members")["password"]
    response = client.post(
        "/comptes/login/", {"login": "redaction@passerelles.test", "password": password}
    )
    assert response["Location"].startswith("/comptes/2fa/authenticate/")
    out = StringIO()
    call_command("demo_totp_code", stdout=out)
    assert out.getvalue().strip() == demo_totp_code()
    client.post("/comptes/2fa/authenticate/", {"code": out.getvalue().strip()})
    assert client.get("/cms/").status_code == 200


def test_the_demo_code_is_not_printed_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_totp_code", stdout=StringIO())
