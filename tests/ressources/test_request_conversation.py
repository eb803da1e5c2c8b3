"""Access requests as a conversation: both sides write in one timeline, with files, until one
of them closes the request; each message is emailed, quoted, to the other side."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communaute.models import EmailFrequency, Notification
from communaute.notifications.preferences import set_email_frequency
from communaute.services.moderation import suspend_member
from passerelles.core import live
from passerelles.core.live import broker
from ressources.models import AccessRequest, AccessRequestEvent, RequestAttachment
from ressources.services.access import (
    change_request_status,
    close_request,
    create_access_request,
    post_request_message,
)
from tests.communaute.factories import MemberFactory
from tests.core.sample_files import minimal_pdf

pytestmark = pytest.mark.django_db

ASK = {"on_behalf": "self", "message": "Une console pour trois spectacles."}
QUESTION = "Pouvez-vous nous envoyer une preuve d'assurance responsabilité ?"
ANSWER = "La voici.\nElle couvre **toute** la tournée."


def pdf(name="preuve-assurance.pdf"):
    return SimpleUploadedFile(name, minimal_pdf("attestation"), "application/pdf")


@pytest.fixture
def access_request(service, member):
    return create_access_request(service, member=member, data=ASK)


def page_of(client, person, access_request):
    client.force_login(person)
    return client.get(access_request.get_absolute_url())


def test_a_representative_asks_with_the_status_and_the_member_answers_with_a_file(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            access_request.get_absolute_url(), {"status": "in-discussion", "message": QUESTION}
        )
    mail.outbox.clear()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access_request.get_absolute_url(), {"message": ANSWER, "attachments": pdf()}
        )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.IN_DISCUSSION
    kinds = list(access_request.events.values_list("kind", "by_organization", "to_status"))
    assert kinds == [
        ("status", False, "new"),
        ("status", True, "in-discussion"),
        ("message", False, ""),
    ]
    message = access_request.events.last()
    assert "<strong>toute</strong>" in message.message_html
    attachment = message.attachments.get()
    assert (attachment.original_name, attachment.kind) == ("preuve-assurance.pdf", "pdf")

    html = page_of(client, representative, access_request).content.decode()
    assert QUESTION.replace("'", "&#x27;") in html or QUESTION in html
    assert "<strong>toute</strong>" in html
    assert f'href="/ressources/demandes/fichiers/{attachment.pk}/"' in html
    download = client.get(f"/ressources/demandes/fichiers/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_the_representatives_email_quotes_the_message_links_to_the_request_and_says_why(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_request_message(member, access_request, body=ANSWER, attachments=[pdf()])
    [email] = mail.outbox
    assert email.to == [representative.email]
    assert "Sophie Gagnon vous a écrit au sujet de sa demande d'accès" in email.body
    assert "> La voici.\n> Elle couvre **toute** la tournée." in email.body
    assert "Fichier joint : preuve-assurance.pdf" in email.body
    link = next(line for line in email.body.splitlines() if "/ressources/" in line)
    assert link.endswith(f"/ressources/gestion/demandes/{access_request.pk}/")
    assert "vous échangez avec une personne qui demande l'accès à" in email.body
    assert "List-Unsubscribe" in email.extra_headers
    notification = Notification.objects.get(recipient=representative, kind="access_request_message")
    assert "La voici. Elle couvre" in notification.describe()


def test_the_members_email_leaves_at_once_even_for_a_digest_reader_but_not_for_none(
    access_request, representative, member, django_capture_on_commit_callbacks
):
    set_email_frequency(member, EmailFrequency.WEEKLY, actor=member)
    with django_capture_on_commit_callbacks(execute=True):
        post_request_message(representative, access_request, body=QUESTION)
    [email] = mail.outbox
    assert email.to == [member.email]
    assert "L'organisation vous a écrit au sujet de votre demande d'accès" in email.body
    assert f"> {QUESTION}" in email.body
    assert "vous échangez avec l'organisation au sujet de votre demande" in email.body
    link = next(line for line in email.body.splitlines() if "/ressources/" in line)
    assert link.endswith(f"/ressources/demandes/{access_request.pk}/")

    mail.outbox.clear()
    set_email_frequency(member, EmailFrequency.NONE, actor=member)
    with django_capture_on_commit_callbacks(execute=True):
        post_request_message(representative, access_request, body="Et la date ?")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=member, kind="access_request_message").count() == 2


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [
        ("member", 200, 302),
        ("representative", 200, 302),
        ("other_representative", 404, 404),
        ("other_member", 404, 404),
        ("moderator", 404, 404),
        ("visitor", 302, 302),
    ],
)
def test_who_reads_and_writes_in_a_request(
    client, access_request, member, representative, other_representative, who, get, post
):
    people = {
        "member": member,
        "representative": representative,
        "other_representative": other_representative,
        "other_member": MemberFactory(),
        "moderator": MemberFactory(roles=["Animation"]),
        "visitor": None,
    }
    if people[who] is not None:
        client.force_login(people[who])
    url = access_request.get_absolute_url()
    assert client.get(url).status_code == get
    assert client.post(url, {"message": "Bonjour."}).status_code == post
    assert client.get(f"{url}fil/?apres=0").status_code == get
    assert client.get(f"{url}clore/").status_code == get
    written = access_request.events.filter(kind="message").count()
    assert written == (1 if who in ("member", "representative") else 0)


def test_the_service_refuses_a_stranger_and_a_suspended_side(
    access_request, member, other_representative, staff
):
    with pytest.raises(PermissionDenied):
        post_request_message(other_representative, access_request, body="Bonjour.")
    suspend_member(member, actor=staff, days=3, reason="Messages répétés")
    with pytest.raises(PermissionDenied, match="suspendu"):
        post_request_message(member, access_request, body="Bonjour.")
    assert not access_request.events.filter(kind="message").exists()


def test_a_closed_request_stays_readable_and_refuses_every_write(
    client, access_request, member, representative, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    confirmation = client.get(f"{access_request.get_absolute_url()}clore/")
    assert confirmation.status_code == 200
    assert "Clore la demande" in confirmation.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{access_request.get_absolute_url()}clore/").status_code == 302
    access_request.refresh_from_db()
    assert access_request.is_closed
    assert access_request.status == AccessRequest.Status.NEW
    assert access_request.events.last().kind == AccessRequestEvent.Kind.CLOSED
    assert Notification.objects.get(recipient=member).kind == "access_request_closed"

    html = page_of(client, member, access_request).content.decode()
    assert "Cette demande est close : elle reste lisible." in html
    assert 'name="message"' not in html
    assert "clore/" not in html
    response = client.post(access_request.get_absolute_url(), {"message": "Encore un mot."})
    assert response.status_code == 403
    assert "Cette demande est close" in response.content.decode()
    with pytest.raises(PermissionDenied, match="close"):
        post_request_message(member, access_request, body="Encore un mot.")
    with pytest.raises(PermissionDenied):
        change_request_status(access_request, actor=representative, new_status="accepted")
    with pytest.raises(PermissionDenied):
        close_request(access_request, actor=member)


def test_the_member_withdraws_after_a_confirmation(
    client, access_request, member, representative, django_capture_on_commit_callbacks
):
    client.force_login(member)
    page = client.get(access_request.get_absolute_url()).content.decode()
    assert f'href="/ressources/demandes/{access_request.pk}/clore/">Retirer ma demande' in page
    confirmation = client.get(f"{access_request.get_absolute_url()}clore/").content.decode()
    assert "organisation en sera avertie" in confirmation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{access_request.get_absolute_url()}clore/")
    access_request.refresh_from_db()
    assert (access_request.status, access_request.is_closed) == ("withdrawn", True)
    assert Notification.objects.filter(
        recipient=representative, kind="access_request_withdrawn"
    ).exists()


def test_the_member_answers_whatever_the_status_until_closed(
    access_request, member, representative
):
    change_request_status(
        access_request, actor=representative, new_status="declined", message="Complet."
    )
    event = post_request_message(member, access_request, body="Et l'an prochain ?")
    assert event.kind == "message"
    access_request.refresh_from_db()
    assert access_request.status == "declined"


def test_a_form_sent_twice_writes_one_message(client, access_request, member):
    client.force_login(member)
    data = {"message": "Une seule fois.", "token": "4b1c0f3e9d2a4c7b8e6f5a4d3c2b1a09"}
    client.post(access_request.get_absolute_url(), data)
    client.post(access_request.get_absolute_url(), data)
    assert access_request.events.filter(kind="message").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"message": ""},
        {"message": "   "},
        {"message": "a\x00b"},
        {"message": "a\x07b"},
        {"message": "x" * 3001},
        {"message": "Bonjour", "token": "x" * 100},
        {"message": "Bonjour", "status": "accepted"},
    ],
    ids=["empty", "blank", "nul", "control", "long", "long token", "member status"],
)
def test_bad_input_gives_a_french_error_and_keeps_what_was_typed(
    client, access_request, member, data
):
    client.force_login(member)
    response = client.post(access_request.get_absolute_url(), data)
    html = response.content.decode()
    if data.get("status") == "accepted":  # not the member's to set: ignored, the message kept
        assert response.status_code == 302
        access_request.refresh_from_db()
        assert access_request.status == "new"
        return
    assert response.status_code == 400
    assert 'class="form__errors' in html or "error" in html
    if data["message"].strip() and "\x00" not in data["message"]:
        assert data["message"][:50].replace("\x07", "") in html or "contrôle" in html


def test_a_file_that_is_not_what_it_says_is_refused_with_the_text_kept(
    client, access_request, member
):
    client.force_login(member)
    fake = SimpleUploadedFile("preuve.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client.post(
        access_request.get_absolute_url(), {"message": "Voici le fichier.", "attachments": fake}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce type de fichier n&#x27;est pas accepté" in html
    assert "Voici le fichier." in html
    assert not RequestAttachment.objects.exists()


def test_the_representatives_form_needs_a_message_or_a_status(
    client, access_request, representative
):
    client.force_login(representative)
    response = client.post(access_request.get_absolute_url(), {"message": ""})
    assert response.status_code == 400
    assert "Écrivez un message, choisissez un nouveau statut, ou les deux." in (
        response.content.decode()
    )


@pytest.mark.parametrize("after", ["x", "-1", "1.5", "99999999999999999999999", "a\x00"])
def test_the_live_fragment_refuses_a_bad_after_with_400(client, access_request, member, after):
    client.force_login(member)
    response = client.get(f"{access_request.get_absolute_url()}fil/", {"apres": after})
    assert response.status_code == 400


def test_the_live_fragment_sends_the_new_entries_after_an_id(
    client, access_request, member, representative
):
    first = access_request.events.get()
    client.force_login(member)
    assert (
        client.get(f"/ressources/demandes/{access_request.pk}/fil/?apres={first.pk}").status_code
        == 204
    )
    message = post_request_message(representative, access_request, body=QUESTION)
    response = client.get(f"/ressources/demandes/{access_request.pk}/fil/?apres={first.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert f'data-live-item="{message.pk}"' in html
    assert 'data-live-announce="Nouveau message de Julien Arsenault"' in html
    assert f'data-live-item="{first.pk}"' not in html
    page = client.get(access_request.get_absolute_url()).content.decode()
    assert f'data-live-channel="request:{access_request.pk}"' in page
    assert f'data-live-after="{message.pk}"' in page
    assert 'data-live-mode="append"' in page


def test_each_entry_pokes_the_requests_channel_and_only_its_sides_listen(
    access_request,
    member,
    representative,
    other_representative,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    published = []

    class Recorder:
        def publish(self, channel, payload):
            published.append(payload)

    monkeypatch.setattr(broker, "get_broker", Recorder)
    with django_capture_on_commit_callbacks(execute=True):
        event = post_request_message(member, access_request, body="Bonjour.")
    # The representatives' header counters are poked too (their new notification).
    assert [p for p in published if p["channel"].startswith("request:")] == [
        {"channel": f"request:{access_request.pk}", "event": "message", "data": {"id": event.pk}}
    ]
    channel = f"request:{access_request.pk}"
    assert live.can_listen(member, channel)
    assert live.can_listen(representative, channel)
    assert not live.can_listen(other_representative, channel)
    assert not live.can_listen(MemberFactory(), channel)
    assert not live.can_listen(member, "request:x")
    assert not live.can_listen(member, "request:987654")


def test_the_timeline_is_paginated_and_opens_on_its_latest_entries(
    client, access_request, member, representative
):
    for number in range(35):
        post_request_message(member, access_request, body=f"Message numéro {number}.")
    html = page_of(client, representative, access_request).content.decode()
    assert "Message numéro 34." in html
    assert "Message numéro 2." not in html
    assert "Page 2 sur 2" in html
    first_page = client.get(access_request.get_absolute_url(), {"page": 1}).content.decode()
    assert "Message numéro 2." in first_page
    # Live entries are appended only where the timeline ends.
    assert "data-live-feed" not in first_page


@pytest.mark.parametrize("page", ["abc", "0", "99999999999999999999"])
def test_a_bad_page_number_shows_a_page(client, access_request, member, page):
    client.force_login(member)
    assert client.get(access_request.get_absolute_url(), {"page": page}).status_code == 200
    # A NUL byte in an address is refused before any view (passerelles/core/middleware.py).
    assert client.get(access_request.get_absolute_url(), {"page": "\x00"}).status_code == 400


def test_the_request_page_costs_the_same_queries_at_two_sizes(
    client, access_request, member, representative, django_assert_max_num_queries
):
    def write(count):
        for number in range(count):
            author = member if number % 2 else representative
            post_request_message(
                author, access_request, body=f"Message {number}.", attachments=[pdf()]
            )

    write(2)
    client.force_login(representative)
    with django_assert_max_num_queries(24) as small:
        client.get(access_request.get_absolute_url())
    write(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(access_request.get_absolute_url())
    client.force_login(member)
    with django_assert_max_num_queries(24):
        client.get(f"{access_request.get_absolute_url()}fil/?apres=0")


def test_an_earlier_history_reads_as_it_did(access_request, representative):
    """A history written before the conversation (plain text, no side recorded) shows as it was:
    the migration's rendering is the one of linebreaks."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("ressources.migrations.0008_request_conversation")
    event = AccessRequestEvent.objects.create(
        request=access_request,
        actor=representative,
        from_status="new",
        to_status="accepted",
        message="Bienvenue & bonjour\n<lundi>",
    )
    AccessRequest.objects.filter(pk=access_request.pk).update(status="withdrawn")
    migration.keep_history(apps, None)
    event.refresh_from_db()
    access_request.refresh_from_db()
    assert event.by_organization
    assert event.message_html == "<p>Bienvenue &amp; bonjour<br>&lt;lundi&gt;</p>"
    assert access_request.is_closed


