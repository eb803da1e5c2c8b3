"""Emails of the notification centre: preferences, digests, unsubscribe links, retries."""

import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks.backends.dummy import DummyBackend
from django_tasks_db.models import DBTaskResult

from communaute.models import (
    EmailDelivery,
    EmailFrequency,
    EmailPreference,
    Notification,
    Space,
    SpaceMembership,
)
from communaute.notifications.digests import send_due_digests
from communaute.notifications.emails import MAX_ATTEMPTS, unsubscribe_token
from communaute.notifications.preferences import set_email_frequency
from communaute.notifications.tasks import send_due_emails, send_emails
from communaute.services.following import follow_space, mute_topic
from communaute.services.forum import create_topic, join_space, reply
from tests.communaute.factories import MemberFactory
from tests.communaute.helpers import sign_in
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

PREFERENCES = "/comptes/notifications/"


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("The mail server is down.")


class UnreachableTaskBackend(DummyBackend):
    def enqueue(self, task, args, kwargs):
        raise ConnectionError("The task queue is unreachable.")


@pytest.fixture
def spaces():
    return {
        "diffusion": make_space("Diffusion", Space.Visibility.PUBLIC),
        "outils": make_space("Outils numériques", Space.Visibility.MEMBERS),
    }


def busy_day(spaces, member, committing):
    """Three replies in two spaces and one elsewhere on the portal, all for the member."""
    author = MemberFactory(display_name="Marc-André Leblanc")
    for space in spaces.values():
        topic, _post = committing(
            create_topic, space, author=member, title=f"Sujet {space}", body="?"
        )
        committing(reply, topic, author=author, body="Une réponse")
        committing(reply, topic, author=author, body="Une autre")
    private = Space.objects.filter(slug="cercle").first() or make_space(
        "Cercle", Space.Visibility.PRIVATE
    )
    SpaceMembership.objects.get_or_create(space=private, member=member, role="animator")
    committing(join_space, private, member=author)


def digests_to(member):
    return [message for message in mail.outbox if message.to == [member.email]]


def test_by_default_nothing_is_emailed_at_once_but_requests_are(spaces, member, committing):
    busy_day(spaces, member, committing)
    assert Notification.objects.filter(recipient=member).count() == 5
    # Only the join request, someone waiting for an answer, left at once.
    assert len(mail.outbox) == 1
    assert "demande à rejoindre l'espace « Cercle »" in mail.outbox[0].subject


def test_each_event_sends_one_email_per_notification_and_none_sends_nothing(
    spaces, member, committing
):
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    busy_day(spaces, member, committing)
    assert len(mail.outbox) == 5
    message = mail.outbox[1]
    assert "Pourquoi ce courriel ? Vous le recevez parce que vous suivez le sujet" in message.body
    assert "Votre choix actuel : Un courriel à chaque notification." in message.body
    mail.outbox.clear()
    set_email_frequency(member, EmailFrequency.NONE, actor=member)
    busy_day(spaces, member, committing)
    assert mail.outbox == []


def test_a_daily_digest_groups_by_space_and_then_only_shows_what_is_new(spaces, member, committing):
    busy_day(spaces, member, committing)
    mail.outbox.clear()
    assert committing(send_due_digests) == 1
    digest = mail.outbox[0]
    assert digest.subject == "[Passerelles Culture] Votre journée : 4 nouveautés"
    body = digest.body
    assert body.index("== Diffusion (2) ==") < body.index("== Outils numériques (2) ==")
    assert "Marc-André Leblanc a répondu dans « Sujet Diffusion »." in body
    # The join request was emailed at once: the digest does not repeat it.
    assert "Ailleurs sur le portail" not in body and "Cercle" not in body
    assert "vous recevez un résumé par jour de vos notifications non lues" in body
    assert digest.extra_headers["List-Unsubscribe"].startswith("<http")

    # Run again at once: nothing is due, nothing new.
    mail.outbox.clear()
    assert committing(send_due_digests) == 0
    tomorrow = timezone.now() + timedelta(days=1)
    assert committing(send_due_digests, now=tomorrow) == 0
    assert mail.outbox == []

    topic = spaces["diffusion"].topics.get()
    committing(reply, topic, author=MemberFactory(display_name="Lise Arsenault"), body="Nouveau")
    committing(send_due_digests, now=tomorrow + timedelta(minutes=1))
    (digest,) = digests_to(member)
    body = digest.body
    assert "Votre journée : 1 nouveauté" in digest.subject
    assert "Lise Arsenault" in body and "Marc-André" not in body


