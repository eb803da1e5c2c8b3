"""The safety rules of private messages: blocking, who may write to whom, and the pages where a
member blocks and unblocks."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from communaute.models import Block, Space, SpaceMembership
from communaute.permissions.contact import check_write_to_permission, may_write_to
from communaute.services.blocks import block_member, unblock_member
from communaute.services.forum import create_topic
from communaute.services.members import delete_account, export_personal_data
from communaute.services.moderation import hide_post, suspend_member
from tests.communaute.factories import MemberFactory
from tests.communaute.test_directory import listed
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

REFUSAL = "Impossible d'écrire à ce membre."


def refusal_of(sender, recipient):
    with pytest.raises(PermissionDenied) as refused:
        check_write_to_permission(sender, recipient)
    return str(refused.value)


# Who may write to whom


def test_a_member_may_write_to_a_member_listed_in_the_directory(member):
    assert may_write_to(member, listed("Lise Au Répertoire"))


def test_a_member_not_in_the_directory_is_out_of_reach_of_strangers_and_never_told_why(member):
    stranger = listed("Linda Discrète", listed=False)
    assert not may_write_to(member, stranger)
    assert refusal_of(member, stranger) == REFUSAL


def test_someone_who_wrote_in_a_space_the_sender_belongs_to_may_be_written_to(member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    SpaceMembership.objects.create(space=space, member=member)
    author = listed("Lino Auteur", listed=False)
    create_topic(space, author=author, title="Salle libre", body="Bonjour")
    assert may_write_to(member, author)


def test_someone_who_wrote_where_the_sender_wrote_too_may_be_written_to(member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    author = listed("Lino Auteur", listed=False)
    create_topic(space, author=author, title="Salle libre", body="Bonjour")
    assert not may_write_to(member, author)
    create_topic(space, author=member, title="Camion", body="Qui part en avril ?")
    assert may_write_to(member, author)


def test_members_of_a_private_space_may_write_to_one_another(member):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    colleague = listed("Line Membre", listed=False)
    for person in (member, colleague):
        SpaceMembership.objects.create(space=private, member=person)
    assert may_write_to(member, colleague)
    assert may_write_to(colleague, member)


def test_a_silent_member_of_the_same_open_space_stays_out_of_reach(member):
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    silent = listed("Line Membre", listed=False)
    for person in (member, silent):
        SpaceMembership.objects.create(space=space, member=person)
    assert not may_write_to(member, silent)


def test_an_author_whose_only_post_was_hidden_is_no_longer_known(member):
    moderator = MemberFactory(is_superuser=True)
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    SpaceMembership.objects.create(space=space, member=member)
    author = listed("Lino Auteur", listed=False)
    _topic, post = create_topic(space, author=author, title="Publicité", body="Achetez !")
    hide_post(post, actor=moderator, reason="Publicité")
    assert not may_write_to(member, author)


def test_a_block_either_way_stops_private_messages_and_the_refusal_says_nothing_more(member):
    lise = listed("Lise Au Répertoire")
    block_member(member, blocker=lise)
    assert not may_write_to(member, lise)
    assert not may_write_to(lise, member)
    assert refusal_of(member, lise) == REFUSAL
    assert refusal_of(lise, member) == REFUSAL
    unblock_member(member, blocker=lise)
    assert may_write_to(member, lise)


def test_nobody_writes_to_a_closed_account_nor_to_themselves(member):
    gone = listed("Lisa Partie")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert not may_write_to(member, gone)
    assert refusal_of(member, gone) == REFUSAL
    member.in_directory = True
    assert not may_write_to(member, member)


def test_a_suspended_member_cannot_write_and_is_told_until_when(member):
    moderator = MemberFactory(is_superuser=True)
    lise = listed("Lise Au Répertoire")
    suspend_member(member, actor=moderator, days=3, reason="Propos blessants")
    assert not may_write_to(member, lise)
    assert "suspendu" in refusal_of(member, lise)


def test_mention_suggestions_and_private_messages_share_one_rule():
    from communaute.selectors import following

    assert "known_members" in following.mention_suggestions.__globals__


# Blocking


def test_blocking_twice_keeps_one_block_and_nobody_blocks_themselves(member):
    lise = listed("Lise Au Répertoire")
    first = block_member(lise, blocker=member)
    assert block_member(lise, blocker=member) == first
    assert Block.objects.count() == 1
    with pytest.raises(PermissionDenied):
        block_member(member, blocker=member)


def test_blocks_go_with_either_account(member):
    lise = listed("Lise Au Répertoire")
    block_member(lise, blocker=member)
    delete_account(lise, actor=lise)
    assert not Block.objects.exists()


def test_the_profile_offers_to_block_and_the_confirmation_says_what_it_does(client, member):
    lise = listed("Lise Au Répertoire")
    client.force_login(member)
    profile = client.get(lise.get_absolute_url()).content.decode()
    assert f"/communaute/membres/{lise.handle}/bloquer/" in profile
    own = client.get(member.get_absolute_url()).content.decode()
    assert "/bloquer/" not in own
    page = client.get(f"/communaute/membres/{lise.handle}/bloquer/").content.decode()
    assert "ne pourra plus vous écrire en privé" in page
    assert "ne pourra pas vous ajouter à une conversation" in page
    assert "n&#x27;est pas prévenue" in page or "n'est pas prévenue" in page


def test_a_member_blocks_then_unblocks_from_the_profile(client, member):
    lise = listed("Lise Au Répertoire")
    client.force_login(member)
    address = f"/communaute/membres/{lise.handle}/bloquer/"
    response = client.post(address)
    assert response.status_code == 302
    assert response["Location"] == lise.get_absolute_url()
    # A double submit changes nothing.
    assert client.post(address).status_code == 302
    assert Block.objects.filter(blocker=member, blocked=lise).count() == 1
    profile = client.get(lise.get_absolute_url()).content.decode()
    assert "Vous avez bloqué ce membre." in profile
    assert "Débloquer" in client.get(address).content.decode()
    response = client.post(f"/communaute/membres/{lise.handle}/debloquer/")
    assert response["Location"] == lise.get_absolute_url()
    assert not Block.objects.exists()


def test_the_blocked_members_page_lists_them_and_unblocks_from_there(client, member):
    lise = listed("Lise Au Répertoire")
    other = listed("Léo Tranquille")
    block_member(lise, blocker=member)
    block_member(member, blocker=other)
    client.force_login(member)
    page = client.get("/comptes/membres-bloques/").content.decode()
    assert "Lise Au Répertoire" in page
    # Who blocked the member is never shown to them.
    assert "Léo Tranquille" not in page
    response = client.post(f"/communaute/membres/{lise.handle}/debloquer/", {"depuis": "liste"})
    assert response["Location"] == "/comptes/membres-bloques/"
    assert "avez bloqué personne." in client.get("/comptes/membres-bloques/").content.decode()


def test_blocking_is_refused_to_visitors_and_for_oneself_and_unknown_handles(client, member):
    lise = listed("Lise Au Répertoire")
    address = f"/communaute/membres/{lise.handle}/bloquer/"
    assert "/comptes/login/" in client.post(address)["Location"]
    client.force_login(member)
    assert client.post(f"/communaute/membres/{member.handle}/bloquer/").status_code == 403
    assert client.post("/communaute/membres/personne/bloquer/").status_code == 404
    assert client.post("/communaute/membres/a%00b/bloquer/").status_code == 400
    assert client.get(f"/communaute/membres/{lise.handle}/debloquer/").status_code == 405
    assert not Block.objects.exists()


def test_a_suspended_member_may_still_block(client, member):
    moderator = MemberFactory(is_superuser=True)
    lise = listed("Lise Au Répertoire")
    suspend_member(member, actor=moderator, days=3, reason="Propos blessants")
    client.force_login(member)
    assert client.post(f"/communaute/membres/{lise.handle}/bloquer/").status_code == 302
    assert Block.objects.filter(blocker=member, blocked=lise).exists()


@pytest.mark.parametrize("count", [2, 30])
def test_the_blocked_members_page_reads_a_bounded_number_of_rows(
    client, member, count, django_assert_max_num_queries
):
    for number in range(count):
        block_member(MemberFactory(display_name=f"Bloqué {number:02}"), blocker=member)
    client.force_login(member)
    with django_assert_max_num_queries(16):
        response = client.get("/comptes/membres-bloques/")
    assert response.content.decode().count('name="depuis"') == count


def test_the_export_holds_the_blocks_made_never_those_received(member):
    lise = listed("Lise Au Répertoire")
    other = listed("Léo Tranquille")
    block_member(lise, blocker=member)
    block_member(member, blocker=other)
    document = json.loads(
        zipfile.ZipFile(io.BytesIO(export_personal_data(member))).read("donnees.json")
    )
    assert [row["member"] for row in document["membres_bloques"]] == ["Lise Au Répertoire"]
    assert "Léo Tranquille" not in json.dumps(document, ensure_ascii=False)


# The rules inside private conversations


def old_member(**fields):
    """A member past their first day, in the directory."""
    from datetime import timedelta

    from django.utils import timezone

    member = listed(fields.pop("display_name", "Ancienne Membre"), **fields)
    member.date_joined = timezone.now() - timedelta(days=30)
    member.save(update_fields=["date_joined"])
    return member


def test_a_blocked_member_cannot_start_a_conversation_either_way(member):
    from communaute.services.messaging import start_conversation

    lise = listed("Lise Au Répertoire")
    member.in_directory = True
    member.save(update_fields=["in_directory"])
    block_member(member, blocker=lise)
    for sender, recipient in ((member, lise), (lise, member)):
        with pytest.raises(PermissionDenied) as refused:
            start_conversation(sender, [recipient], body="Bonjour")
        assert str(refused.value) == REFUSAL


def test_a_block_stops_a_conversation_of_two_but_not_a_group(member):
    from communaute.services.messaging import send_message, start_conversation

    lise, leo = listed("Lise Au Répertoire"), listed("Léo Tranquille")
    pair, _message = start_conversation(member, [lise], body="Bonjour")
    group, _message = start_conversation(member, [lise, leo], body="Bonjour à vous deux")
    block_member(member, blocker=lise)
    with pytest.raises(PermissionDenied) as refused:
        send_message(pair, author=member, body="Tu es là ?")
    assert str(refused.value) == REFUSAL
    with pytest.raises(PermissionDenied):
        send_message(pair, author=lise, body="Non.")
    assert send_message(group, author=member, body="Et vous ?").pk


def test_a_blocked_member_cannot_be_added_to_a_conversation(member):
    from communaute.services.messaging import add_participants, start_conversation

    lise, leo = listed("Lise Au Répertoire"), listed("Léo Tranquille")
    group, _message = start_conversation(member, [leo], body="Bonjour")
    block_member(member, blocker=lise)
    with pytest.raises(PermissionDenied) as refused:
        add_participants(group, actor=member, members=[lise])
    assert str(refused.value) == REFUSAL
    assert not group.participants.filter(member=lise).exists()


def test_sharing_a_conversation_makes_a_member_out_of_the_directory_reachable(member):
    from communaute.services.messaging import start_conversation

    lise = listed("Lise Au Répertoire")
    discreet = listed("Linda Discrète", listed=False)
    assert not may_write_to(member, discreet)
    # Lise brings both into one conversation: they now know each other.
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    for person in (lise, discreet):
        SpaceMembership.objects.create(space=private, member=person)
    member.in_directory = True
    member.save(update_fields=["in_directory"])
    start_conversation(lise, [member, discreet], body="Je vous présente")
    assert may_write_to(member, discreet)
    assert start_conversation(member, [discreet], body="Enchantée")[0].pk


def test_a_new_member_starts_three_conversations_on_their_first_day(member):
    from django.core.exceptions import ValidationError

    from communaute.services.messaging import send_message, start_conversation

    people = [listed(f"Personne {number}") for number in range(4)]
    first = None
    for person in people[:3]:
        conversation, _message = start_conversation(member, [person], body="Bonjour")
        first = first or conversation
    with pytest.raises(ValidationError) as limited:
        start_conversation(member, [people[3]], body="Bonjour")
    text = " ".join(limited.value.message_dict["body"])
    assert "Le premier jour, on peut commencer jusqu'à 3 conversations privées" in text
    assert "à partir de" in text
    # Answering, and writing again to someone one already talks with, are no new conversation.
    assert send_message(first, author=member, body="Encore moi").pk
    assert start_conversation(member, [people[0]], body="Et encore")[0] == first


def test_after_the_first_day_twenty_new_conversations_a_day(member):
    from django.core.exceptions import ValidationError

    from communaute.services.messaging import start_conversation
    from communaute.services.posting_limits import NEW_CONVERSATIONS_PER_DAY

    veteran = old_member()
    people = [listed(f"Personne {number}") for number in range(NEW_CONVERSATIONS_PER_DAY + 1)]
    for person in people[:-1]:
        start_conversation(veteran, [person], body="Bonjour")
    with pytest.raises(ValidationError) as limited:
        start_conversation(veteran, [people[-1]], body="Bonjour")
    assert "20 conversations privées en une journée" in " ".join(limited.value.message_dict["body"])


def test_moderators_meet_no_daily_limit_on_conversations():
    from communaute.services.messaging import start_conversation

    moderator = MemberFactory(roles=["Animation"])
    for number in range(4):
        start_conversation(moderator, [listed(f"Personne {number}")], body="Bonjour")


def test_the_start_page_says_only_impossible_and_keeps_the_text(client, member):
    lise = listed("Lise Au Répertoire")
    block_member(member, blocker=lise)
    client.force_login(member)
    response = client.post(
        "/communaute/messages/nouvelle/",
        {"recipients": f"@{lise.handle}", "subject": "", "body": "Mon long message", "token": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Impossible d&#x27;écrire à ce membre." in page or REFUSAL in page
    assert "Mon long message" in page
    assert "bloqu" not in page.split("<main")[1].lower()


def test_the_start_page_shows_the_daily_limit_next_to_the_kept_text(client, member):
    from communaute.services.messaging import start_conversation

    for number in range(3):
        start_conversation(member, [listed(f"Personne {number}")], body="Bonjour")
    lise = listed("Lise Au Répertoire")
    client.force_login(member)
    response = client.post(
        "/communaute/messages/nouvelle/",
        {"recipients": f"@{lise.handle}", "subject": "", "body": "Mon long message", "token": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Le premier jour" in page
    assert "Mon long message" in page


# Account deletion and the data export


def test_a_deleted_account_leaves_the_others_copies_signed_deleted_member(client, member):
    from communaute.models import PrivateMessage
    from communaute.services.messaging import send_message, start_conversation

    lise = listed("Lise Au Répertoire")
    member.in_directory = True
    member.save(update_fields=["in_directory"])
    conversation, _message = start_conversation(
        lise, [member], subject="Prêt de salle", body="Bonjour"
    )
    send_message(conversation, author=member, body="La salle est libre le 12.")
    delete_account(member, actor=member)
    assert PrivateMessage.objects.filter(conversation=conversation).count() == 2
    client.force_login(lise)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "La salle est libre le 12." in page
    assert "Membre supprimé" in page
    assert "Sophie Gagnon" not in page


def test_the_export_holds_the_members_conversations_and_their_own_messages(member):
    from communaute.services.messaging import leave_conversation, send_message, start_conversation

    lise = listed("Lise Au Répertoire")
    member.in_directory = True
    member.save(update_fields=["in_directory"])
    conversation, _message = start_conversation(
        lise, [member], subject="Prêt de salle", body="Le message de Lise"
    )
    send_message(conversation, author=member, body="Ma réponse")
    other, _message = start_conversation(member, [listed("Léo Tranquille")], body="Salut Léo")
    leave_conversation(other, member=member)
    document = json.loads(
        zipfile.ZipFile(io.BytesIO(export_personal_data(member))).read("donnees.json")
    )
    section = document["conversations_privees"]
    assert [row["subject"] for row in section["conversations"]] == ["Prêt de salle", ""]
    assert section["conversations"][1]["left_at"] is not None
    assert [row["body"] for row in section["messages"]] == ["Ma réponse", "Salut Léo"]
    assert "Le message de Lise" not in json.dumps(document, ensure_ascii=False)


# Reporting a private message


@pytest.fixture
def talk(member):
    """Lise writes to the member, five messages back and forth; a moderator stands by."""
    from communaute.services.messaging import send_message, start_conversation

    lise = listed("Lise Au Répertoire")
    member.in_directory = True
    member.save(update_fields=["in_directory"])
    conversation, first = start_conversation(lise, [member], body="Message 1")
    sent = [first]
    for number in range(2, 8):
        author = lise if number % 2 else member
        sent.append(send_message(conversation, author=author, body=f"Message {number}"))
    moderator = MemberFactory(display_name="Maude Modération", roles=["Animation"])
    return {"lise": lise, "conversation": conversation, "sent": sent, "moderator": moderator}


def test_a_participant_reports_a_message_and_moderators_hear_of_it(client, member, talk):
    from communaute.models import MessageFlag, Notification

    reported = talk["sent"][4]  # "Message 5", by Lise
    client.force_login(member)
    conversation_page = client.get(talk["conversation"].get_absolute_url()).content.decode()
    assert f"/communaute/messages/prives/{reported.pk}/signaler/" in conversation_page
    address = f"/communaute/messages/prives/{reported.pk}/signaler/"
    page = client.get(address).content.decode()
    assert "quelques messages qui l" in page
    response = client.post(address, {"reason": "disrespect", "comment": "Insultant"})
    assert response.status_code == 302
    # A double submit files nothing more.
    client.post(address, {"reason": "disrespect", "comment": "Insultant"})
    flag = MessageFlag.objects.get()
    assert (flag.reporter, flag.reason, flag.status) == (member, "disrespect", "open")
    notification = Notification.objects.get(
        recipient=talk["moderator"], kind="private_message_flagged"
    )
    assert notification.url == f"/communaute/moderation/messages-prives/{flag.pk}/"
    # The author is never told who reported, nor asked to judge it.
    assert not Notification.objects.filter(
        recipient=talk["lise"], kind="private_message_flagged"
    ).exists()


def test_only_participants_report_and_never_their_own_message(client, member, talk):
    from communaute.services.messaging import leave_conversation

    own = talk["sent"][1]  # "Message 2", by the member
    other = talk["sent"][2]
    client.force_login(member)
    assert client.get(f"/communaute/messages/prives/{own.pk}/signaler/").status_code == 403
    stranger = listed("Léo Tranquille")
    client.force_login(stranger)
    assert client.get(f"/communaute/messages/prives/{other.pk}/signaler/").status_code == 404
    client.force_login(talk["moderator"])
    assert client.get(f"/communaute/messages/prives/{other.pk}/signaler/").status_code == 404
    leave_conversation(talk["conversation"], member=member)
    client.force_login(member)
    assert client.get(f"/communaute/messages/prives/{other.pk}/signaler/").status_code == 404
    assert client.get("/communaute/messages/prives/98765432109/signaler/").status_code == 404


def test_moderators_see_the_reported_message_with_its_context_and_nothing_more(
    client, member, talk
):
    from communaute.services.reports import report_message

    reported = talk["sent"][4]
    flag, _created = report_message(reported, reporter=member, reason="spam")
    client.force_login(talk["moderator"])
    queue = client.get("/communaute/moderation/messages-prives/").content.decode()
    assert f"/communaute/moderation/messages-prives/{flag.pk}/" in queue
    assert "jamais montrés" in queue
    page = client.get(f"/communaute/moderation/messages-prives/{flag.pk}/").content.decode()
    for number in (3, 4, 5, 6, 7):
        assert f"Message {number}" in page
    for number in (1, 2):
        assert f"Message {number}<" not in page
    # The conversation itself stays closed to them.
    assert client.get(talk["conversation"].get_absolute_url()).status_code == 404


def test_members_never_see_the_moderators_queue(client, member, talk):
    from communaute.services.reports import report_message

    flag, _created = report_message(talk["sent"][4], reporter=member, reason="spam")
    client.force_login(member)
    assert client.get("/communaute/moderation/messages-prives/").status_code == 403
    assert client.get(f"/communaute/moderation/messages-prives/{flag.pk}/").status_code == 403
    response = client.post(
        f"/communaute/moderation/messages-prives/{flag.pk}/",
        {"outcome": "dismissed", "note": "Non"},
    )
    assert response.status_code == 403


def test_the_decision_closes_the_reports_and_tells_each_reporter_the_outcome(client, member, talk):
    from communaute.models import MessageFlag, Notification
    from communaute.services.messaging import add_participants
    from communaute.services.reports import report_message

    leo = listed("Léo Tranquille")
    add_participants(talk["conversation"], actor=member, members=[leo])
    reported = talk["sent"][4]
    flag, _created = report_message(reported, reporter=member, reason="spam")
    report_message(reported, reporter=leo, reason="disrespect")
    client.force_login(talk["moderator"])
    address = f"/communaute/moderation/messages-prives/{flag.pk}/"
    # A decision without a note is refused, the choice kept.
    response = client.post(address, {"outcome": "upheld", "note": "  "})
    assert response.status_code == 200
    assert MessageFlag.objects.filter(status="open").count() == 2
    response = client.post(address, {"outcome": "upheld", "note": "Avertissement envoyé."})
    assert response.status_code == 302
    assert set(MessageFlag.objects.values_list("status", flat=True)) == {"upheld"}
    for reporter in (member, leo):
        notification = Notification.objects.get(
            recipient=reporter, kind="private_message_flag_reviewed"
        )
        assert "a pris des mesures" in notification.describe()
    # Deciding again changes nothing.
    assert client.post(address, {"outcome": "dismissed", "note": "Non"}).status_code == 302
    assert set(MessageFlag.objects.values_list("status", flat=True)) == {"upheld"}


def test_a_suspended_participant_files_no_report(member, talk):
    from communaute.services.reports import report_message

    suspend_member(member, actor=talk["moderator"], days=2, reason="Pause")
    with pytest.raises(PermissionDenied):
        report_message(talk["sent"][4], reporter=member, reason="spam")


@pytest.mark.parametrize("count", [1, 15])
def test_the_moderators_queue_reads_a_bounded_number_of_rows(
    client, member, talk, count, django_assert_max_num_queries
):
    from communaute.services.messaging import send_message
    from communaute.services.reports import report_message

    for number in range(count):
        message = send_message(talk["conversation"], author=talk["lise"], body=f"Encore {number}")
        report_message(message, reporter=member, reason="spam")
    client.force_login(talk["moderator"])
    with django_assert_max_num_queries(20):
        response = client.get("/communaute/moderation/messages-prives/")
    assert response.content.decode().count("/communaute/moderation/messages-prives/") >= count


def test_the_export_lists_the_reports_a_member_filed(member, talk):
    from communaute.services.reports import report_message

    report_message(talk["sent"][4], reporter=member, reason="spam", comment="Publicité")
    document = json.loads(
        zipfile.ZipFile(io.BytesIO(export_personal_data(member))).read("donnees.json")
    )
    assert document["moderation"]["private_message_reports_filed"][0]["comment"] == "Publicité"


def test_the_moderators_email_never_quotes_the_private_message(
    member, talk, django_capture_on_commit_callbacks
):
    from django.core import mail

    from communaute.notifications.tasks import send_due_emails
    from communaute.services.reports import report_message

    with django_capture_on_commit_callbacks(execute=True):
        report_message(talk["sent"][4], reporter=member, reason="spam")
    send_due_emails()
    sent = [email for email in mail.outbox if talk["moderator"].email in email.to]
    assert sent
    assert "Message 5" not in sent[0].body
    assert "/communaute/moderation/messages-prives/" in sent[0].body


def test_the_safety_pages_speak_english(client, member, talk):
    from communaute.services.reports import report_message

    lise = talk["lise"]
    client.force_login(member)
    page = client.get(f"/en/communaute/membres/{lise.handle}/bloquer/").content.decode()
    assert "they are not told" in page
    assert "Blocked members" in client.get("/en/comptes/membres-bloques/").content.decode()
    flag_page = client.get(
        f"/en/communaute/messages/prives/{talk['sent'][4].pk}/signaler/"
    ).content.decode()
    assert "Report a private message to the moderation team" in flag_page
    report_message(talk["sent"][4], reporter=member, reason="spam")
    client.force_login(talk["moderator"])
    queue = client.get("/en/communaute/moderation/messages-prives/").content.decode()
    assert "Private messages stay private" in queue


def test_decided_reports_go_a_year_after_the_decision_open_ones_stay(member, talk):
    from datetime import timedelta

    from django.utils import timezone

    from communaute.models import MessageFlag
    from communaute.services.reports import decide_message_flag, report_message
    from passerelles.core.retention import apply_retention

    decided, _created = report_message(talk["sent"][4], reporter=member, reason="spam")
    decide_message_flag(decided, actor=talk["moderator"], upheld=False, note="Rien à redire")
    report_message(talk["sent"][2], reporter=member, reason="spam")
    later = timezone.now() + timedelta(days=366)
    outcomes = {o.rule.name: o.count for o in apply_retention(now=later)}
    assert outcomes["decided_message_reports"] == 1
    assert list(MessageFlag.objects.values_list("status", flat=True)) == ["open"]


def test_hostile_addresses_and_forms_never_answer_500(client, member, talk):
    huge = "9" * 30
    client.force_login(member)
    assert client.get(f"/communaute/messages/prives/{huge}/signaler/").status_code == 404
    address = f"/communaute/messages/prives/{talk['sent'][4].pk}/signaler/"
    response = client.post(address, {"reason": "pas-une-raison", "comment": "x\x00y"})
    assert response.status_code in (200, 400)
    response = client.post(address, {"reason": "spam", "comment": "a" * 5000})
    assert response.status_code == 200
    assert "a" * 100 in response.content.decode()
    client.force_login(talk["moderator"])
    assert client.get(f"/communaute/moderation/messages-prives/{huge}/").status_code == 404
    assert client.get(f"/communaute/membres/{'x' * 300}/bloquer/").status_code == 404