def test_a_deleted_account_takes_its_requests_files_along(
    access_request, member, django_capture_on_commit_callbacks
):
    event = post_request_message(member, access_request, body="Ci-joint.", attachments=[pdf()])
    stored = event.attachments.get().file
    assert stored.storage.exists(stored.name)
    with django_capture_on_commit_callbacks(execute=True):
        member.delete()
    assert not RequestAttachment.objects.exists()
    assert not stored.storage.exists(stored.name)


def test_the_conversation_reads_in_english(client, access_request, member, representative):
    post_request_message(representative, access_request, body=QUESTION)
    client.force_login(member)
    html = client.get(f"/en{access_request.get_absolute_url()}").content.decode()
    assert "Exchanges" in html
    assert "for the organization" in html
    assert ">Send</button>" in html
    assert "Withdraw my request" in html


def test_the_organizations_side_of_the_request_is_for_its_representatives(
    client, access_request, member, representative, django_capture_on_commit_callbacks
):
    manage = access_request.get_management_url()
    client.force_login(member)
    assert client.get(manage).status_code == 404
    client.force_login(representative)
    page = client.get(manage).content.decode()
    assert 'name="status"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage, {"status": "accepted", "message": "Bienvenue."})
    assert response["Location"] == f"{manage}#fil"
    # The member hears of it on their own page.
    assert Notification.objects.get(recipient=member).url == access_request.get_absolute_url()