def test_a_notification_created_during_a_run_waits_for_the_next_digest_only(
    spaces, member, committing
):
    busy_day(spaces, member, committing)
    mail.outbox.clear()
    run_started = timezone.now()
    topic = spaces["diffusion"].topics.get()
    # Written while the run goes through the members, after its clock was read.
    committing(reply, topic, author=MemberFactory(display_name="Lise Arsenault"), body="Pendant")
    committing(send_due_digests, now=run_started)
    (digest,) = digests_to(member)
    assert "4 nouveautés" in digest.subject and "Lise Arsenault" not in digest.body
    mail.outbox.clear()
    committing(send_due_digests, now=run_started + timedelta(days=1))
    (digest,) = digests_to(member)
    assert "1 nouveauté" in digest.subject and "Lise Arsenault" in digest.body
    mail.outbox.clear()
    committing(send_due_digests, now=run_started + timedelta(days=2))
    assert digests_to(member) == []


def test_a_read_notification_stays_out_of_the_digest(spaces, member, committing):
    busy_day(spaces, member, committing)
    Notification.objects.filter(recipient=member, context__space="Outils numériques").update(
        read_at=timezone.now()
    )
    committing(send_due_digests)
    assert "Outils numériques" not in mail.outbox[-1].body


def test_a_weekly_digest_waits_a_week(spaces, member, committing):
    set_email_frequency(member, EmailFrequency.WEEKLY, actor=member)
    busy_day(spaces, member, committing)
    mail.outbox.clear()
    assert committing(send_due_digests) == 1
    assert "Votre semaine : 4 nouveautés" in mail.outbox[0].subject
    topic = spaces["diffusion"].topics.get()
    committing(reply, topic, author=MemberFactory(), body="Encore")
    mail.outbox.clear()
    committing(send_due_digests, now=timezone.now() + timedelta(days=2))
    assert digests_to(member) == []
    committing(send_due_digests, now=timezone.now() + timedelta(days=7))
    assert "Votre semaine : 1 nouveauté" in digests_to(member)[0].subject


def test_the_digest_command_sends_digests_and_pending_emails(spaces, member, committing):
    busy_day(spaces, member, committing)
    mail.outbox.clear()
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_keeps_the_email_and_a_later_run_sends_it(
    spaces, member, other_member, committing, settings, caplog
):
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    topic, _post = committing(create_topic, spaces["diffusion"], author=member, title="T", body="?")
    settings.EMAIL_BACKEND = "tests.communaute.test_emails.BrokenEmailBackend"
    with caplog.at_level(logging.ERROR, logger="communaute.notifications.emails"):
        post = committing(reply, topic, author=other_member, body="Réponse importante")
    # The post is there, the notification too; the email waits for another try.
    assert post.pk and Notification.objects.filter(recipient=member).exists()
    delivery = EmailDelivery.objects.get()
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert "ConnectionRefusedError" in delivery.last_error
    assert "Notification email" in caplog.text
    assert send_due_emails() == 0  # not due yet
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert "Réponse importante" not in mail.outbox[0].body  # the email points to the post
    assert "a répondu dans « T »" in mail.outbox[0].body
    # Sent once: another run sends nothing more.
    assert send_due_emails(now=timezone.now() + timedelta(days=1)) == 0


