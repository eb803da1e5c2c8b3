"""The personal data export is complete (every relation to members is exported or set aside
with a reason) and readable (resume.html beside donnees.json)."""

import io
import json
import zipfile

import pytest
from django.apps import apps

from communaute.hooks import privacy
from communaute.models import Member, ModerationAction
from communaute.services.forum import create_topic, edit_post, reply
from communaute.services.members import export_personal_data
from communaute.services.moderation import hide_post
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import confirm_password, sign_in
from tests.communaute.test_forum import make_space
from tests.communaute.test_profile import profile_data


def uncovered_relations():
    """Relations to members (FK, one-to-one, M2M) neither exported by a section nor excluded."""
    declared = privacy.covered_relations() | set(privacy.exclusions())
    return sorted(
        relation
        for model in apps.get_models()
        for relation in privacy.member_relations(model)
        if relation not in declared
    )


def test_every_relation_to_members_is_exported_or_excluded_with_a_reason():
    assert uncovered_relations() == []


def test_the_coverage_check_sees_a_relation_nobody_declared(monkeypatch):
    without_profile = {name: s for name, s in privacy._sections.items() if name != "profil"}
    monkeypatch.setattr(privacy, "_sections", without_profile)
    assert uncovered_relations() == ["communaute.MemberSkill.content_object"]


def test_every_declared_relation_exists_and_every_exclusion_says_why():
    existing = {
        relation for model in apps.get_models() for relation in privacy.member_relations(model)
    }
    assert privacy.covered_relations() - existing == set()
    assert set(privacy.exclusions()) - existing == set()
    assert privacy.covered_relations() & set(privacy.exclusions()) == set()
    assert all(len(reason) > 20 for reason in privacy.exclusions().values())


def test_every_section_has_a_human_label():
    for section in privacy.sections():
        assert str(section.label) and str(section.label) != section.name, section.name


@pytest.mark.django_db
def test_the_archive_holds_the_json_and_a_readable_escaped_summary(client, member):
    sign_in(client, member)
    client.post(
        "/comptes/profil/",
        profile_data(bio="Je chante <script>alert('x')</script> & je danse."),
    )
    confirm_password(client)

    response = client.post("/comptes/mes-donnees/")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"donnees.json", "resume.html"} <= set(archive.namelist())
    document = json.loads(archive.read("donnees.json"))
    assert document["profil"]["bio"] == "Je chante <script>alert('x')</script> & je danse."
    summary = archive.read("resume.html").decode("utf-8")
    assert '<html lang="fr">' in summary
    assert "Données personnelles de Sophie Gagnon" in summary
    assert '<h2 id="profil">Profil</h2>' in summary
    assert "<dt>Présentation</dt>" in summary
    assert "Je chante &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; je danse." in summary
    assert "<script>" not in summary
    assert member.email in summary
    # Self-contained: nothing is fetched when the file is opened offline.
    assert "src=" not in summary and "<link" not in summary and "url(" not in summary
    # Stored codes are shown in words; donnees.json keeps the codes.
    assert "<dd>Un résumé par jour" in summary
    assert document["suivis"]["email_frequency"] == "daily"
    # Every section has its heading, in the registry's order.
    for section in privacy.sections():
        assert f'<h2 id="{section.name}">' in summary


@pytest.mark.django_db
def test_dates_in_the_summary_are_written_in_french():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    member = MemberFactory(display_name="Léa Tremblay")
    Member.objects.filter(pk=member.pk).update(
        date_joined=datetime(2026, 1, 6, 14, 30, tzinfo=ZoneInfo("America/Toronto"))
    )
    member.refresh_from_db()

    summary = zipfile.ZipFile(io.BytesIO(export_personal_data(member))).read("resume.html")

    assert "mardi 6 janvier 2026 à 14\u00a0h\u00a030" in summary.decode("utf-8")


@pytest.mark.django_db
def test_the_summary_is_written_in_the_members_language():
    member = MemberFactory(display_name="Sam Hill", language="en")
    summary = zipfile.ZipFile(io.BytesIO(export_personal_data(member))).read("resume.html")
    summary = summary.decode("utf-8")
    assert '<html lang="en">' in summary
    assert "Personal data of Sam Hill" in summary
    assert '<h2 id="compte">Account</h2>' in summary
    assert "<dt>Email address</dt>" in summary


@pytest.mark.django_db
def test_the_export_holds_earlier_versions_and_moderation_decisions_about_me(member):
    moderator = MemberFactory(is_superuser=True, display_name="Modération")
    space = make_space()
    topic, opening = create_topic(space, author=member, title="Résidence", body="Premier jet")
    edit_post(opening, editor=member, body="Version revue")
    answer = reply(topic, author=member, body="Message retiré plus tard")
    hide_post(answer, actor=moderator, reason="Hors sujet")

    document = json.loads(
        zipfile.ZipFile(io.BytesIO(export_personal_data(member))).read("donnees.json")
    )

    first_post = document["contributions"]["posts"][0]
    assert first_post["body"] == "Version revue"
    assert [version["body"] for version in first_post["earlier_versions"]] == ["Premier jet"]
    decisions = document["moderation"]["decisions_about_me"]
    assert [row["kind"] for row in decisions] == [ModerationAction.Kind.HIDE_POST]
    assert decisions[0]["reason"] == "Hors sujet"
    assert "Modération" not in json.dumps(document["moderation"])


@pytest.mark.django_db
def test_the_export_holds_my_invitations_without_the_invited_address():
    from communaute.models import Invitation, Space, SpaceMembership
    from communaute.services.invitations import accept_invitation, invite_people

    inviter = MemberFactory(display_name="Sophie Gagnon")
    space = Space.objects.create(name="Diffusion", slug="diffusion")
    SpaceMembership.objects.create(space=space, member=inviter)
    invite_people(inviter, ["chloe@exemple.test"], note="Viens voir !", space=space)
    chloe = MemberFactory(email="chloe@exemple.test")
    accept_invitation(Invitation.objects.get(), member=chloe)
    bystander = MemberFactory()

    def exported(member):
        archive = zipfile.ZipFile(io.BytesIO(export_personal_data(member)))
        return json.loads(archive.read("donnees.json")), archive.read("resume.html").decode()

    sent, sent_summary = exported(inviter)
    received, _summary = exported(chloe)
    nothing, _summary = exported(bystander)

    (invitation,) = sent["invitations"]["sent"]
    assert invitation["space"] == "Diffusion" and invitation["note"] == "Viens voir !"
    assert invitation["status"] == "accepted" and invitation["decided_at"]
    # The address is the invited person's, and whether an email left would say who has an
    # account.
    assert "chloe@exemple.test" not in json.dumps(sent["invitations"])
    assert "emailed" not in invitation
    assert '<h2 id="invitations">Invitations</h2>' in sent_summary
    assert "Acceptée" in sent_summary
    assert sent["invitations"]["accepted"] == []
    assert received["invitations"]["sent"] == []
    assert [row["space"] for row in received["invitations"]["accepted"]] == ["Diffusion"]
    assert "Viens voir" not in json.dumps(received) and "Sophie Gagnon" not in json.dumps(received)
    assert nothing["invitations"] == {"sent": [], "accepted": []}
