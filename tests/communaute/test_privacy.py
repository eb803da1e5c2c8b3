import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from wagtail.models import Page

from communaute.models import Member
from passerelles.pages.models import StandardPage
from tests.communaute.helpers import confirm_password, sign_in
from tests.communaute.test_profile import jpeg, profile_data

pytestmark = pytest.mark.django_db

# Models that hold only the member's own data: removing them with the account is the point.
# Anything else that points at a member must use SET_NULL (or PROTECT), never CASCADE, so that
# a deleted account leaves shared content in place, shown as "Membre supprimé".
PERSONAL_MODELS = {
    "account.EmailAddress",
    "mfa.Authenticator",
    "admin.LogEntry",
    "communaute.Member_groups",
    "communaute.Member_user_permissions",
    "communaute.Member_disciplines",
    "communaute.Notification",
    "communaute.Suspension",
    "wagtailusers.UserProfile",
    "wagtailcore.PageSubscription",
    "wagtailcore.CommentReply",
    "wagtailcore.Comment",
    "wagtailadmin.EditingSession",
    "wagtailcore.APIToken",
    "wagtailcore.UploadedFile",
    "wagtailadmin.FormState",
    # A member's own link to an organization, and their private requests to it.
    "ressources.Representative",
    "ressources.AccessRequest",
    # Sharing a need is the member's own declaration (the need itself stays, without them), and
    # "this member was told about that service" is theirs too.
    "ressources.NeedSupport",
    "ressources.ServiceMatchNotice",
    # Which organizations the member follows, and how far they looked at « Quoi de neuf ».
    "ressources.OrganizationFollow",
    "communaute.NewsVisit",
    # The member's own links to spaces, their requests, reactions and reading state.
    "communaute.SpaceMembership",
    "communaute.Block",
    "communaute.ConversationParticipant",
    "communaute.JoinRequest",
    "communaute.Reaction",
    "communaute.ReadState",
    # The member's votes in polls (the poll stays, its counts without them) and what they set
    # aside for themselves.
    "communaute.PollVote",
    "communaute.Bookmark",
    # What the member follows, their email choice, the emails to them, their skills.
    "communaute.TopicSubscription",
    "communaute.SpaceSubscription",
    "communaute.EmailPreference",
    "communaute.EmailDelivery",
    "communaute.MemberSkill",
    # The history of the member's consents: personal, erased with the account like the rest.
    "communaute.ConsentRecord",
    # What the member started writing and never published: theirs alone.
    "communaute.Draft",
    # The member's registrations to gatherings, the calls they follow and the reminders sent
    # for them, the private address of their calendar feed.
    "ressources.GatheringRegistration",
    "ressources.FundingFollow",
    "ressources.FundingReminder",
    "ressources.CalendarFeedToken",
    # "Je cherche des partenaires" asks others to write to its author: without the author
    # nobody could answer it.
    "ressources.PartnerSearch",
    # Only the link "this member is an author of this article": the article stays.
    "pages.ArticlePage_authors",
}


def test_no_shared_content_is_deleted_in_cascade_with_an_account():
    cascading = {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and field.related_model is Member
        and field.remote_field.on_delete is models.CASCADE
    }
    assert cascading - PERSONAL_MODELS == set()


def test_export_and_deletion_ask_for_the_password_again(client, member):
    sign_in(client, member)
    for url in ("/comptes/mes-donnees/", "/comptes/suppression/"):
        response = client.post(url, {"confirm": "on"})
        assert response.status_code == 302
        assert "/comptes/reauthenticate/" in response["Location"]
    assert Member.objects.filter(pk=member.pk).exists()