def test_the_database_worker_is_asked_to_try_again_when_the_next_attempt_is_due(
    spaces, member, other_member, committing, settings
):
    # Production's backend, which can hold a task until a given time.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    topic, _post = committing(create_topic, spaces["diffusion"], author=member, title="T", body="?")
    committing(reply, topic, author=other_member, body="Réponse")
    delivery = EmailDelivery.objects.get()
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "communaute.notifications.tasks.send_emails"
    assert queued.args_kwargs["args"] == [[delivery.pk]]
    settings.EMAIL_BACKEND = "tests.communaute.test_emails.BrokenEmailBackend"
    # What the worker does with the queued task; the mail server is down.
    assert committing(send_emails.call, [delivery.pk]) == 0
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.status == EmailDelivery.Status.PENDING
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.args_kwargs["args"] == [[delivery.pk]]
    assert retry.run_after == delivery.next_attempt_at
    # The last failure abandons the email: no task is left waiting for nothing.
    EmailDelivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
    committing(send_emails.call, [delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.ABANDONED
    assert DBTaskResult.objects.count() == 2


def test_an_email_the_queue_refused_waits_for_the_next_scheduled_run(
    spaces, member, other_member, committing, settings, caplog
):
    settings.TASKS = {"default": {"BACKEND": "tests.communaute.test_emails.UnreachableTaskBackend"}}
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    topic, _post = committing(create_topic, spaces["diffusion"], author=member, title="T", body="?")
    with caplog.at_level(logging.ERROR, logger="communaute.notifications.tasks"):
        post = committing(reply, topic, author=other_member, body="Réponse importante")
    # The post and its notification stand; the email waits, untried.
    assert post.pk and Notification.objects.filter(recipient=member, kind="topic_reply").exists()
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (EmailDelivery.Status.PENDING, 0)
    assert "Could not enqueue notification emails" in caplog.text
    assert mail.outbox == []
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert "a répondu dans « T »" in mail.outbox[0].body


def test_an_email_is_abandoned_after_five_failures(
    spaces, member, other_member, settings, committing
):
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    topic, _post = committing(create_topic, spaces["diffusion"], author=member, title="T", body="?")
    settings.EMAIL_BACKEND = "tests.communaute.test_emails.BrokenEmailBackend"
    committing(reply, topic, author=other_member, body="Réponse")
    delivery = EmailDelivery.objects.get()
    for _attempt in range(4):
        send_due_emails(now=timezone.now() + timedelta(days=30))
    delivery.refresh_from_db()
    assert delivery.attempts == 5
    assert delivery.status == EmailDelivery.Status.ABANDONED


def test_the_unsubscribe_link_works_without_signing_in_after_a_confirmation(client, member):
    url = f"/communaute/desabonnement/{unsubscribe_token(member)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Me désabonner des courriels" in page.content.decode()
    # Opening the link (as a mail scanner does) changes nothing.
    assert not EmailPreference.objects.filter(member=member).exists()
    response = client.post(url)
    assert response.status_code == 200
    assert "vous ne recevrez plus de courriels" in response.content.decode()
    assert EmailPreference.objects.get(member=member).frequency == EmailFrequency.NONE


def test_a_mail_clients_one_click_post_unsubscribes(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/communaute/desabonnement/{unsubscribe_token(member)}/"
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert EmailPreference.objects.get(member=member).frequency == EmailFrequency.NONE


def test_a_forged_or_altered_token_unsubscribes_nobody(client, member, other_member):
    token = unsubscribe_token(member)
    for bad in (token[:-2] + "xx", str(other_member.pk), "nimportequoi"):
        response = client.post(f"/communaute/desabonnement/{bad}/")
        assert response.status_code == 404
        assert "n'est pas valide" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_a_member_chooses_a_frequency_and_sees_what_they_follow(client, member, spaces):
    sign_in(client, member)
    html = client.get(PREFERENCES).content.decode()
    # A member who never chose has the daily digest, and the page says so.
    assert re.search(r'value="daily"[^>]*checked', html)
    follow_space(member, spaces["outils"])
    topic, _post = create_topic(
        spaces["diffusion"], author=MemberFactory(), title="Bruit", body="?"
    )
    mute_topic(member, topic)
    html = client.get(PREFERENCES).content.decode()
    assert "Outils numériques" in html and "Bruit" in html
    assert client.get(f"/en{PREFERENCES}").status_code == 200
    response = client.post(PREFERENCES, {"frequency": "weekly", "language": "fr"})
    assert response.status_code == 302
    assert EmailPreference.objects.get(member=member).frequency == EmailFrequency.WEEKLY
    response = client.post(PREFERENCES, {"frequency": "hourly", "language": "fr"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert EmailPreference.objects.get(member=member).frequency == EmailFrequency.WEEKLY


def test_visitors_are_sent_to_sign_in_for_preferences(client):
    response = client.get(PREFERENCES)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_nobody_changes_another_members_preference(member, other_member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        set_email_frequency(member, EmailFrequency.NONE, actor=other_member)


def test_follow_buttons_on_topic_and_space_pages(client, member, other_member, spaces):
    topic, _post = create_topic(spaces["diffusion"], author=other_member, title="Salle", body="?")
    client.force_login(member)
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert "Vous ne suivez pas ce sujet." in html
    client.post(f"/communaute/sujets/{topic.pk}/suivi/", {"action": "follow"})
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert "Vous suivez ce sujet" in html
    client.post(f"/communaute/sujets/{topic.pk}/suivi/", {"action": "mute"})
    html = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/").content.decode()
    assert "Ce sujet est en sourdine" in html
    assert client.post(f"/communaute/sujets/{topic.pk}/suivi/", {"action": "x"}).status_code == 404
    client.post("/communaute/espaces/diffusion/suivi/", {"action": "follow"})
    html = client.get("/communaute/espaces/diffusion/").content.decode()
    assert "Vous suivez cet espace" in html


def test_outsiders_and_visitors_cannot_follow(client, member, other_member):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=other_member)
    topic, _post = create_topic(private, author=other_member, title="Secret", body="?")
    assert client.post(f"/communaute/sujets/{topic.pk}/suivi/", {"action": "follow"})[
        "Location"
    ].startswith("/comptes/login/")
    client.force_login(member)
    assert (
        client.post(f"/communaute/sujets/{topic.pk}/suivi/", {"action": "follow"}).status_code
        == 404
    )
    assert client.post("/communaute/espaces/cercle/suivi/", {"action": "follow"}).status_code == 404
    assert client.get(f"/communaute/sujets/{topic.pk}/suivi/").status_code == 405


def test_the_admin_sends_the_chosen_emails_again_abandoned_ones_too(
    client, staff, member, other_member, spaces, settings, committing
):
    from tests.communaute.factories import activate_totp

    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)
    topic, _post = committing(create_topic, spaces["diffusion"], author=member, title="T", body="?")
    settings.EMAIL_BACKEND = "tests.communaute.test_emails.BrokenEmailBackend"
    committing(reply, topic, author=other_member, body="Première")
    for _attempt in range(4):
        send_due_emails(now=timezone.now() + timedelta(days=30))
    abandoned = EmailDelivery.objects.get()
    committing(reply, topic, author=other_member, body="Deuxième")
    committing(reply, topic, author=other_member, body="Troisième")
    failed, left_alone = EmailDelivery.objects.filter(status="pending").order_by("pk")
    # Their time to try again has come: only the choice keeps the second one back.
    EmailDelivery.objects.update(next_attempt_at=timezone.now())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    activate_totp(staff)
    client.force_login(staff)
    response = client.get("/admin/communaute/emaildelivery/?status__exact=pending")
    assert response.status_code == 200
    assert "Sophie Gagnon" in response.content.decode()
    response = client.post(
        "/admin/communaute/emaildelivery/",
        {"action": "send_now", "_selected_action": [abandoned.pk, failed.pk]},
    )
    assert response.status_code == 302
    for delivery in (abandoned, failed, left_alone):
        delivery.refresh_from_db()
    assert (abandoned.status, abandoned.attempts) == (EmailDelivery.Status.SENT, 1)
    assert failed.status == EmailDelivery.Status.SENT
    assert left_alone.status == EmailDelivery.Status.PENDING
    assert len(mail.outbox) == 2
    # Sent already: choosing it again sends nothing twice.
    client.post(
        "/admin/communaute/emaildelivery/",
        {"action": "send_now", "_selected_action": [failed.pk]},
    )
    assert len(mail.outbox) == 2


def test_what_belongs_to_no_space_closes_the_digest(spaces, member, committing):
    from communaute.notifications.centre import notify
    from communaute.notifications.kinds import register_kind
    from tests.communaute.test_notifications import NoFacts

    elsewhere = register_kind(
        "test.elsewhere",
        context=NoFacts,
        describe=lambda n, c: "Votre demande d'accès a changé.",
        email_template="communaute/emails/generic",
        reason=lambda n, c: "vous avez fait une demande d'accès",
    )
    busy_day(spaces, member, committing)
    committing(notify, member, elsewhere, url="/ressources/", context=NoFacts())
    mail.outbox.clear()
    committing(send_due_digests)
    body = mail.outbox[0].body
    assert body.index("== Outils numériques (2) ==") < body.index(
        "== Ailleurs sur le portail (1) =="
    )
    assert "Votre demande d'accès a changé." in body
