"""Private conversations: the services, their permissions, notifications, emails, digests."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from communaute.models import (
    Conversation,
    ConversationParticipant,
    EmailFrequency,
    Notification,
    PrivateMessage,
)
from communaute.models.messaging import MAX_PARTICIPANTS
from communaute.notifications.digests import send_due_digests
from communaute.notifications.preferences import set_email_frequency
from communaute.permissions.messaging import can_listen_conversation
from communaute.selectors.messaging import inbox, unread_count
from communaute.services import moderation
from communaute.services.messaging import (
    add_participants,
    leave_conversation,
    mark_read,
    send_message,
    set_muted,
    start_conversation,
)
from passerelles.core import live
from tests.communaute.factories import MemberFactory

pytestmark = pytest.mark.django_db


def listed(**fields):
    """A member in the directory: anyone may write to them (communaute/permissions/contact.py
    and tests/communaute/test_messaging_safety.py for who else may)."""
    return MemberFactory(in_directory=True, **fields)


@pytest.fixture
def member():
    return listed(display_name="Sophie Gagnon")


@pytest.fixture
def julie():
    return listed(display_name="Julie Tremblay")


@pytest.fixture
def marc():
    return listed(display_name="Marc-André Leblanc")


def suspend(member):
    superuser = MemberFactory(is_staff=True, is_superuser=True)
    return moderation.suspend_member(member, actor=superuser, days=2, reason="Pause.")


# Starting and continuing


def test_starting_a_conversation_makes_its_participants_and_first_message(julie, marc):
    conversation, message = start_conversation(
        julie, [marc], subject="Prêt de projecteurs", body="Bonjour **Marc** !"
    )
    assert conversation.subject == "Prêt de projecteurs"
    assert conversation.created_by == julie
    assert set(conversation.participants.values_list("member_id", flat=True)) == {
        julie.pk,
        marc.pk,
    }
    assert message.body_html == "<p>Bonjour <strong>Marc</strong> !</p>"
    conversation.refresh_from_db()
    assert conversation.last_message == message
    # The author has read their own message; the recipient has not.
    assert unread_count(julie) == 0
    assert unread_count(marc) == 1


def test_a_second_one_to_one_continues_the_same_conversation_whoever_writes(julie, marc):
    first, _m = start_conversation(julie, [marc], body="Bonjour")
    again, _message = start_conversation(marc, [julie], subject="Un sujet", body="Re-bonjour")
    assert again == first
    assert Conversation.objects.count() == 1
    again.refresh_from_db()
    assert again.subject == "Un sujet"  # it had none
    assert list(again.messages.values_list("body", flat=True)) == ["Bonjour", "Re-bonjour"]


def test_a_group_never_swallows_a_one_to_one(julie, marc, member):
    group, _m = start_conversation(julie, [marc, member], body="À trois")
    one_to_one, _m = start_conversation(julie, [marc], body="À deux")
    assert group != one_to_one


def test_after_someone_leaves_a_new_one_to_one_starts_afresh(julie, marc):
    first, _m = start_conversation(julie, [marc], body="Bonjour")
    leave_conversation(first, member=marc)
    second, _m = start_conversation(julie, [marc], body="Encore là ?")
    assert second != first


def test_the_same_form_sent_twice_makes_one_message(julie, marc):
    first = start_conversation(julie, [marc], body="Bonjour", token="abc")
    again = start_conversation(julie, [marc], body="Bonjour", token="abc")
    assert first == again
    reply = send_message(first[0], author=marc, body="Salut", token="def")
    assert send_message(first[0], author=marc, body="Salut", token="def") == reply
    assert PrivateMessage.objects.count() == 2


def test_one_pair_has_one_one_to_one_conversation_in_the_database(julie, marc):
    start_conversation(julie, [marc], body="Bonjour")
    with pytest.raises(IntegrityError):
        Conversation.objects.create(pair_key=Conversation.objects.get().pair_key)


def test_markdown_is_sanitized_and_mentions_are_not_linked(julie, marc):
    _c, message = start_conversation(
        julie, [marc], body="<script>alert(1)</script> [x](javascript:alert(1)) @" + marc.handle
    )
    assert "<script>" not in message.body_html
    assert "javascript:" not in message.body_html
    assert marc.get_absolute_url() not in message.body_html
    assert not Notification.objects.filter(kind="mention").exists()


# Permissions


def test_nobody_writes_to_themselves_or_to_nobody(julie):
    with pytest.raises(PermissionDenied):
        start_conversation(julie, [julie], body="Moi")
    with pytest.raises(PermissionDenied):
        start_conversation(julie, [], body="Personne")


def test_a_conversation_holds_at_most_ten_people(julie):
    others = [listed() for _ in range(MAX_PARTICIPANTS)]
    with pytest.raises(PermissionDenied):
        start_conversation(julie, others, body="Trop")
    conversation, _m = start_conversation(julie, others[:-1], body="Juste assez")
    with pytest.raises(PermissionDenied):
        add_participants(conversation, actor=julie, members=[others[-1]])


def test_an_inactive_member_cannot_be_written_to(julie, marc):
    marc.is_active = False
    marc.save()
    with pytest.raises(PermissionDenied):
        start_conversation(julie, [marc], body="Allô ?")


def test_a_suspended_member_reads_but_cannot_write(julie, marc):
    conversation, _m = start_conversation(julie, [marc], body="Bonjour")
    suspend(marc)
    with pytest.raises(PermissionDenied, match="suspendu"):
        send_message(conversation, author=marc, body="Réponse")
    with pytest.raises(PermissionDenied, match="suspendu"):
        start_conversation(marc, [julie], body="Nouveau")
    with pytest.raises(PermissionDenied, match="suspendu"):
        add_participants(conversation, actor=marc, members=[listed()])


def test_only_present_participants_write_add_mute_or_leave(julie, marc, member):
    conversation, _m = start_conversation(julie, [marc], body="Bonjour")
    for action in (
        lambda: send_message(conversation, author=member, body="Intrus"),
        lambda: add_participants(conversation, actor=member, members=[listed()]),
        lambda: set_muted(conversation, member=member, muted=True),
        lambda: leave_conversation(conversation, member=member),
    ):
        with pytest.raises(PermissionDenied):
            action()
    leave_conversation(conversation, member=marc)
    with pytest.raises(PermissionDenied):
        send_message(conversation, author=marc, body="Je reviens")


def test_the_live_channel_follows_the_page_rule(julie, marc, member):
    conversation, _m = start_conversation(julie, [marc], body="Bonjour")
    key = str(conversation.pk)
    assert live.can_listen(julie, f"conversation:{key}")
    assert not live.can_listen(member, f"conversation:{key}")
    assert not can_listen_conversation(julie, "abc")
    assert not can_listen_conversation(julie, "9" * 40)
    leave_conversation(conversation, member=marc)
    assert not live.can_listen(marc, f"conversation:{key}")


# Adding, leaving, muting, reading


def test_added_people_read_from_the_beginning_and_are_told(julie, marc, member):
    conversation, _m = start_conversation(julie, [marc], body="Bonjour")
    assert add_participants(conversation, actor=julie, members=[member, marc]) == [member]
    conversation.refresh_from_db()
    assert conversation.pair_key == ""
    notification = Notification.objects.get(recipient=member)
    assert notification.describe() == "Julie Tremblay vous a ajouté à une conversation privée."
    assert unread_count(member) == 1


def test_a_former_participant_can_be_brought_back(julie, marc, member):
    conversation, _m = start_conversation(julie, [marc, member], body="Bonjour")
    leave_conversation(conversation, member=member)
    assert add_participants(conversation, actor=julie, members=[member]) == [member]
    place = ConversationParticipant.objects.get(conversation=conversation, member=member)
    assert place.left_at is None


def test_muted_conversations_do_not_notify_nor_count(julie, marc):
    conversation, _m = start_conversation(julie, [marc], body="Bonjour")
    set_muted(conversation, member=marc, muted=True)
    send_message(conversation, author=julie, body="Encore")
    assert Notification.objects.filter(recipient=marc).count() == 1
    assert unread_count(marc) == 0
    assert [place.unread for place in inbox(marc)] == [True]


def test_reading_clears_the_counter_and_the_notifications(julie, marc):
    conversation, _m = start_conversation(julie, [marc], body="Bonjour")
    conversation.refresh_from_db()
    assert mark_read(conversation, member=marc)
    assert unread_count(marc) == 0
    assert not Notification.objects.filter(recipient=marc, read_at__isnull=True).exists()
    assert not mark_read(conversation, member=marc)


def test_the_author_is_not_notified_of_their_own_message(julie, marc):
    conversation, _m = start_conversation(julie, [marc], body="Bonjour")
    send_message(conversation, author=julie, body="Encore")
    assert not Notification.objects.filter(recipient=julie).exists()


def test_a_deleted_account_leaves_its_messages_to_the_others(julie, marc):
    conversation, message = start_conversation(julie, [marc], body="Bonjour")
    julie.delete()
    message.refresh_from_db()
    assert message.author is None
    assert [place.member for place in conversation.participants.all()] == [marc]


# Live events


def test_a_message_announces_its_id_and_the_counters(julie, marc, monkeypatch):
    published = []
    monkeypatch.setattr(
        "communaute.services.messaging.publish", lambda *args: published.append(args)
    )
    monkeypatch.setattr(
        "communaute.services.messaging.publish_counters", lambda pk: published.append(pk)
    )
    _c, message = start_conversation(julie, [marc], body="Bonjour")
    assert (f"conversation:{_c.pk}", "message", {"id": message.pk}) in published
    assert marc.pk in published and julie.pk not in published


# Emails and digests


def test_the_email_quotes_the_message_links_to_it_and_says_why(julie, marc, committing, settings):
    settings.SITE_URL = "https://passerelles.exemple.test"
    set_email_frequency(marc, EmailFrequency.EACH_EVENT, actor=marc)
    conversation, _m = committing(
        start_conversation, julie, [marc], subject="Tournée", body="Ligne un\nLigne deux"
    )
    [email] = mail.outbox
    assert email.to == [marc.email]
    assert email.subject == (
        "[Passerelles Culture] Julie Tremblay vous a écrit en privé : « Tournée »."
    )
    assert "> Ligne un\n> Ligne deux" in email.body
    assert f"https://passerelles.exemple.test{conversation.get_absolute_url()}" in email.body
    assert "vous participez à cette conversation privée" in email.body
    assert "/communaute/desabonnement/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_by_default_private_messages_wait_for_the_digest(julie, marc, committing):
    committing(start_conversation, julie, [marc], body="Bonjour")
    assert mail.outbox == []
    assert committing(send_due_digests) == 1
    [digest] = mail.outbox
    assert "Julie Tremblay vous a écrit en privé." in digest.body


def test_no_email_at_all_for_a_member_who_chose_none(julie, marc, committing):
    set_email_frequency(marc, EmailFrequency.NONE, actor=marc)
    committing(start_conversation, julie, [marc], body="Bonjour")
    assert committing(send_due_digests) == 0
    assert mail.outbox == []


def test_the_data_export_holds_the_conversations_and_only_ones_own_messages(julie, marc):
    from communaute.hooks import privacy

    conversation, _m = start_conversation(julie, [marc], subject="Tournée", body="De Julie")
    send_message(conversation, author=marc, body="De Marc")
    data, _files = privacy.collect(marc)
    section = data["conversations_privees"]
    assert [row["subject"] for row in section["conversations"]] == ["Tournée"]
    assert [row["body"] for row in section["messages"]] == ["De Marc"]


def test_the_emails_unsubscribe_link_stops_private_message_emails(julie, marc, committing, client):
    set_email_frequency(marc, EmailFrequency.EACH_EVENT, actor=marc)
    conversation, _m = committing(start_conversation, julie, [marc], body="Bonjour")
    link = re.search(r"http://\S+/communaute/desabonnement/\S+/", mail.outbox[0].body).group(0)
    assert client.post(link.split("testserver", 1)[-1]).status_code == 200
    mail.outbox.clear()
    committing(send_message, conversation, author=julie, body="Encore")
    assert committing(send_due_digests) == 0
    assert mail.outbox == []
    # The notification is still in the centre.
    assert Notification.objects.filter(recipient=marc).count() == 2


def test_the_email_is_in_the_recipients_language(julie, marc, committing):
    marc.language = "en"
    marc.save()
    set_email_frequency(marc, EmailFrequency.EACH_EVENT, actor=marc)
    conversation, _m = committing(start_conversation, julie, [marc], subject="Tournée", body="Allô")
    [email] = mail.outbox
    assert email.subject.endswith("Julie Tremblay wrote to you privately: “Tournée”.")
    assert "To answer, open the conversation" in email.body
    assert f"/en{conversation.get_absolute_url()}" in email.body


def test_the_admin_offers_no_door_into_private_conversations():
    from django.contrib import admin

    from communaute.models import MessageAttachment

    for model in (Conversation, ConversationParticipant, PrivateMessage, MessageAttachment):
        assert model not in admin.site._registry
