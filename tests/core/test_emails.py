"""Every email is plain text written through one path (passerelles/core/emails.py), and every
link in it follows SITE_URL (passerelles/core/links.py)."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from communaute.models import EmailFrequency, Space
from communaute.notifications.digests import send_due_digests
from communaute.notifications.preferences import set_email_frequency
from communaute.services.forum import create_topic, reply
from passerelles.core.emails import render_subject, render_text
from passerelles.core.links import absolute_url
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = pytest.mark.django_db

PORT_8001 = "http://127.0.0.1:8001"


def links_in(text):
    return re.findall(r"https?://\S+", text)


def test_plain_text_is_not_html_escaped():
    text = render_text("communaute/emails/generic.txt", {"description": "<Prêt d'équipements>"})
    assert "<Prêt d'équipements>" in text
    assert render_subject("communaute/emails/generic_subject.txt", {"description": "L'été\nà"}) == (
        "L'été à"
    )


@override_settings(SITE_URL=PORT_8001)
def test_absolute_url_follows_site_url():
    assert absolute_url("/communaute/") == "http://127.0.0.1:8001/communaute/"
    assert absolute_url("communaute/") == "http://127.0.0.1:8001/communaute/"
    assert absolute_url("https://ailleurs.example/") == "https://ailleurs.example/"


@override_settings(SITE_URL=PORT_8001)
def test_an_access_request_email_about_a_title_with_an_apostrophe_reads_as_typed(
    client, django_capture_on_commit_callbacks
):
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Julien Arsenault")
    service = make_service(organization, representative, title="Prêt d'équipements de scène")
    member = MemberFactory(display_name="Zoé L'Heureux")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/ressources/services/{service.slug}/demander/",
            {
                "on_behalf": "self",
                "message": "Nous cherchons de l'éclairage.",
                "timeframe": "avant avril",
            },
        )
    (message,) = mail.outbox
    # French typography: a non-breaking space before the colon.
    assert message.subject.replace("\N{NO-BREAK SPACE}", " ") == (
        "[Passerelles Culture] Nouvelle demande d'accès : Prêt d'équipements de scène"
    )
    assert "&#x27;" not in message.subject and "&#x27;" not in message.body
    assert "&amp;" not in message.body
    links = [*links_in(message.body), message.extra_headers["List-Unsubscribe"].strip("<>")]
    assert links and all(link.startswith(PORT_8001 + "/") for link in links)


@override_settings(SITE_URL=PORT_8001)
def test_a_digest_about_a_title_with_an_apostrophe_reads_as_typed_and_links_to_the_site(
    django_capture_on_commit_callbacks,
):
    space = make_space("L'atelier", Space.Visibility.PUBLIC)
    member = MemberFactory()
    set_email_frequency(member, EmailFrequency.DAILY, actor=member)
    with django_capture_on_commit_callbacks(execute=True):
        topic, _post = create_topic(space, author=member, title="Prêt d'équipements", body="?")
        reply(topic, author=MemberFactory(display_name="Marc O'Neil"), body="Oui")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_digests()
    (digest,) = mail.outbox
    assert "&#x27;" not in digest.subject + digest.body
    assert "Marc O'Neil a répondu dans « Prêt d'équipements »." in digest.body
    assert "== L'atelier (1) ==" in digest.body
    assert all(link.startswith(PORT_8001 + "/") for link in links_in(digest.body))


@override_settings(SITE_URL=PORT_8001)
def test_robots_txt_names_the_sitemap_at_the_site_address(client):
    assert f"Sitemap: {PORT_8001}/sitemap.xml" in client.get("/robots.txt").content.decode()


@override_settings(SITE_URL=PORT_8001)
def test_the_editors_email_about_a_suggested_initiative_reads_as_typed_and_links_to_the_admin(
    client, member, django_capture_on_commit_callbacks
):
    from passerelles.pages.models import InitiativeIndexPage, InitiativePage

    editor = MemberFactory(roles=["Rédaction"])
    watch = InitiativeIndexPage.objects.get()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{watch.url}proposer/",
            {
                "title": "Banque d'instruments",
                "organization_name": "Un collectif",
                "link": "",
                "description": "Des instruments prêtés aux écoles de musique.",
                "region": "ON",
            },
        )
    initiative = InitiativePage.objects.get(title="Banque d'instruments")
    (message,) = [message for message in mail.outbox if message.to == [editor.email]]
    assert message.subject.endswith("Banque d'instruments")
    assert f"{PORT_8001}/cms/pages/{initiative.pk}/edit/" in message.body
    assert all(link.startswith(PORT_8001 + "/") for link in links_in(message.body))
