import logging
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext as _

from communaute.context_processors import header_counts
from communaute.hooks import privacy
from communaute.models import EmailDelivery, EmailFrequency, Notification
from communaute.notifications.centre import mark_all_read, mark_read, notify
from communaute.notifications.kinds import NotificationKind, describe, register_kind
from communaute.notifications.preferences import set_email_frequency
from passerelles.core.templatetags.passerelles import member_name
from tests.communaute.factories import MemberFactory, activate_totp
from tests.communaute.helpers import sign_in

pytestmark = pytest.mark.django_db

CENTRE = "/communaute/notifications/"


@dataclass(frozen=True, kw_only=True)
class MessageContext:
    subject: str


@dataclass(frozen=True)
class NoFacts:
    pass


def describe_message(notification, context):
    return _("%(actor)s vous a écrit au sujet de « %(subject)s ».") % {
        "actor": member_name(notification.actor),
        "subject": context.subject,
    }


def describe_silent(notification, context):
    return _("Une ressource que vous suivez a changé.")


MESSAGE = register_kind(
    "test.message",
    context=MessageContext,
    describe=describe_message,
    email_template="communaute/emails/generic",
    reason=lambda n, c: "une personne vous a écrit",
)
SILENT = register_kind("test.silent", context=NoFacts, describe=describe_silent)


class BrokenEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is down.")


def wants_each_email(member):
    set_email_frequency(member, EmailFrequency.EACH_EVENT, actor=member)


def send_message(recipient, actor, subject="Prêt de projecteurs"):
    return notify(
        recipient,
        MESSAGE,
        url=actor.get_absolute_url(),
        context=MessageContext(subject=subject),
        actor=actor,
    )


def open_url(notification):
    return f"/communaute/notifications/{notification.pk}/ouvrir/"