@pytest.mark.parametrize(
    "path",
    [
        "/ressources/demandes/{huge}/",
        "/ressources/demandes/{huge}/fil/?apres=0",
        "/ressources/demandes/{huge}/clore/",
        "/ressources/gestion/demandes/{huge}/",
        "/ressources/demandes/fichiers/{huge}/",
    ],
)
def test_a_huge_id_is_a_missing_request(client, member, path):
    client.force_login(member)
    assert client.get(path.format(huge=10**30)).status_code == 404


def test_the_export_carries_my_messages_and_the_files_i_sent(access_request, member):
    import io
    import json
    import zipfile

    from communaute.services.members import export_personal_data

    post_request_message(member, access_request, body="Ma preuve d'assurance.", attachments=[pdf()])
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(member)))
    data = json.loads(archive.read("donnees.json"))
    history = data["demandes_d_acces"][0]["history"]
    assert [entry["message"] for entry in history][-1] == "Ma preuve d'assurance."
    assert any(name.endswith(".pdf") for name in archive.namelist())
    assert "Ma preuve d&#x27;assurance." in archive.read("resume.html").decode()


def test_a_request_closed_before_an_answer_lets_the_member_ask_again(
    client, access_request, service, member, representative
):
    close_request(access_request, actor=representative)
    access_request.refresh_from_db()
    assert not access_request.is_open
    again = create_access_request(service, member=member, data=ASK)
    assert again.pk != access_request.pk


