"""The privacy centre (Québec's Law 25): the person in charge, consents per purpose, their
history, and each withdrawal honoured everywhere at once."""

import importlib
import io
import json
import zipfile

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils.html import escape
from wagtail.models import Site

from communaute.hooks import consents as consent_hooks
from communaute.hooks.directory import members_of
from communaute.models import ConsentRecord, EmailFrequency, EmailPreference, Member, Notification
from communaute.notifications.digests import send_due_digests
from communaute.notifications.emails import unsubscribe_token
from communaute.notifications.preferences import set_email_frequency
from communaute.selectors.consents import consent_given
from communaute.selectors.directory import directory
from communaute.selectors.following import frequency_of
from communaute.services import moderation
from communaute.services.consents import set_consent
from communaute.services.members import export_personal_data, update_profile
from passerelles.core.checks import contact_details
from passerelles.pages.models import FooterLinks, StandardPage
from tests.communaute.factories import MemberFactory, activate_totp
from tests.communaute.helpers import sign_in
from tests.communaute.test_accounts import SIGNUP
from tests.communaute.test_notifications import send_message, wants_each_email
from tests.ressources.factories import make_organization, make_representative

pytestmark = pytest.mark.django_db

CENTRE = "/comptes/confidentialite/"
DIRECTORY = "/communaute/membres/"


def change(client, purpose, given):
    return client.post(f"{CENTRE}{purpose}/", {"given": "1" if given else "0"})


@pytest.fixture
def officer(settings):
    settings.PRIVACY_OFFICER_NAME = "Dominique Leblanc"
    settings.PRIVACY_OFFICER_TITLE = "Direction générale"
    settings.PRIVACY_OFFICER_EMAIL = "vie-privee@passerelles.test"


@pytest.fixture
def listed_member():
    member = MemberFactory(display_name="Lise Arsenault")
    update_profile(
        member,
        actor=member,
        changes={"in_directory": True, "organization_name": "Théâtre du Bas-du-Fleuve"},
    )
    return member


@pytest.fixture
def viewer(client):
    # Another signed-in member, who looks at the directory and the profile.
    someone = MemberFactory(display_name="Marc-André Leblanc")
    sign_in(client, someone)
    return someone


# The person in charge, published for everyone