def test_notify_creates_the_row_and_emails_only_after_commit(
    member, other_member, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://passerelles.exemple.test"
    wants_each_email(member)
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_message(member, other_member)
        assert mail.outbox == []

    assert Notification.objects.get() == notification
    assert notification.recipient == member
    assert notification.actor == other_member
    assert notification.read_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == (
        "[Passerelles Culture] Nadia Chartrand vous a écrit au sujet de « Prêt de projecteurs »."
    )
    assert "Nadia Chartrand vous a écrit" in message.body
    assert f"https://passerelles.exemple.test{other_member.get_absolute_url()}" in message.body
    assert "Vous le recevez parce que une personne vous a écrit." in message.body
    assert "/communaute/desabonnement/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://passerelles.exemple.test/communaute/notifications/" in message.body


def test_the_email_is_in_french_even_from_an_english_page(
    member, other_member, django_capture_on_commit_callbacks
):
    wants_each_email(member)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        send_message(member, other_member)
    assert "Pourquoi ce courriel ?" in mail.outbox[0].body


def test_a_kind_without_email_template_sends_no_email(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(member, SILENT, url="/", context=NoFacts())
    assert not EmailDelivery.objects.exists()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=member, kind=SILENT.kind).exists()


def test_a_rolled_back_write_leaves_no_notification_and_sends_nothing(
    member, other_member, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_message(member, other_member)
        raise RuntimeError("The caller's write failed.")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_break_the_write(
    member, other_member, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.communaute.test_notifications.BrokenEmailBackend"
    wants_each_email(member)
    with (
        caplog.at_level(logging.ERROR, logger="communaute.notifications.emails"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = send_message(member, other_member)
    assert Notification.objects.filter(pk=notification.pk).exists()
    assert "Notification email" in caplog.text


def test_inactive_members_are_not_notified(member, django_capture_on_commit_callbacks):
    member.is_active = False
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(member, MESSAGE, url="/", context=MessageContext(subject="?")) is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_unknown_kinds_and_outside_addresses_are_refused(member):
    unregistered = NotificationKind("test.unregistered", context=NoFacts, describe=describe_silent)
    with pytest.raises(ValueError, match="register it"):
        notify(member, unregistered, url="/", context=NoFacts())
    for url in ("https://ailleurs.exemple.test/", "//ailleurs.exemple.test/", "relatif/"):
        with pytest.raises(ValueError):
            notify(member, SILENT, url=url, context=NoFacts())
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_described_with_a_generic_sentence(member):
    notification = Notification(recipient=member, kind="removed.kind", url="/")
    assert describe(notification) == "Vous avez une nouvelle notification."


def test_a_kind_with_an_email_cannot_be_registered_without_its_reason():
    with pytest.raises(ValueError, match="needs a reason"):
        register_kind(
            "test.reasonless",
            context=NoFacts,
            describe=describe_silent,
            email_template="communaute/emails/generic",
        )


def test_a_deleted_actor_is_shown_as_membre_supprime(member, other_member):
    notification = send_message(member, other_member)
    other_member.delete()
    notification.refresh_from_db()
    assert notification.actor is None
    assert notification.describe().startswith("Membre supprimé vous a écrit")


def test_the_centre_lists_my_notifications_and_never_another_members(client, member, other_member):
    send_message(member, other_member, subject="Pour Sophie")
    send_message(other_member, member, subject="Pour Nadia")
    sign_in(client, member)
    response = client.get(CENTRE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nadia Chartrand vous a écrit au sujet de « Pour Sophie »." in html
    assert "Pour Nadia" not in html
    assert "Non lue :" in html
    assert "Tout marquer comme lu" in html


def test_the_centre_says_when_there_is_nothing(client, member):
    client.force_login(member)
    html = client.get(CENTRE).content.decode()
    assert "Vous n'avez aucune notification pour l'instant." in html
    assert "Tout marquer comme lu" not in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, member, other_member):
    notification = send_message(member, other_member)
    client.force_login(member)
    response = client.get(open_url(notification))
    assert response.status_code == 302
    assert response["Location"] == other_member.get_absolute_url()
    notification.refresh_from_db()
    first_reading = notification.read_at
    assert first_reading is not None
    client.get(open_url(notification))
    notification.refresh_from_db()
    assert notification.read_at == first_reading
    assert "Non lue :" not in client.get(CENTRE).content.decode()


def test_opening_from_the_english_site_goes_to_the_english_page(client, member, other_member):
    notification = send_message(member, other_member)
    client.force_login(member)
    response = client.get(f"/en{open_url(notification)}")
    assert response.status_code == 302
    assert response["Location"] == f"/en/communaute/membres/{other_member.handle}/"


def test_an_address_reversed_on_the_english_site_is_stored_in_french(member, other_member):
    path = f"/communaute/membres/{other_member.handle}/"
    notification = notify(member, SILENT, url=f"/en{path}", context=NoFacts())
    assert notification.url == path


def test_opening_another_members_notification_is_not_found(client, member, other_member):
    notification = send_message(other_member, member)
    client.force_login(member)
    assert client.get(open_url(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_refuses_another_members_notification(member, other_member):
    notification = send_message(other_member, member)
    with pytest.raises(Http404):
        mark_read(member, notification.pk)


def test_read_all_marks_only_my_notifications(client, member, other_member):
    for subject in ("Un", "Deux"):
        send_message(member, other_member, subject=subject)
    theirs = send_message(other_member, member)
    client.force_login(member)
    assert client.get("/communaute/notifications/tout-marquer-comme-lu/").status_code == 405
    response = client.post("/communaute/notifications/tout-marquer-comme-lu/")
    assert response.status_code == 302
    assert response["Location"] == CENTRE
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(CENTRE).content.decode()
    assert "Toutes vos notifications sont marquées comme lues." in page
    assert mark_all_read(member) == 0


def test_one_notification_is_marked_read_from_the_list_without_leaving_it(
    client, member, other_member
):
    first = send_message(member, other_member, subject="Un")
    second = send_message(member, other_member, subject="Deux")
    theirs = send_message(other_member, member)
    client.force_login(member)
    page = client.get(CENTRE + "?filtre=non-lues").content.decode()
    assert f'action="/communaute/notifications/{first.pk}/lue/"' in page
    url = f"/communaute/notifications/{first.pk}/lue/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": CENTRE + "?filtre=non-lues&page=1"})
    assert response.status_code == 302
    assert response["Location"] == CENTRE + "?filtre=non-lues&page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    # Another site is never where it leads; another member's notification is not found.
    response = client.post(
        f"/communaute/notifications/{second.pk}/lue/", {"next": "https://ailleurs.example/"}
    )
    assert response["Location"] == CENTRE
    assert client.post(f"/communaute/notifications/{theirs.pk}/lue/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", CENTRE),
        ("get", "/communaute/notifications/1/ouvrir/"),
        ("post", "/communaute/notifications/1/lue/"),
        ("post", "/communaute/notifications/tout-marquer-comme-lu/"),
    ],
)
def test_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def unread_in_menu(html):
    """The account menu's count and the words after it, or None while it is hidden (it is
    always there, hidden at 0, for static/js/live.js to show)."""
    match = re.search(
        r'<span class="count" data-live-counter="notifications"( hidden)?>'
        r"\(<span data-live-count>(\d+)</span><span class=\"visually-hidden\"> "
        r"<span data-live-count-label [^>]*>([^<]*)</span></span>\)</span></a>",
        html,
    )
    assert match, "the account menu's notifications count is missing"
    return None if match.group(1) else (match.group(2), match.group(3))


def test_the_header_shows_the_unread_count(client, member, other_member):
    client.force_login(member)
    assert unread_in_menu(client.get(CENTRE).content.decode()) is None
    first = send_message(member, other_member)
    html = client.get(member.get_absolute_url()).content.decode()
    assert unread_in_menu(html) == ("1", "non lue")
    send_message(member, other_member)
    send_message(member, other_member)
    mark_read(member, first.pk)
    html = client.get(member.get_absolute_url()).content.decode()
    assert unread_in_menu(html) == ("2", "non lues")
    english = client.get(f"/en{CENTRE}")
    assert english.status_code == 200
    assert 'lang="en-CA"' in english.content.decode()


def test_visitors_pages_do_not_count_notifications(client, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert header_counts(request) == {}


@pytest.mark.parametrize("count", [3, 60])
def test_the_centre_runs_a_bounded_number_of_queries(
    client, member, count, django_assert_max_num_queries
):
    actors = MemberFactory.create_batch(3)
    for number in range(count):
        send_message(member, actors[number % 3], subject=f"Sujet {number}")
    client.force_login(member)
    # About ten queries are the site's own (session, member, Wagtail site, footer links,
    # permissions for the user bar); the centre adds three, whatever the number of rows.
    with django_assert_max_num_queries(16):
        response = client.get(CENTRE)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("/ouvrir/") == min(count, 20)
    if count > 20:
        assert 'rel="next"' in html
        with django_assert_max_num_queries(16):
            assert client.get(f"{CENTRE}?page=3").status_code == 200


def test_notifications_are_in_the_personal_data_export(member, other_member):
    send_message(member, other_member)
    send_message(other_member, member)
    data, files = privacy.collect(member)
    assert [row["kind"] for row in data["notifications"]] == [MESSAGE.kind]
    assert set(data["notifications"][0]) == {"kind", "url", "created_at", "read_at"}
    assert files == []


def test_the_admin_lists_notifications(client, staff, member, other_member):
    activate_totp(staff)
    client.force_login(staff)
    send_message(member, other_member)
    response = client.get("/admin/communaute/notification/?read_at__isempty=1")
    assert response.status_code == 200
    assert "Sophie Gagnon" in response.content.decode()


def test_the_unread_filter_shows_only_what_is_left_to_read(client, member, other_member):
    first = send_message(member, other_member, subject="Déjà lu")
    send_message(member, other_member, subject="Pas encore lu")
    mark_read(member, first.pk)
    client.force_login(member)
    html = client.get(CENTRE, {"filtre": "non-lues"}).content.decode()
    assert "Pas encore lu" in html and "Déjà lu" not in html
    mark_all_read(member)
    html = client.get(CENTRE, {"filtre": "non-lues"}).content.decode()
    assert "Tout est lu : aucune notification en attente." in html
