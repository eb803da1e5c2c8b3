"""The pages of private conversations, through HTTP: who sees what, forms, hostile input, the
live fragment, query counts."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communaute.models import Conversation, PrivateMessage
from communaute.selectors.messaging import MESSAGES_PER_PAGE
from communaute.services import moderation
from communaute.services.forum import create_topic
from communaute.services.messaging import leave_conversation, send_message, start_conversation
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.core.sample_files import minimal_pdf

pytestmark = pytest.mark.django_db

INBOX = "/communaute/messages/"
START = "/communaute/messages/nouvelle/"


@pytest.fixture
def julie():
    return MemberFactory(display_name="Julie Tremblay", in_directory=True)


@pytest.fixture
def marc():
    return MemberFactory(display_name="Marc-André Leblanc", in_directory=True)


@pytest.fixture
def conversation(julie, marc):
    conversation, _message = start_conversation(
        julie, [marc], subject="Prêt de projecteurs", body="Bonjour Marc, **merci** !"
    )
    return conversation


def page_of(conversation):
    return reverse("communaute:conversation", kwargs={"pk": conversation.pk})


def fragment_of(conversation, after):
    return reverse("communaute:conversation_new_messages", kwargs={"pk": conversation.pk}) + (
        f"?apres={after}"
    )


def addresses(conversation):
    pk = conversation.pk
    return [
        ("get", page_of(conversation), {}),
        ("get", fragment_of(conversation, 0), {}),
        ("get", f"/communaute/messages/conversation/{pk}/quitter/", {}),
        ("post", f"/communaute/messages/conversation/{pk}/quitter/", {}),
        ("post", f"/communaute/messages/conversation/{pk}/repondre/", {"body": "Intrus"}),
        ("post", f"/communaute/messages/conversation/{pk}/sourdine/", {"muted": "1"}),
        ("post", f"/communaute/messages/conversation/{pk}/ajouter/", {"recipients": "@x"}),
    ]


# Who sees what


def test_participants_read_the_conversation_and_it_becomes_read(client, conversation, marc):
    client.force_login(marc)
    html = client.get(INBOX).content.decode()
    assert "Non lue :" in html and "Prêt de projecteurs" in html
    response = client.get(page_of(conversation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>merci</strong>" in html
    assert "ne lit jamais les boîtes de réception" in html
    assert f'data-live-channel="conversation:{conversation.pk}"' in html
    assert 'data-live-announce="Nouveau message de Julie Tremblay"' in html
    assert "Non lue :" not in client.get(INBOX).content.decode()


@pytest.mark.parametrize("role", ["other_member", "moderator", "superuser", "former"])
def test_nobody_else_reaches_a_conversation_not_even_moderators(client, conversation, marc, role):
    if role == "former":
        person = marc
        leave_conversation(conversation, member=marc)
    elif role == "moderator":
        person = MemberFactory(roles=["Animation"], two_factor=False)
    elif role == "superuser":
        person = MemberFactory(is_staff=True, is_superuser=True, two_factor=False)
    else:
        person = MemberFactory()
    client.force_login(person)
    for method, address, data in addresses(conversation):
        response = getattr(client, method)(address, data)
        assert response.status_code == 404, (role, method, address)
    assert "Prêt de projecteurs" not in client.get(INBOX).content.decode()
    assert PrivateMessage.objects.count() == 1


def test_visitors_are_asked_to_sign_in(client, conversation):
    for method, address, data in [*addresses(conversation), ("get", INBOX, {}), ("get", START, {})]:
        response = getattr(client, method)(address, data)
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/")


def test_an_empty_inbox_says_how_to_start(client, julie):
    client.force_login(julie)
    html = client.get(INBOX).content.decode()
    assert "Aucune conversation pour l'instant." in html


# Starting, replying, adding, muting, leaving


def test_start_from_a_profile_link_then_land_on_the_message(client, julie, marc):
    client.force_login(julie)
    profile = client.get(marc.get_absolute_url()).content.decode()
    link = f"{START}?avec={marc.handle}"
    assert link in profile
    form = client.get(link).content.decode()
    assert f'value="@{marc.handle}"' in form
    response = client.post(
        START, {"recipients": f"@{marc.handle}", "subject": "", "body": "Bonjour", "token": "t1"}
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"{page_of(conversation)}#message-{conversation.last_message_id}"
    )
    # Sent twice (a double click): one message.
    client.post(
        START, {"recipients": f"@{marc.handle}", "subject": "", "body": "Bonjour", "token": "t1"}
    )
    assert PrivateMessage.objects.count() == 1


def test_avec_accepts_an_id_and_ignores_nonsense(client, julie, marc):
    client.force_login(julie)
    assert f'value="@{marc.handle}"' in client.get(f"{START}?avec={marc.pk}").content.decode()
    for nonsense in ["9" * 40, "%00", "<script>", julie.handle, "-1"]:
        assert client.get(START, {"avec": nonsense}).status_code == 200


def test_the_post_author_and_the_directory_offer_a_private_message(client, julie, marc):
    space = make_space("Diffusion")
    create_topic(space, author=marc, title="Un camion", body="Qui part en avril ?")
    marc.in_directory = True
    marc.save()
    client.force_login(julie)
    link = f"{START}?avec={marc.handle}"
    topic_page = client.get(space.topics.get().get_absolute_url()).content.decode()
    assert link in topic_page
    assert link in client.get("/communaute/membres/").content.decode()


def test_a_reply_appears_and_notifies_the_other_side(client, conversation, julie, marc):
    client.force_login(marc)
    response = client.post(
        f"/communaute/messages/conversation/{conversation.pk}/repondre/",
        {"body": "Avec plaisir", "token": "r1"},
    )
    assert response.status_code == 302
    assert julie.notifications.get().describe() == (
        "Marc-André Leblanc vous a écrit en privé : « Prêt de projecteurs »."
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"recipients": "", "body": "Allô"}, "Champ requis."),
        ({"recipients": "@personne-ici", "body": "Allô"}, "Aucun membre ne porte cet identifiant"),
        ({"recipients": "@marc", "body": ""}, "Champ requis."),
        ({"recipients": "@marc", "body": "a\x00b"}, "caractères"),
        ({"recipients": "@marc", "body": "x" * 10001}, "10000"),
        ({"recipients": "@marc\x07", "body": "Allô"}, "caractères de contrôle"),
        ({"recipients": ", ".join(f"@m{n}" for n in range(12)), "body": "Allô"}, "au plus"),
    ],
)
def test_hostile_or_wrong_input_gives_a_french_error_and_keeps_the_text(client, julie, data, error):
    MemberFactory(display_name="Marc", handle="marc")
    client.force_login(julie)
    response = client.post(START, {"subject": "Mon sujet", **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'value="Mon sujet"' in html
    assert not Conversation.objects.exists()


def test_writing_to_oneself_is_refused_on_the_form(client, julie):
    client.force_login(julie)
    response = client.post(START, {"recipients": f"@{julie.handle}", "body": "Moi"})
    assert response.status_code == 400
    assert "Vous ne pouvez pas vous écrire à vous-même." in response.content.decode()


def test_a_suspended_participant_reads_but_the_reply_is_refused(client, conversation, marc):
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    moderation.suspend_member(marc, actor=superuser, days=2, reason="Pause.")
    client.force_login(marc)
    html = client.get(page_of(conversation)).content.decode()
    assert "Votre compte est suspendu" in html
    assert 'id="reply-heading"' not in html
    response = client.post(
        f"/communaute/messages/conversation/{conversation.pk}/repondre/", {"body": "Réponse"}
    )
    assert response.status_code == 400
    assert "suspendu" in response.content.decode()
    assert PrivateMessage.objects.count() == 1


def test_add_mute_and_leave_from_the_page(client, conversation, julie, marc):
    newcomer = MemberFactory(display_name="Lise Arsenault", in_directory=True)
    client.force_login(julie)
    base = f"/communaute/messages/conversation/{conversation.pk}"
    response = client.post(f"{base}/ajouter/", {"recipients": f"@{newcomer.handle}"})
    assert response.status_code == 302
    assert "Lise Arsenault" in client.get(page_of(conversation)).content.decode()
    assert client.post(f"{base}/sourdine/", {"muted": "1"}).status_code == 302
    assert "Retirer la sourdine" in client.get(page_of(conversation)).content.decode()
    confirmation = client.get(f"{base}/quitter/")
    assert "Quitter cette conversation ?" in confirmation.content.decode()
    assert client.post(f"{base}/quitter/").status_code == 302
    assert client.get(page_of(conversation)).status_code == 404
    client.force_login(marc)
    assert "Ont quitté la conversation" in client.get(page_of(conversation)).content.decode()


# The live fragment


def test_the_fragment_gives_the_new_messages_or_nothing(client, conversation, julie, marc):
    client.force_login(marc)
    first = conversation.messages.get()
    assert client.get(fragment_of(conversation, first.pk)).status_code == 204
    second = send_message(conversation, author=julie, body="Et *demain* ?")
    response = client.get(fragment_of(conversation, first.pk))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    assert f'data-live-item="{second.pk}"' in html
    assert f'data-live-item="{first.pk}"' not in html
    assert "<em>demain</em>" in html
    for bad in ["", "abc", "-1", "9" * 40, "1.5", "%00"]:
        assert client.get(fragment_of(conversation, bad)).status_code == 400


def test_the_header_counts_unread_conversations(client, conversation, marc, julie):
    client.force_login(marc)
    html = client.get(INBOX).content.decode()
    counter = r'data-live-counter="messages">\(<span data-live-count>1</span>'
    assert re.search(counter + ".*conversation non lue<", html)
    client.get(page_of(conversation))
    html = client.get(INBOX).content.decode()
    assert re.search(r'data-live-counter="messages" hidden>\(<span data-live-count>0</span>', html)
    assert client.get("/direct/etat/").json()["counters"]["messages"] == 0


# Bounded queries


@pytest.mark.parametrize("count", [2, 40])
def test_the_inbox_runs_a_bounded_number_of_queries(
    client, julie, count, django_assert_max_num_queries, monkeypatch
):
    # Forty new conversations in a day is what the daily limits stop: not this test's subject.
    monkeypatch.setattr("communaute.services.posting_limits.NEW_CONVERSATIONS_FIRST_DAY", count)
    people = MemberFactory.create_batch(3, in_directory=True)
    for number in range(count):
        start_conversation(julie, [people[number % 3], people[(number + 1) % 3]], body=f"N{number}")
    client.force_login(julie)
    with django_assert_max_num_queries(18):
        response = client.get(INBOX)
    assert response.status_code == 200
    assert response.content.decode().count('class="result"') == min(count, 20)


@pytest.mark.parametrize("count", [2, 70])
def test_the_conversation_page_runs_a_bounded_number_of_queries(
    client, conversation, julie, marc, count, django_assert_max_num_queries
):
    for number in range(count):
        send_message(conversation, author=julie if number % 2 else marc, body=f"Message {number}")
    client.force_login(marc)
    with django_assert_max_num_queries(26):
        response = client.get(page_of(conversation))
    assert response.status_code == 200
    # The latest page comes first: what is left after the full pages.
    shown = (count + 1) % MESSAGES_PER_PAGE or MESSAGES_PER_PAGE
    assert response.content.decode().count("data-live-item=") == shown
    with django_assert_max_num_queries(12):
        client.get(fragment_of(conversation, 0))


# Files


def pdf():
    return SimpleUploadedFile("devis.pdf", minimal_pdf(), "application/pdf")


def test_a_file_goes_only_to_the_present_participants(client, conversation, julie, marc):
    client.force_login(julie)
    response = client.post(
        f"/communaute/messages/conversation/{conversation.pk}/repondre/",
        {"body": "Le devis", "attachments": pdf()},
    )
    assert response.status_code == 302
    attachment = PrivateMessage.objects.get(body="Le devis").attachments.get()
    address = reverse("communaute:conversation_attachment", kwargs={"pk": attachment.pk})
    client.force_login(marc)
    assert address in client.get(page_of(conversation)).content.decode()
    download = client.get(address)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    for person in (MemberFactory(), MemberFactory(roles=["Animation"], two_factor=False)):
        client.force_login(person)
        assert client.get(address).status_code == 404
    leave_conversation(conversation, member=marc)
    client.force_login(marc)
    assert client.get(address).status_code == 404


def test_a_file_that_is_not_what_it_says_is_refused_with_the_text_kept(client, julie, marc):
    client.force_login(julie)
    fake = SimpleUploadedFile("devis.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        START, {"recipients": f"@{marc.handle}", "body": "Voici", "attachments": fake}
    )
    assert response.status_code == 400
    assert "Voici" in response.content.decode()
    assert not Conversation.objects.exists()


def test_the_pages_read_in_english(client, conversation, marc):
    address = page_of(conversation)
    client.force_login(marc)
    html = client.get(f"/en{INBOX}").content.decode()
    assert "Private messages" in html and "New conversation" in html
    html = client.get(f"/en{address}").content.decode()
    for text in ["The moderation team never reads inboxes", "Leave the conversation", "Send"]:
        assert text in html
    assert "Who are you writing to?" in client.get(f"/en{START}").content.decode()