def test_export_contains_my_data_and_files_and_nobody_elses(
    client, member, other_member, django_capture_on_commit_callbacks
):
    sign_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):  # the worker makes the photo
        client.post("/comptes/profil/", {**profile_data(bio="Ma présentation."), "avatar": jpeg()})
    confirm_password(client)
    response = client.post("/comptes/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    document = json.loads(archive.read("donnees.json"))
    member.refresh_from_db()
    assert document["profil"]["email"] == member.email
    assert document["profil"]["bio"] == "Ma présentation."
    assert document["compte"]["email_addresses"] == [
        {"email": member.email, "verified": True, "primary": True}
    ]
    assert f"fichiers/{member.avatar.name}" in names
    raw = json.dumps(document)
    assert other_member.email not in raw
    assert other_member.display_name not in raw


def test_deleting_an_account_needs_the_confirmation_box(client, member):
    sign_in(client, member)
    confirm_password(client)
    response = client.post("/comptes/suppression/", {})
    assert response.status_code == 200
    assert "Cochez la case pour confirmer la suppression." in response.content.decode()
    assert Member.objects.filter(pk=member.pk).exists()


def test_deleting_an_account_keeps_shared_content_without_its_author(
    client, member, other_member, django_capture_on_commit_callbacks
):
    home = Page.objects.get(depth=2)
    page = StandardPage(title="Réflexion partagée", slug="reflexion", owner=member)
    home.add_child(instance=page)
    page.save_revision(user=member).publish()
    sign_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/profil/", {**profile_data(), "avatar": jpeg()})
    member.refresh_from_db()
    avatar_path = member.avatar.path
    confirm_password(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/suppression/", {"confirm": "on"})

    assert response.status_code == 302
    assert not Member.objects.filter(pk=member.pk).exists()
    page.refresh_from_db()
    assert page.owner is None
    assert page.revisions.get().user is None
    assert Member.objects.filter(pk=other_member.pk).exists()
    assert not (settings.MEDIA_ROOT / avatar_path).exists()
    assert "_auth_user_id" not in client.session
    followed = client.get(response["Location"])
    assert (
        "Votre compte et vos données personnelles ont été supprimés." in followed.content.decode()
    )


def test_a_deleted_author_is_shown_as_membre_supprime():
    from django.template import Context, Template

    rendered = Template("{% load passerelles %}{{ author|member_name }}").render(
        Context({"author": None})
    )
    assert rendered == "Membre supprimé"


def test_a_superuser_cannot_delete_their_own_account_from_the_site(client, staff):
    from tests.communaute.factories import activate_totp

    code = activate_totp(staff)
    client.post("/comptes/login/", {"login": staff.email, "password": "un-mot-de-passe-solide"})
    client.post("/comptes/2fa/authenticate/", {"code": code()})
    confirm_password(client)
    response = client.post("/comptes/suppression/", {"confirm": "on"})
    assert response.status_code == 403
    assert "superutilisateur" in response.content.decode()
    assert Member.objects.filter(pk=staff.pk).exists()


def test_export_contains_my_contributions_with_their_files_and_nobody_elses(
    client, member, other_member
):
    from communaute.models import Reaction
    from communaute.services.forum import create_topic, reply, toggle_reaction
    from tests.communaute.test_forum import make_space
    from tests.communaute.test_library import pdf

    space = make_space()
    topic, _opening = create_topic(
        space, author=member, title="Tournée en Acadie", body="Qui part en mars ?",
        attachments=[pdf("itineraire.pdf")],
    )  # fmt: skip
    answer = reply(topic, author=other_member, body="Moi, avec ma troupe.")
    toggle_reaction(answer, member=member, kind=Reaction.Kind.THANKS)
    reply(topic, author=member, body="Parfait, on s'écrit.")

    sign_in(client, member)
    confirm_password(client)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/comptes/mes-donnees/").content))
    document = json.loads(archive.read("donnees.json"))

    contributions = document["contributions"]
    assert contributions["topics"][0]["title"] == "Tournée en Acadie"
    assert [post["body"] for post in contributions["posts"]] == [
        "Qui part en mars ?",
        "Parfait, on s'écrit.",
    ]
    assert contributions["reactions"][0]["kind"] == Reaction.Kind.THANKS
    attached = contributions["posts"][0]["files"][0]
    assert f"fichiers/{attached}" in archive.namelist()
    assert "Moi, avec ma troupe." not in json.dumps(document)
