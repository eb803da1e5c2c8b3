"""Gentle limits (communaute/services/posting_limits.py): flooding is refused, a newcomer posts
ten times in their first day, and opening a conversation from a need is no burst."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from communaute.models import Post, Space, Topic
from communaute.services.forum import create_topic, reply
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.ressources.factories import make_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    space = make_space("Diffusion et tournées", Space.Visibility.PUBLIC)
    topic, _post = create_topic(space, author=MemberFactory(), title="Tournée", body="Qui part ?")
    return topic


def spread_out(member, minutes=2):
    """Their posts so far, moved a few minutes apart in the past: no burst among them."""
    now = timezone.now()
    for number, post in enumerate(Post.objects.filter(author=member).order_by("-created_at")):
        Post.objects.filter(pk=post.pk).update(
            created_at=now - timedelta(minutes=minutes * (number + 1))
        )


def test_a_newcomer_posts_ten_times_in_their_first_day_and_the_eleventh_keeps_its_text(
    client, topic
):
    newcomer = MemberFactory()
    client.force_login(newcomer)
    path = f"/communaute/sujets/{topic.pk}/repondre/"
    for number in range(10):
        response = client.post(path, {"body": f"Idée numéro {number}"})
        assert response.status_code == 302, response.content.decode()[:3000]
        spread_out(newcomer)
    response = client.post(path, {"body": "Ma onzième idée, très réfléchie."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Le premier jour, on peut publier jusqu&#x27;à 10 messages" in html
    assert "à partir de demain à " in html and "Ma onzième idée, très réfléchie." in html
    assert "spam" not in html.lower()
    assert Post.objects.filter(author=newcomer).count() == 10


def test_after_their_first_day_a_member_is_held_only_by_the_flood_limit(client, topic):
    member = MemberFactory()
    member.date_joined = timezone.now() - timedelta(days=1, minutes=1)
    member.save(update_fields=["date_joined"])
    for number in range(12):
        reply(topic, author=member, body=f"Réponse {number}")
        spread_out(member)
    client.force_login(member)
    response = client.post(f"/communaute/sujets/{topic.pk}/repondre/", {"body": "Encore une"})
    assert response.status_code == 302


def test_a_burst_is_refused_to_a_newcomer_too_with_the_text_kept(client, topic):
    newcomer = MemberFactory()
    client.force_login(newcomer)
    path = f"/communaute/sujets/{topic.pk}/repondre/"
    for number in range(3):
        assert client.post(path, {"body": f"Vite {number}"}).status_code == 302
    response = client.post(path, {"body": "Et encore !"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "moins d&#x27;une minute" in html and "Et encore !" in html


def test_a_keen_newcomer_opens_a_conversation_from_their_own_need_after_three_posts(client, topic):
    """The journey that was stopped: three quick posts, then the need's conversation."""
    newcomer = MemberFactory()
    need = make_need(newcomer, title="Un camion pour la tournée")
    client.force_login(newcomer)
    path = f"/communaute/sujets/{topic.pk}/repondre/"
    for number in range(3):
        assert client.post(path, {"body": f"Bonjour {number}"}).status_code == 302
    # Three posts within the minute: a fourth typed one would wait; the click does not.
    response = client.post(f"/ressources/besoins/{need.pk}/conversation/")
    need.refresh_from_db()
    assert need.topic is not None
    assert response["Location"] == need.topic.get_absolute_url()
    assert Topic.objects.get(pk=need.topic_id).author == newcomer


def test_the_needs_conversation_counts_in_the_first_days_posts(client, topic):
    newcomer = MemberFactory()
    need = make_need(newcomer, title="Un camion pour la tournée")
    for number in range(10):
        reply(topic, author=newcomer, body=f"Réponse {number}")
        spread_out(newcomer)
    client.force_login(newcomer)
    response = client.post(f"/ressources/besoins/{need.pk}/conversation/", follow=True)
    need.refresh_from_db()
    assert need.topic is None
    assert "Le premier jour, on peut publier jusqu&#x27;à 10 messages" in response.text


def test_files_are_limited_per_hour_for_everyone_and_the_text_can_go_without_one(client, topic):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from communaute.services.posting_limits import UPLOADS_PER_HOUR
    from tests.core.sample_files import minimal_pdf

    def pdf():
        return SimpleUploadedFile("note.pdf", minimal_pdf(), content_type="application/pdf")

    member = MemberFactory()
    member.date_joined = timezone.now() - timedelta(days=30)
    member.save(update_fields=["date_joined"])
    for number in range(UPLOADS_PER_HOUR):
        reply(topic, author=member, body=f"Document {number}", attachments=[pdf()])
        spread_out(member)
    client.force_login(member)
    path = f"/communaute/sujets/{topic.pk}/repondre/"
    response = client.post(path, {"body": "Et le vingt et unième", "attachments": pdf()})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Vous avez joint {UPLOADS_PER_HOUR} fichiers dans la dernière heure" in html
    assert "Et le vingt et unième" in html
    # The text alone goes through; an hour later, files do too.
    assert client.post(path, {"body": "Sans fichier"}).status_code == 302
    spread_out(member, minutes=61)
    from communaute.models import Attachment

    Attachment.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    response = client.post(path, {"body": "Le voici", "attachments": pdf()})
    assert response.status_code == 302


def test_a_quick_share_in_a_burst_is_refused_with_what_was_typed(client, topic):
    """The limits name the body, which the quick share's form has not: the refusal goes above
    the form (it was a 500)."""
    member = MemberFactory()
    member.date_joined = timezone.now() - timedelta(days=2)
    member.save(update_fields=["date_joined"])
    for number in range(3):
        reply(topic, author=member, body=f"Vite {number}")
    client.force_login(member)
    response = client.post(
        "/communaute/partager/",
        {
            "url": "https://exemple.ca/appel",
            "line": "Un appel à ne pas manquer",
            "spaces": [topic.space.pk],
            "token": "a" * 32,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "moins d&#x27;une minute" in html
    assert 'value="https://exemple.ca/appel"' in html and "Un appel à ne pas manquer" in html
    assert not Topic.objects.filter(title="Un appel à ne pas manquer").exists()


def refused_reply(client, topic, **headers):
    """A newcomer's fourth reply within the minute: refused, shown again; its English link."""
    client.force_login(MemberFactory())
    path = f"/communaute/sujets/{topic.pk}/repondre/"
    for number in range(3):
        client.post(path, {"body": f"Vite {number}"})
    response = client.post(path, {"body": "Et encore !"}, **headers)
    assert response.status_code == 400
    return re.search(r'<a href="([^"]+)" lang="en" hreflang="en">', response.content.decode())[1]


def test_a_refused_replys_page_switches_language_to_a_page_that_answers(client, topic):
    landed = client.get(refused_reply(client, topic), follow=True)
    assert landed.status_code == 200
    assert landed.redirect_chain[-1][0] == f"/en/communaute/sujets/{topic.pk}-{topic.slug}/#reply"


def test_a_refused_replys_language_link_leads_to_the_topic_it_came_from(client, topic):
    page = f"/communaute/sujets/{topic.pk}-{topic.slug}/"
    assert refused_reply(client, topic, HTTP_REFERER=f"http://testserver{page}") == f"/en{page}"
    # A Referer from another site is not followed: the reply's own address, which leads there.
    elsewhere = refused_reply(client, topic, HTTP_REFERER="https://ailleurs.example/x")
    assert elsewhere == f"/en/communaute/sujets/{topic.pk}/repondre/"