def test_a_visitor_sees_who_is_in_charge_of_personal_information(client, officer):
    response = client.get(CENTRE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Centre de confidentialité</h1>" in html
    assert "Dominique Leblanc" in html
    assert "Direction générale" in html
    assert "Responsable de la protection des renseignements personnels" in html
    assert 'href="mailto:vie-privee@passerelles.test"' in html
    # No consent to show, nor any form to change one.
    assert "Mes consentements" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "Connectez-vous" in html


def test_everyone_reads_how_long_personal_information_is_kept(client, settings):
    from passerelles.core.retention import schedule

    settings.RETENTION_EMAIL_DELIVERY_DAYS = 45
    html = client.get(CENTRE).content.decode()
    assert "Combien de temps vos renseignements sont gardés" in html
    for rule in schedule():
        assert f"<li>{escape(rule.summary)}</li>" in html
    # The durations come from the settings the retention command applies.
    assert "45 jours" in html


def test_the_privacy_centre_exists_in_english(client, officer):
    response = client.get(f"/en{CENTRE}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Privacy centre</h1>" in html
    assert "Person in charge of the protection of personal information" in html


def test_without_an_officer_the_team_address_and_the_legal_default_are_published(client, settings):
    settings.PRIVACY_OFFICER_NAME = ""
    settings.PRIVACY_OFFICER_TITLE = ""
    settings.PRIVACY_OFFICER_EMAIL = ""
    settings.CONTACT_EMAIL = ""
    html = client.get(CENTRE).content.decode()
    assert "la personne ayant la plus haute autorité" in html
    settings.CONTACT_EMAIL = "bonjour@passerelles.test"
    html = client.get(CENTRE).content.decode()
    assert 'href="mailto:bonjour@passerelles.test"' in html


def test_the_deploy_check_warns_until_the_officer_is_named_or_titled(settings):
    settings.CONTACT_EMAIL = "bonjour@passerelles.test"
    settings.PRIVACY_OFFICER_EMAIL = "vie-privee@passerelles.test"
    settings.PRIVACY_OFFICER_NAME = ""
    settings.PRIVACY_OFFICER_TITLE = ""
    [warning] = contact_details(None)
    assert "PRIVACY_OFFICER_NAME" in warning.msg
    settings.PRIVACY_OFFICER_TITLE = "Direction générale"
    assert contact_details(None) == []


# A member's consents


def test_a_member_sees_each_purpose_with_its_state_and_one_button(client, listed_member):
    sign_in(client, listed_member)
    html = client.get(CENTRE).content.decode()
    assert "Mes consentements" in html
    for label in ("Répertoire des membres", "Courriels et résumés", "Mon organisation sur mon"):
        assert label in html
    assert html.count('name="given" value="0"') == 3  # all three given: three withdraw buttons
    assert f'action="{CENTRE}directory/"' in html
    # The settings menu and the account menu lead here.
    assert f'href="{CENTRE}" aria-current="page"' in html
    assert html.count(f'href="{CENTRE}"') >= 2


def test_withdrawing_and_giving_back_records_each_decision_with_its_text(client, listed_member):
    sign_in(client, listed_member)
    response = change(client, "directory", False)
    assert response.status_code == 302
    assert response["Location"] == f"{CENTRE}#consent-directory"
    listed_member.refresh_from_db()
    assert listed_member.in_directory is False
    withdrawal = ConsentRecord.objects.filter(member=listed_member, source="centre").get()
    assert (withdrawal.purpose, withdrawal.given, withdrawal.language) == ("directory", False, "fr")
    assert withdrawal.text.startswith("J'accepte que mon profil")

    change(client, "directory", True)
    listed_member.refresh_from_db()
    assert listed_member.in_directory is True
    html = client.get(CENTRE).content.decode()
    assert "Historique de mes consentements" in html
    assert html.count("consentement retiré") == 1
    assert "<time datetime=" in html
    assert "Centre de confidentialité" in html  # the source of each line


def test_the_text_stored_is_the_one_shown_in_the_members_language(client, listed_member):
    sign_in(client, listed_member)
    client.post(f"/en{CENTRE}emails/", {"given": "0"})
    record = ConsentRecord.objects.get(member=listed_member, purpose="emails")
    assert record.language == "en"
    assert record.text.startswith("I agree that the portal uses my email address")


def test_a_second_click_changes_nothing_and_adds_no_line(client, listed_member):
    sign_in(client, listed_member)
    change(client, "organization", False)
    change(client, "organization", False)
    assert ConsentRecord.objects.filter(member=listed_member, purpose="organization").count() == 1


def test_visitors_cannot_change_a_consent(client, listed_member):
    before = ConsentRecord.objects.count()
    response = change(client, "directory", False)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]
    listed_member.refresh_from_db()
    assert listed_member.in_directory is True
    assert ConsentRecord.objects.count() == before


def test_an_unknown_purpose_is_not_found_and_get_is_refused(client, member):
    sign_in(client, member)
    assert change(client, "publicite", True).status_code == 404
    assert client.get(f"{CENTRE}directory/").status_code == 405
    assert not ConsentRecord.objects.exists()


def test_a_member_cannot_change_another_members_consent(listed_member, other_member):
    with pytest.raises(PermissionDenied) as refusal:
        set_consent(listed_member, "directory", False, actor=other_member)
    assert "vos propres consentements" in str(refusal.value)
    listed_member.refresh_from_db()
    assert listed_member.in_directory is True


def test_a_suspended_member_still_withdraws_and_gives_consents(client, listed_member, staff):
    moderation.suspend_member(listed_member, actor=staff, days=3, reason="Pause.")
    sign_in(client, listed_member)
    assert client.get(CENTRE).status_code == 200
    assert change(client, "directory", False).status_code == 302
    listed_member.refresh_from_db()
    assert listed_member.in_directory is False
    change(client, "directory", True)
    listed_member.refresh_from_db()
    assert listed_member.in_directory is True


def test_the_centre_reads_a_bounded_number_of_queries(
    client, listed_member, django_assert_max_num_queries
):
    sign_in(client, listed_member)
    for _round in range(10):
        change(client, "organization", False)
        change(client, "organization", True)
    client.get(CENTRE)  # the menu's and footer's cached entries, read once for every page
    with django_assert_max_num_queries(14):
        response = client.get(CENTRE)
    # Ten given here, and the directory ticked by the fixture.
    assert response.content.decode().count("consentement donné") == 11


# Each withdrawal honoured everywhere, at once


def test_withdrawing_the_directory_removes_the_member_from_the_directory_and_its_search(
    client, listed_member, viewer
):
    assert "Lise Arsenault" in client.get(DIRECTORY).content.decode()
    set_consent(listed_member, "directory", False, actor=listed_member)
    assert "Lise Arsenault" not in client.get(DIRECTORY).content.decode()
    assert "Lise Arsenault" not in client.get(DIRECTORY, {"q": "Lise"}).content.decode()
    mentions = client.get("/communaute/mentions/", {"q": "Lis"}).json()["results"]
    assert mentions == []

    set_consent(listed_member, "directory", True, actor=listed_member)
    assert "Lise Arsenault" in client.get(DIRECTORY, {"q": "Lise"}).content.decode()
    mentions = client.get("/communaute/mentions/", {"q": "Lis"}).json()["results"]
    assert [row["name"] for row in mentions] == ["Lise Arsenault"]


def test_withdrawing_emails_stops_every_email_but_not_the_notification(
    listed_member, other_member, django_capture_on_commit_callbacks
):
    wants_each_email(listed_member)
    set_consent(listed_member, "emails", False, actor=listed_member)
    with django_capture_on_commit_callbacks(execute=True):
        send_message(listed_member, other_member)
    assert Notification.objects.filter(recipient=listed_member).count() == 1
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 0
    assert mail.outbox == []

    set_consent(listed_member, "emails", True, actor=listed_member)
    # Given back: the default rhythm, a daily digest of what is still unread.
    assert frequency_of(listed_member) == EmailFrequency.DAILY
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 1
    assert [message.to for message in mail.outbox] == [[listed_member.email]]


def test_withdrawing_the_organization_hides_it_from_the_profile_and_the_directory(
    client, listed_member, viewer
):
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Paul Doiron")
    update_profile(
        representative,
        actor=representative,
        changes={"in_directory": True, "organization_name": "Galerie Sans Nom"},
    )
    profile = listed_member.get_absolute_url()
    assert "Théâtre du Bas-du-Fleuve" in client.get(profile).content.decode()
    assert "Théâtre du Bas-du-Fleuve" in client.get(DIRECTORY).content.decode()
    representative_html = client.get(representative.get_absolute_url()).content.decode()
    assert 'class="profile__organization"><a href="/ressources/organisations/aaapnb/"' in (
        representative_html
    )
    assert "Paul Doiron" in client.get(DIRECTORY, {"organization": "aaapnb"}).content.decode()
    assert 'value="aaapnb"' in client.get(DIRECTORY).content.decode()
    assert "Paul Doiron" in client.get(organization.get_absolute_url()).content.decode()

    set_consent(listed_member, "organization", False, actor=listed_member)
    set_consent(representative, "organization", False, actor=representative)
    assert "Théâtre du Bas-du-Fleuve" not in client.get(profile).content.decode()
    directory_html = client.get(DIRECTORY).content.decode()
    assert "Théâtre du Bas-du-Fleuve" not in directory_html
    assert "Lise Arsenault" in directory_html  # still listed: only the organization is hidden
    representative_html = client.get(representative.get_absolute_url()).content.decode()
    assert "profile__organization" not in representative_html
    assert "Galerie Sans Nom" not in representative_html
    # The filter no longer offers the organization, and never finds him through it.
    assert 'value="aaapnb"' not in directory_html
    assert representative not in directory(organization_ids=members_of("aaapnb"))
    assert "Paul Doiron" not in client.get(organization.get_absolute_url()).content.decode()

    set_consent(listed_member, "organization", True, actor=listed_member)
    assert "Théâtre du Bas-du-Fleuve" in client.get(profile).content.decode()
    assert "Théâtre du Bas-du-Fleuve" in client.get(DIRECTORY).content.decode()


# The other places that change the same states agree with the centre


def test_the_profile_form_records_the_directory_choice_as_a_consent(client, listed_member):
    sign_in(client, listed_member)
    response = client.post(
        "/comptes/profil/", {"display_name": "Lise Arsenault", "in_directory": ""}
    )
    assert response.status_code == 302
    decisions = ConsentRecord.objects.filter(member=listed_member).order_by("created_at", "id")
    # Ticked by the fixture's profile change, then unticked: both from the profile form.
    assert list(decisions.values_list("purpose", "given", "source")) == [
        ("directory", True, "profile"),
        ("directory", False, "profile"),
    ]
    assert consent_given(Member.objects.get(pk=listed_member.pk), "directory") is False
    assert 'name="given" value="1"' in client.get(CENTRE).content.decode()


def test_the_email_preferences_and_the_unsubscribe_link_record_a_withdrawal(client, member):
    set_email_frequency(member, EmailFrequency.WEEKLY, actor=member)
    assert not ConsentRecord.objects.exists()  # still given: nothing to record
    set_email_frequency(member, EmailFrequency.NONE, actor=member)
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    response = client.post(f"/communaute/desabonnement/{unsubscribe_token(member)}/")
    assert response.status_code == 200
    decisions = list(
        ConsentRecord.objects.filter(member=member)
        .order_by("created_at", "id")
        .values_list("given", "source")
    )
    assert decisions == [
        (False, "email_preferences"),
        (True, "email_preferences"),
        (False, "unsubscribe"),
    ]
    assert consent_given(member, "emails") is False


# Signup, the carried-over history and the export


def test_signup_records_the_consents_given_unticked_boxes_included(client):
    response = client.post("/comptes/signup/", {**SIGNUP, "in_directory": "on"})
    assert response.status_code == 302
    member = Member.objects.get(email=SIGNUP["email"])
    assert member.in_directory is True
    assert EmailPreference.objects.get(member=member).frequency == EmailFrequency.NONE
    records = dict(
        ConsentRecord.objects.filter(member=member, source="signup").values_list("purpose", "given")
    )
    assert records == {"directory": True, "emails": False}


def test_the_signup_boxes_start_unticked(client):
    html = client.get("/comptes/signup/").content.decode()
    assert 'name="in_directory"' in html
    assert 'name="emails"' in html
    assert "checked" not in html


def test_existing_members_settings_are_carried_over_as_first_consents():
    migration = importlib.import_module("communaute.migrations.0026_carry_over_consents")
    listed = MemberFactory(in_directory=True)
    quiet = MemberFactory(show_organization=False)
    EmailPreference.objects.create(member=quiet, frequency=EmailFrequency.NONE)

    migration.carry_over_consents(django_apps, None)
    migration.carry_over_consents(django_apps, None)  # a second run adds nothing

    def states(member):
        return dict(
            ConsentRecord.objects.filter(member=member, source="carried_over").values_list(
                "purpose", "given"
            )
        )

    assert states(listed) == {"directory": True, "emails": True, "organization": True}
    assert states(quiet) == {"directory": False, "emails": False, "organization": False}
    assert ConsentRecord.objects.count() == 6
    assert all("Choix repris de vos réglages" in r.text for r in ConsentRecord.objects.all())


def test_the_consents_are_in_the_personal_data_export(listed_member):
    set_consent(listed_member, "directory", False, actor=listed_member)
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(listed_member)))
    data = json.loads(archive.read("donnees.json"))
    # Oldest first: the fixture's profile change, then the withdrawal.
    assert [row["given"] for row in data["consentements"]] == [True, False]
    decision = data["consentements"][-1]
    assert decision["purpose"] == "directory"
    assert decision["given"] is False
    assert decision["text"].startswith("J'accepte que mon profil")
    assert data["profil"]["show_organization"] is True