def test_an_image_goes_out_only_once_the_worker_has_reencoded_it(
    client, access_request, member, representative, django_capture_on_commit_callbacks
):
    from tests.communaute.test_library import png

    # Without committing, the worker has not run: the file as sent never goes out.
    event = post_request_message(member, access_request, body="Le plan.", attachments=[png()])
    attachment = event.attachments.get()
    assert not attachment.ready
    client.force_login(representative)
    assert client.get(f"/ressources/demandes/fichiers/{attachment.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        event = post_request_message(member, access_request, body="Le plan.", attachments=[png()])
    attachment = event.attachments.get()
    assert (attachment.ready, attachment.extension) == (True, "webp")
    response = client.get(f"/ressources/demandes/fichiers/{attachment.pk}/")
    assert (response.status_code, response["Content-Type"]) == (200, "image/webp")


def test_a_status_change_with_a_file_names_it_in_the_members_email(
    access_request, member, representative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_request_status(
            access_request,
            actor=representative,
            new_status="accepted",
            message="Voici le contrat.",
            attachments=[pdf("contrat.pdf")],
        )
    [email] = mail.outbox
    assert "> Voici le contrat." in email.body
    assert "Fichier joint : contrat.pdf" in email.body


def test_the_representative_may_write_privately_to_the_member_from_the_request(
    client, access_request, member, representative
):
    start = f"{reverse('communaute:conversation_start')}?avec={member.handle}"
    client.force_login(representative)
    assert start in client.get(access_request.get_management_url()).content.decode()
    # The member's own page offers no link to themselves.
    assert start not in page_of(client, member, access_request).content.decode()
