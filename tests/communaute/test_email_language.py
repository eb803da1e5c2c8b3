"""Each member's emails speak the member's language (Member.language), whatever language the page
that caused them was in, and link to the pages in that language."""

import io
import json
import re
import zipfile

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from communaute.models import EmailFrequency, Member, Space
from communaute.notifications.digests import send_due_digests
from communaute.notifications.preferences import set_email_frequency, set_email_language
from communaute.services.forum import create_topic, reply
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import confirm_password, sign_in
from tests.communaute.test_accounts import SIGNUP
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

PREFERENCES = "/comptes/notifications/"


@pytest.fixture
def space():
    return make_space("Diffusion", Space.Visibility.PUBLIC)


def replied_to(member, space, commit, *, page_language="fr"):
    """Another member replies in the member's topic from a page in page_language; the reply."""
    topic, _post = create_topic(space, author=member, title="Prêt de projecteurs", body="?")
    author = MemberFactory(display_name="Marc-André Leblanc")
    with translation.override(page_language), commit(execute=True):
        return reply(topic, author=author, body="Une réponse")


def post_path(post, language):
    with translation.override(language):
        return reverse("communaute:post", kwargs={"pk": post.pk})


def links_of(message):
    return re.findall(r"https?://\S+", message.body)


def test_an_english_members_reply_email_is_in_english_with_english_links(
    member, space, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save(update_fields=["language"])
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    post = replied_to(member, space, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject == (
        "[Passerelles Culture] Marc-André Leblanc replied in “Prêt de projecteurs”."
    )
    assert message.body.startswith("Hello,")
    assert "Why this email?" in message.body
    assert "Pourquoi" not in message.body
    assert f"{settings.SITE_URL}{post_path(post, 'en')}" in message.body
    assert post_path(post, "en").startswith("/en/")
    # Every link leads to the English pages: the post, the centre, preferences, unsubscribing.
    links = links_of(message)
    assert len(links) >= 4
    assert all(link.startswith(f"{settings.SITE_URL}/en/") for link in links), links
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/en/")


def test_a_french_members_email_stays_french_even_from_an_english_page(
    member, space, django_capture_on_commit_callbacks
):
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    post = replied_to(member, space, django_capture_on_commit_callbacks, page_language="en")
    [message] = mail.outbox
    assert "Marc-André Leblanc a répondu dans « Prêt de projecteurs »." in message.subject
    assert "Pourquoi ce courriel ?" in message.body
    assert f"{settings.SITE_URL}{post_path(post, 'fr')}" in message.body
    assert not any("/en/" in link for link in links_of(message))


def test_a_digest_is_in_the_members_language(
    member, other_member, space, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save(update_fields=["language"])
    replied_to(member, space, django_capture_on_commit_callbacks)
    replied_to(other_member, space, django_capture_on_commit_callbacks, page_language="en")
    assert mail.outbox == []  # both get the daily digest (the default)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 2
    english = next(message for message in mail.outbox if message.to == [member.email])
    french = next(message for message in mail.outbox if message.to == [other_member.email])
    assert english.subject == "[Passerelles Culture] Your day: 1 new item"
    assert "Marc-André Leblanc replied in “Prêt de projecteurs”." in english.body
    assert "you get a daily digest of your unread notifications" in english.body
    assert all(link.startswith(f"{settings.SITE_URL}/en/") for link in links_of(english))
    assert french.subject == "[Passerelles Culture] Votre journée : 1 nouveauté"
    assert "Marc-André Leblanc a répondu dans « Prêt de projecteurs »." in french.body
    assert not any("/en/" in link for link in links_of(french))


def test_signing_up_in_english_chooses_english_emails(client):
    client.post("/en/comptes/signup/", SIGNUP)
    assert Member.objects.get(email=SIGNUP["email"]).language == "en"


def test_signing_up_in_french_chooses_french_emails(client):
    client.post("/comptes/signup/", SIGNUP)
    assert Member.objects.get(email=SIGNUP["email"]).language == "fr"


def test_a_member_chooses_the_language_of_their_emails(client, member):
    sign_in(client, member)
    html = client.get(PREFERENCES).content.decode()
    assert "Langue des courriels" in html
    assert re.search(r'value="fr"[^>]*checked', html)
    response = client.post(PREFERENCES, {"frequency": "weekly", "language": "en"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "en"
    assert re.search(r'value="en"[^>]*checked', client.get(PREFERENCES).content.decode())
    assert "Email language" in client.get(f"/en{PREFERENCES}").content.decode()


def test_a_language_the_site_does_not_speak_is_refused_and_the_choice_kept(client, member):
    sign_in(client, member)
    response = client.post(PREFERENCES, {"frequency": "weekly", "language": "de"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert re.search(r'value="weekly"[^>]*checked', html)
    member.refresh_from_db()
    assert member.language == "fr"


def test_nobody_changes_another_members_email_language(member, other_member):
    with pytest.raises(PermissionDenied):
        set_email_language(member, "en", actor=other_member)
    member.refresh_from_db()
    assert member.language == "fr"


def test_the_export_contains_the_email_language(client, member):
    set_email_language(member, "en", actor=member)
    sign_in(client, member)
    confirm_password(client)
    response = client.post("/comptes/mes-donnees/")
    document = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("donnees.json"))
    assert document["suivis"]["email_language"] == "en"