# A future purpose is one registration


def test_a_future_purpose_needs_only_its_registration(client, member, monkeypatch):
    monkeypatch.setattr(consent_hooks, "_purposes", dict(consent_hooks._purposes))
    consent_hooks.register_purpose(
        consent_hooks.Purpose(
            key="sondages",
            label="Sondages",
            text="J'accepte de recevoir des sondages.",
            order=99,
        )
    )
    assert consent_given(member, "sondages") is False
    sign_in(client, member)
    assert "J&#x27;accepte de recevoir des sondages." in client.get(CENTRE).content.decode()
    change(client, "sondages", True)
    assert consent_given(member, "sondages") is True
    change(client, "sondages", False)
    assert consent_given(member, "sondages") is False
    assert ConsentRecord.objects.filter(member=member, purpose="sondages").count() == 2


# The privacy policy page leads here


def test_the_privacy_policy_page_links_to_the_privacy_centre(client):
    home = Site.objects.get(is_default_site=True).root_page.specific
    policy = StandardPage(title="Politique de confidentialité", slug="confidentialite")
    home.add_child(instance=policy)
    policy.save_revision().publish()
    other = StandardPage(title="À propos", slug="a-propos")
    home.add_child(instance=other)
    other.save_revision().publish()
    links = FooterLinks.for_site(Site.objects.get(is_default_site=True))
    links.privacy_page = policy
    links.save()
    assert f'href="{CENTRE}"' in client.get("/confidentialite/").content.decode()
    assert f'href="{CENTRE}"' not in client.get("/a-propos/").content.decode()


# Administrators see the history, never rewrite it


def test_the_admin_lists_consents_read_only_and_cannot_change_them(client, staff, listed_member):
    activate_totp(staff)
    client.force_login(staff)
    set_consent(listed_member, "directory", False, actor=listed_member)
    response = client.get("/admin/communaute/consentrecord/")
    assert response.status_code == 200
    assert "Lise Arsenault" in response.content.decode()
    record = ConsentRecord.objects.filter(member=listed_member).first()
    assert client.post(f"/admin/communaute/consentrecord/{record.pk}/delete/").status_code == 403
    assert client.get("/admin/communaute/consentrecord/add/").status_code == 403

    # The member's change form shows the consents but does not change them.
    url = f"/admin/communaute/member/{listed_member.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="in_directory"' not in html
    assert 'name="show_organization"' not in html


def test_the_email_preferences_page_says_no_email_is_the_withdrawn_consent(client, member):
    sign_in(client, member)
    html = client.get("/comptes/notifications/").content.decode()
    assert "retire votre consentement aux courriels" in html
    assert f'href="{CENTRE}"' in html
