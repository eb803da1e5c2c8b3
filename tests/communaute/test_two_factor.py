"""Two-factor authentication for everyone who publishes or moderates (issue #13, item 2)."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import resolve
from django.utils import translation

from communaute.models import ModerationAction
from communaute.permissions import roles
from communaute.permissions.two_factor import (
    PRIVILEGED_PATH_PREFIXES,
    privileged_view_names,
)
from communaute.services.two_factor import reset_two_factor
from tests.communaute.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

# Every privileged page: the two admins, then one address for each view the apps register.
# A view registered without an address here fails test_the_list_covers_every_registered_view.
PRIVILEGED_URLS = [
    "/admin/",
    "/admin/communaute/member/",
    "/cms/",
    "/cms/pages/",
    "/communaute/messages/1/masquer/",
    "/communaute/messages/1/retablir/",
    "/communaute/sujets/1/moderer/",
    "/communaute/signalements/1/classer/",
    "/communaute/espaces/un-espace/animation/",
    "/communaute/espaces/un-espace/animation/epingler/1/",
    "/communaute/espaces/un-espace/animation/accueillir/1/",
    "/communaute/moderation/messages-prives/",
    "/communaute/moderation/messages-prives/1/",
    "/ressources/gestion/",
    "/ressources/gestion/demandes/",
    "/ressources/gestion/demandes/1/",
    "/ressources/gestion/besoins/",
    "/ressources/services/nouveau/",
    "/ressources/services/un-service/modifier/",
    "/ressources/services/un-service/publier/",
    "/ressources/services/un-service/archiver/",
    "/ressources/rencontres/nouvelle/",
    "/ressources/rencontres/1/modifier/",
    "/ressources/rencontres/1/inscriptions/",
    "/ressources/rencontres/1/presences.csv",
    # The English pages are the same views.
    "/en/ressources/gestion/",
    "/en/communaute/messages/1/masquer/",
]
SETUP_URL = "/comptes/2fa/totp/activate/"
PRIVILEGED_ROLES = [roles.EDITORIAL, roles.PARTNER, roles.ANIMATION]


def totp_code_from_session(client):
    secret = client.session[SECRET_SESSION_KEY]
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, member):
    response = client.post("/comptes/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def confirm_password(client):
    response = client.post("/comptes/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def expected_setup_url(url):
    return "/en" + SETUP_URL if url.startswith("/en/") else SETUP_URL


def test_the_privileged_prefixes_are_the_two_admins():
    assert PRIVILEGED_PATH_PREFIXES == ("/admin/", "/cms/")


def view_name(url):
    # As LocaleMiddleware does: /en/… resolves with English active.
    with translation.override("en" if url.startswith("/en/") else "fr"):
        return resolve(url).view_name


def test_the_list_covers_every_registered_view():
    listed = {view_name(url) for url in PRIVILEGED_URLS if not url.startswith(("/admin", "/cms"))}
    assert listed == privileged_view_names()
    assert privileged_view_names() == {
        "communaute:post_hide",
        "communaute:post_restore",
        "communaute:topic_moderate",
        "communaute:flag_dismiss",
        "communaute:space_dashboard",
        "communaute:dashboard_pin",
        "communaute:dashboard_welcome",
        "communaute:message_reports",
        "communaute:message_report",
        "ressources:manage",
        "ressources:dashboard",
        "ressources:request_manage",
        "ressources:demand",
        "ressources:service_create",
        "ressources:service_edit",
        "ressources:service_publish",
        "ressources:service_archive",
        "ressources:gathering_create",
        "ressources:gathering_edit",
        "ressources:gathering_registrations",
        "ressources:gathering_attendance_csv",
    }


@pytest.mark.parametrize("role", PRIVILEGED_ROLES)
@pytest.mark.parametrize("url", PRIVILEGED_URLS)
def test_a_role_holder_without_two_factor_is_sent_to_set_it_up(client, role, url):
    holder = MemberFactory(roles=[role], two_factor=False)
    client.force_login(holder)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, url
        assert response["Location"] == expected_setup_url(url), url


@pytest.mark.parametrize("url", PRIVILEGED_URLS)
def test_staff_without_two_factor_is_sent_to_set_it_up(client, url):
    client.force_login(MemberFactory(is_staff=True, two_factor=False))
    response = client.get(url)
    assert response["Location"] == expected_setup_url(url)


@pytest.mark.parametrize("url", PRIVILEGED_URLS)
def test_a_role_holder_with_two_factor_is_not_asked(client, url):
    holder = MemberFactory(roles=PRIVILEGED_ROLES, is_staff=True, is_superuser=True)
    assert Authenticator.objects.filter(user=holder, type="totp").exists()
    client.force_login(holder)
    response = client.get(url)
    assert response.get("Location") != SETUP_URL


@pytest.mark.parametrize("url", PRIVILEGED_URLS)
def test_an_ordinary_member_is_never_asked(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.get("Location") != SETUP_URL
    assert response.status_code in {302, 403, 404, 405}


def test_the_rest_of_the_site_stays_open_with_a_notice(client):
    holder = MemberFactory(roles=[roles.ANIMATION], two_factor=False)
    client.force_login(holder)
    response = client.get("/communaute/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Double authentification à activer" in page
    assert f'href="{SETUP_URL}"' in page


def test_members_without_a_role_and_role_holders_with_two_factor_see_no_notice(client, member):
    for who in (member, MemberFactory(roles=[roles.EDITORIAL])):
        client.force_login(who)
        assert (
            "Double authentification à activer" not in client.get("/communaute/").content.decode()
        )


def test_a_member_given_a_role_later_is_asked_at_the_next_privileged_page(client, member):
    client.force_login(member)
    assert client.get("/ressources/gestion/").get("Location") != SETUP_URL
    assert "Double authentification à activer" not in client.get("/communaute/").content.decode()
    member.groups.add(Group.objects.get(name=roles.PARTNER))
    assert client.get("/ressources/gestion/")["Location"] == SETUP_URL
    # From then on the other pages carry the notice too.
    assert "Double authentification à activer" in client.get("/communaute/").content.decode()


def test_the_setup_page_explains_why_and_the_codes_are_shown_once(client):
    editor = MemberFactory(roles=[roles.EDITORIAL], two_factor=False)
    # Without a second factor, the password alone signs in; the privileged page then asks.
    assert sign_in(client, editor)["Location"] == "/"
    assert client.get("/cms/pages/")["Location"] == SETUP_URL

    # allauth asks for the password again before an authenticator is added (a session left
    # open must not let someone else add theirs).
    assert client.get(SETUP_URL)["Location"].startswith("/comptes/reauthenticate/")
    confirm_password(client)
    setup = client.get(SETUP_URL).content.decode()
    assert "Pourquoi cette étape ?" in setup
    assert "restent fermées jusqu'à ce que vous l'activiez" in setup.replace("&#x27;", "'")
    response = client.post(SETUP_URL, {"code": totp_code_from_session(client)})
    assert response["Location"] == "/comptes/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=editor, type="totp").exists()

    codes = Authenticator.objects.get(user=editor, type="recovery_codes").wrap()
    unused = codes.get_unused_codes()
    assert len(unused) == 10
    first = client.get("/comptes/2fa/recovery-codes/").content.decode()
    assert "ils ne seront plus affichés" in first
    assert all(code in first for code in unused)
    assert "Télécharger les codes" in first
    # Back to the page that asked.
    assert 'href="/cms/pages/"' in first

    again = client.get("/comptes/2fa/recovery-codes/").content.decode()
    assert not any(code in again for code in unused)
    assert "ne s'affichent qu'une fois" in again
    assert "Générer de nouveaux codes" in again
    assert client.get("/comptes/2fa/recovery-codes/download/").status_code in {403, 404}
    assert client.get("/cms/").status_code == 200


def test_new_codes_replace_the_old_ones_and_are_shown_once(client):
    editor = MemberFactory(roles=[roles.EDITORIAL], two_factor=False)
    sign_in(client, editor)
    confirm_password(client)
    client.get(SETUP_URL)
    client.post(SETUP_URL, {"code": totp_code_from_session(client)})
    client.get("/comptes/2fa/recovery-codes/")
    old = Authenticator.objects.get(user=editor, type="recovery_codes").wrap().get_unused_codes()

    response = client.post("/comptes/2fa/recovery-codes/generate/")
    assert response["Location"] == "/comptes/2fa/recovery-codes/"
    new = Authenticator.objects.get(user=editor, type="recovery_codes").wrap()
    assert set(new.get_unused_codes()).isdisjoint(old)
    assert not new.validate_code(old[0])
    page = client.get("/comptes/2fa/recovery-codes/").content.decode()
    assert all(code in page for code in new.get_unused_codes())
    assert (
        new.get_unused_codes()[0] not in client.get("/comptes/2fa/recovery-codes/").content.decode()
    )


def test_a_role_holder_signs_in_with_a_totp_code(client):
    animator = MemberFactory(roles=[roles.ANIMATION])
    response = sign_in(client, animator)
    assert response["Location"].startswith("/comptes/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Téléphone perdu ? Utilisez un code de récupération" in page
    assert (
        client.post("/comptes/2fa/authenticate/", {"code": animator.totp_code()})["Location"] == "/"
    )
    assert client.session["_auth_user_id"] == str(animator.pk)
    assert client.get("/communaute/espaces/un-espace/animation/").get("Location") != SETUP_URL


def test_a_recovery_code_works_once(client):
    partner = MemberFactory(roles=[roles.PARTNER])
    code = RecoveryCodes.activate(partner).get_unused_codes()[0]
    sign_in(client, partner)
    client.post("/comptes/2fa/authenticate/", {"code": code})
    assert client.session["_auth_user_id"] == str(partner.pk)

    client.post("/comptes/logout/")
    sign_in(client, partner)
    response = client.post("/comptes/2fa/authenticate/", {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_says_what_to_do_when_the_phone_is_lost(client, settings):
    settings.CONTACT_EMAIL = "bonjour@passerelles.test"
    page = client.get("/comptes/login/").content.decode()
    assert "Téléphone perdu ? Utilisez un code de récupération ou écrivez à" in page
    assert 'href="mailto:bonjour@passerelles.test"' in page


@pytest.mark.parametrize(
    ("url", "login"),
    [("/admin/login/", "/comptes/login/"), ("/cms/login/", "/comptes/login/")],
)
def test_both_admins_sign_in_through_allauth(client, url, login):
    response = client.get(url + "?next=/cms/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(login)
    assert "next=" in response["Location"]


def test_the_wagtail_sign_in_form_cannot_skip_the_second_factor(client):
    editor = MemberFactory(roles=[roles.EDITORIAL])
    client.post("/cms/login/", {"username": editor.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


# The lost phone: another administrator resets the member's 2FA from the member admin.


def reset_through_the_admin(client, member, reason="Téléphone perdu, identité vérifiée."):
    action = {"action": "reset_two_factor", "_selected_action": [member.pk]}
    return client.post("/admin/communaute/member/", {**action, "confirm": "yes", "reason": reason})


def test_an_administrator_resets_a_members_two_factor(
    client, staff, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://passerelles.example"
    editor = MemberFactory(roles=[roles.EDITORIAL], display_name="Maude Bélanger")
    client.force_login(staff)

    confirmation = client.post(
        "/admin/communaute/member/",
        {"action": "reset_two_factor", "_selected_action": [editor.pk]},
    )
    assert confirmation.status_code == 200
    text = confirmation.content.decode().replace("&#x27;", "'")
    assert "Ce que fait la réinitialisation" in text
    assert "Maude Bélanger" in text
    assert Authenticator.objects.filter(user=editor).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = reset_through_the_admin(client, editor)
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=editor).exists()
    logged = ModerationAction.objects.get(kind=ModerationAction.Kind.RESET_TWO_FACTOR)
    assert (logged.actor, logged.member) == (staff, editor)
    assert logged.reason == "Téléphone perdu, identité vérifiée."
    assert logged.details == {"deleted": ["totp"]}

    [email] = mail.outbox
    assert email.to == [editor.email]
    assert email.subject == (
        "[Passerelles Culture] Votre double authentification a été réinitialisée"
    )
    assert "Bonjour Maude Bélanger," in email.body
    assert "vient de réinitialiser la double authentification" in email.body
    assert "Pourquoi ce courriel ?" in email.body
    assert "https://passerelles.example/comptes/2fa/totp/activate/" in email.body

    client.force_login(editor)
    assert client.get("/cms/")["Location"] == SETUP_URL


def test_an_administrator_cannot_reset_their_own_two_factor(client, staff):
    client.force_login(staff)
    response = reset_through_the_admin(client, staff)
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff).exists()
    assert not ModerationAction.objects.exists()
    with pytest.raises(PermissionDenied):
        reset_two_factor(staff, actor=staff, reason="Moi-même")


def test_staff_without_the_permission_cannot_reset(client):
    clerk = MemberFactory(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_member", "change_member"])
    )
    editor = MemberFactory(roles=[roles.EDITORIAL])
    client.force_login(clerk)
    reset_through_the_admin(client, editor)
    assert Authenticator.objects.filter(user=editor).exists()
    assert not ModerationAction.objects.exists()
    with pytest.raises(PermissionDenied):
        reset_two_factor(editor, actor=clerk, reason="Non")
    for outsider in (MemberFactory(), MemberFactory(roles=[roles.ANIMATION])):
        with pytest.raises(PermissionDenied):
            reset_two_factor(editor, actor=outsider, reason="Non")


def test_staff_given_the_permission_can_reset(client):
    clerk = MemberFactory(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_member", "change_member", "reset_two_factor"]
        )
    )
    editor = MemberFactory(roles=[roles.EDITORIAL])
    client.force_login(clerk)
    reset_through_the_admin(client, editor)
    assert not Authenticator.objects.filter(user=editor).exists()
    assert ModerationAction.objects.filter(actor=clerk, member=editor).exists()


def test_the_reset_requires_a_reason(client, staff):
    editor = MemberFactory(roles=[roles.EDITORIAL])
    client.force_login(staff)
    response = reset_through_the_admin(client, editor, reason="")
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=editor).exists()
