import pytest
from django.core import mail

from communaute.models import Notification
from communaute.services.moderation import suspend_member
from ressources.models import AccessRequest

pytestmark = pytest.mark.django_db

REQUEST = {
    "on_behalf": "organization",
    "organization_name": "Théâtre du Bas-du-Fleuve",
    "message": "Nous préparons une tournée et cherchons une aide comptable.",
    "timeframe": "avant avril",
}


def send(client, service, data=REQUEST):
    return client.post(f"/ressources/services/{service.slug}/demander/", data)


@pytest.fixture
def access_request(client, service, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, service)
    client.logout()
    mail.outbox.clear()
    return AccessRequest.objects.get()


def test_a_member_asks_and_the_representatives_are_told_in_site_and_by_email(
    client, service, member, representative, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, service)
    access_request = AccessRequest.objects.get()
    assert response["Location"] == access_request.get_absolute_url()
    assert access_request.status == AccessRequest.Status.NEW
    assert access_request.events.get().message == REQUEST["message"]
    notification = Notification.objects.get(recipient=representative)
    assert notification.kind == "access_request_created"
    # Representatives are sent to their side of the request, behind their second factor.
    assert notification.url == access_request.get_management_url()
    assert notification.url == f"/ressources/gestion/demandes/{access_request.pk}/"
    assert [message.to for message in mail.outbox] == [[representative.email]]
    assert "Sophie Gagnon demande l'accès" in mail.outbox[0].body
    assert not Notification.objects.filter(recipient=member).exists()


def test_a_double_submitted_request_creates_one_request(client, service, member):
    client.force_login(member)
    send(client, service)
    response = send(client, service)
    assert AccessRequest.objects.count() == 1
    assert response["Location"] == AccessRequest.objects.get().get_absolute_url()


def test_a_refused_request_form_keeps_what_was_typed(client, service, member):
    client.force_login(member)
    response = send(client, service, {**REQUEST, "organization_name": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Indiquez le nom de l&#x27;organisation" in html
        or "Indiquez le nom de l'organisation" in html
    )
    assert REQUEST["message"] in html
    assert not AccessRequest.objects.exists()


def test_visitors_sign_in_before_asking(client, service):
    response = client.get(f"/ressources/services/{service.slug}/demander/")
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_a_draft_service_cannot_be_requested(client, organization, representative, member):
    from tests.ressources.factories import make_service

    draft = make_service(organization, representative, publish=False, title="Pas encore")
    client.force_login(member)
    assert send(client, draft).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("visitor", 302),
        ("other_member", 404),
        ("other_representative", 404),
        ("member", 200),
        ("representative", 200),
        ("admin", 200),
    ],
)
def test_who_may_see_a_request(
    client,
    access_request,
    who,
    expected,
    member,
    other_member,
    representative,
    other_representative,
    staff,
):
    people = {
        "member": member,
        "other_member": other_member,
        "representative": representative,
        "other_representative": other_representative,
        "admin": staff,
    }
    if who in people:
        client.force_login(people[who])
    assert client.get(access_request.get_absolute_url()).status_code == expected


def test_the_representative_accepts_and_the_member_sees_it_with_the_message(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    page = client.get(access_request.get_absolute_url()).content.decode()
    assert member.email in page  # the organization can write back
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            access_request.get_absolute_url(), {"status": "accepted", "message": "Bienvenue !"}
        )
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.ACCEPTED
    event = access_request.events.last()
    assert (event.actor, event.from_status, event.to_status, event.message) == (
        representative,
        "new",
        "accepted",
        "Bienvenue !",
    )
    assert Notification.objects.get(recipient=member).kind == "access_request_status"
    assert mail.outbox[0].to == [member.email]
    client.force_login(member)
    html = client.get(access_request.get_absolute_url()).content.decode()
    assert "Acceptée" in html
    assert "Bienvenue !" in html
    # The member answers in the request; only the organization changes its status.
    assert 'name="message"' in html
    assert 'name="status"' not in html


ANSWER = "Bienvenue dans le programme d'Anne & Cie !\nAppelez-nous lundi <avant midi>."


def answer(client, access_request, representative, capture, *, status="in-discussion", message):
    client.force_login(representative)
    with capture(execute=True):
        client.post(access_request.get_absolute_url(), {"status": status, "message": message})
    client.logout()


def test_the_members_email_quotes_the_representatives_message_and_links_to_the_request(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    answer(
        client, access_request, representative, django_capture_on_commit_callbacks, message=ANSWER
    )
    [email] = mail.outbox
    assert email.to == [member.email]
    # Plain text, quoted line by line, nothing escaped.
    assert "L'organisation vous a laissé ce message :" in email.body
    assert (
        "> Bienvenue dans le programme d'Anne & Cie !\n> Appelez-nous lundi <avant midi>."
        in email.body
    )
    assert "« En discussion »" in email.body
    link = next(line for line in email.body.splitlines() if "/ressources/demandes/" in line)
    assert link.endswith(access_request.get_absolute_url())
    assert access_request.get_absolute_url() == f"/ressources/demandes/{access_request.pk}/"


def test_the_notification_in_the_site_shows_the_representatives_message(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    answer(
        client, access_request, representative, django_capture_on_commit_callbacks, message=ANSWER
    )
    notification = Notification.objects.get(recipient=member)
    assert notification.describe() == (
        f"Votre demande pour « {access_request.service.title} » est maintenant : En discussion. "
        "Message de l'organisation : « Bienvenue dans le programme d'Anne & Cie ! "
        "Appelez-nous lundi <avant midi>. »"
    )
    client.force_login(member)
    html = client.get("/communaute/notifications/").content.decode()
    assert "Message de l&#x27;organisation : « Bienvenue dans le programme" in html
    assert "&lt;avant midi&gt;" in html


def test_a_long_message_is_a_glimpse_in_the_site_and_whole_in_the_email(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    long_message = "Voici nos conditions. " * 40 + "Fin du message."
    answer(
        client,
        access_request,
        representative,
        django_capture_on_commit_callbacks,
        status="accepted",
        message=long_message,
    )
    described = Notification.objects.get(recipient=member).describe()
    assert "Fin du message." not in described
    assert described.endswith("… »")
    assert "Fin du message." in mail.outbox[0].body


def test_a_status_change_without_a_message_says_no_message(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    answer(
        client,
        access_request,
        representative,
        django_capture_on_commit_callbacks,
        status="accepted",
        message="",
    )
    assert "message" not in mail.outbox[0].body.split("--")[0].lower()
    assert Notification.objects.get(recipient=member).describe() == (
        f"Votre demande pour « {access_request.service.title} » est maintenant : Acceptée."
    )


def test_a_status_notification_stored_before_messages_were_kept_still_reads(access_request, member):
    notification = Notification.objects.create(
        recipient=member,
        kind="access_request_status",
        url=access_request.get_absolute_url(),
        context={"service": "Comptabilité", "status": "accepted", "has_message": True},
    )
    assert notification.describe() == (
        "Votre demande pour « Comptabilité » est maintenant : Acceptée."
    )


def test_the_member_cannot_accept_their_own_request(client, access_request, member):
    client.force_login(member)
    response = client.post(access_request.get_absolute_url(), {"status": "accepted", "message": ""})
    # The member's form has no status: what is left is an empty message, refused.
    assert response.status_code == 400
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.NEW


def test_another_organization_cannot_answer(client, access_request, other_representative):
    client.force_login(other_representative)
    response = client.post(access_request.get_absolute_url(), {"status": "declined"})
    assert response.status_code == 404
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.NEW


def test_the_member_withdraws_and_the_organization_is_told(
    client, access_request, member, representative, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{access_request.get_absolute_url()}clore/")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.WITHDRAWN
    assert access_request.is_closed
    assert Notification.objects.filter(
        recipient=representative, kind="access_request_withdrawn"
    ).exists()
    assert client.post(f"{access_request.get_absolute_url()}clore/").status_code == 403


def test_a_declined_request_cannot_be_reopened(client, access_request, representative):
    client.force_login(representative)
    client.post(
        access_request.get_absolute_url(), {"status": "declined", "message": "Complet cette année."}
    )
    page = client.get(access_request.get_absolute_url()).content.decode()
    response = client.post(access_request.get_absolute_url(), {"status": "accepted"})
    # The conversation goes on, without a status to choose.
    assert 'name="status"' not in page
    assert response.status_code == 400
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.DECLINED


def test_the_member_lists_their_requests(client, access_request, member):
    client.force_login(member)
    html = client.get("/ressources/demandes/").content.decode()
    assert access_request.service.title in html
    assert "Nouvelle" in html


def test_from_my_requests_the_member_reads_the_representatives_message(
    client, access_request, representative, member, django_capture_on_commit_callbacks
):
    answer(
        client, access_request, representative, django_capture_on_commit_callbacks, message=ANSWER
    )
    client.force_login(member)
    listing = client.get("/ressources/demandes/").content.decode()
    assert f'href="{access_request.get_absolute_url()}"' in listing
    assert "En discussion" in listing
    page = client.get(access_request.get_absolute_url()).content.decode()
    # Markdown made safe, as in the forum: what looks like a tag is not one.
    assert "Bienvenue dans le programme d'Anne &amp; Cie !\nAppelez-nous lundi" in page
    assert "<avant" not in page


def test_the_dashboard_filters_and_counts_with_bounded_queries(
    client, service, organization, representative, django_assert_max_num_queries
):
    from tests.communaute.factories import MemberFactory

    def ask(count):
        for _number in range(count):
            asker = MemberFactory()
            client.force_login(asker)
            send(client, service)
        client.force_login(representative)

    ask(3)
    # Sessions, permissions, the header and Wagtail's user bar cost a fixed dozen.
    with django_assert_max_num_queries(22):
        client.get("/ressources/gestion/demandes/")
    ask(30)
    first = AccessRequest.objects.first()
    client.post(first.get_absolute_url(), {"status": "accepted", "message": ""})
    with django_assert_max_num_queries(22):
        html = client.get("/ressources/gestion/demandes/", {"statut": "accepted"}).content.decode()
    assert 'Toutes <span class="count">(33)</span>' in html
    assert 'Acceptée <span class="count">(1)</span>' in html
    assert html.count('class="status status--accepted"') == 1


def test_the_export_carries_my_requests(client, access_request, member):
    from communaute.hooks.privacy import collect

    data, _files = collect(member)
    assert data["demandes_d_acces"][0]["message"] == REQUEST["message"]


def test_a_suspended_representative_reads_a_request_but_cannot_answer_it(
    client, access_request, representative, staff
):
    suspend_member(representative, actor=staff, days=3, reason="Réponses blessantes")
    client.force_login(representative)

    page = client.get(access_request.get_absolute_url())
    response = client.post(access_request.get_absolute_url(), {"status": "accepted"})

    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert response.status_code == 403
    access_request.refresh_from_db()
    assert access_request.status == "new"


def test_a_suspended_member_is_offered_no_request_form_and_sends_no_request(
    client, service, member, representative, staff, django_capture_on_commit_callbacks
):
    suspend_member(member, actor=staff, days=3, reason="Messages répétés")
    client.force_login(member)

    page = client.get(service.get_absolute_url()).content.decode()
    form = client.get(f"/ressources/services/{service.slug}/demander/")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, service)

    assert "Votre compte est suspendu jusqu" in page
    assert f"/ressources/services/{service.slug}/demander/" not in page
    assert form.status_code == response.status_code == 403
    assert 'name="message"' not in form.content.decode()
    assert "Votre compte est suspendu jusqu" in response.content.decode()
    assert not AccessRequest.objects.exists()
    assert not Notification.objects.filter(recipient=representative).exists()
    assert mail.outbox == []
