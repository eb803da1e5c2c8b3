"""The composer's drafts and preview: saved per member and place, given back by the server,
discarded on publishing, refused where the member may not write, listed on « Mes brouillons »."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communaute.models import Draft, Space, SpaceMembership, Topic
from communaute.permissions.viewer import Viewer
from communaute.services import moderation
from communaute.services.drafts import discard_draft, save_draft
from communaute.services.forum import create_topic
from communaute.services.messaging import start_conversation
from communaute.services.retention import forgotten_drafts
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.races import in_parallel

pytestmark = pytest.mark.django_db

SAVE = "/communaute/brouillons/enregistrer/"
DRAFTS = "/communaute/brouillons/"
DISCARD = "/communaute/brouillons/jeter/"
PREVIEW = "/communaute/apercu/"


@pytest.fixture
def space():
    return make_space("Diffusion", Space.Visibility.PUBLIC)


@pytest.fixture
def topic(space, other_member):
    topic, _post = create_topic(space, author=other_member, title="Un camion ?", body="Qui ?")
    return topic


def save(client, place, body):
    return client.post(SAVE, {"place": place, "body": body}, HTTP_ACCEPT="application/json")


# Services


def test_a_draft_is_kept_once_per_member_and_place_with_the_latest_text(member, topic):
    viewer = Viewer(member)
    save_draft(viewer, f"reply:{topic.pk}", "Premier jet")
    draft = save_draft(viewer, f"reply:{topic.pk}", "Deuxième jet")
    assert Draft.objects.get().body == "Deuxième jet" == draft.body
    save_draft(Viewer(MemberFactory()), f"reply:{topic.pk}", "Le mien")
    save_draft(viewer, f"topic:{topic.space_id}", "Un nouveau sujet")
    assert Draft.objects.filter(member=member).count() == 2
    assert Draft.objects.count() == 3


def test_an_emptied_text_removes_the_draft(member, topic):
    viewer = Viewer(member)
    save_draft(viewer, f"reply:{topic.pk}", "Bonjour")
    assert save_draft(viewer, f"reply:{topic.pk}", "  \n ") is None
    assert not Draft.objects.exists()


def test_a_draft_is_refused_where_the_member_may_not_write(member, other_member):
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=other_member)
    secret, _post = create_topic(private, author=other_member, title="Entre nous", body="Chut")
    viewer = Viewer(member)
    for place in (
        f"reply:{secret.pk}",
        f"topic:{private.pk}",
        "reply:987654",
        "nulle-part:1",
        "reply:abc",
        "reply:99999999999999999999",
        "reply:1\x00",
        "",
    ):
        with pytest.raises(PermissionDenied):
            save_draft(viewer, place, "Intrus")
    assert not Draft.objects.exists()


def test_a_locked_topic_or_a_conversation_one_left_takes_no_draft(member, other_member, topic):
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    with pytest.raises(PermissionDenied):
        save_draft(Viewer(member), f"reply:{topic.pk}", "Trop tard")
    conversation, _message = start_conversation(
        other_member, [MemberFactory(in_directory=True)], body="Salut"
    )
    with pytest.raises(PermissionDenied):
        save_draft(Viewer(member), f"message:{conversation.pk}", "Je m'invite")
    save_draft(Viewer(other_member), f"message:{conversation.pk}", "Suite")
    assert Draft.objects.get().member == other_member


def test_a_suspended_member_keeps_no_draft(member, topic, staff):
    moderation.suspend_member(member, actor=staff, days=2, reason="Pause.")
    with pytest.raises(PermissionDenied):
        save_draft(Viewer(member), f"reply:{topic.pk}", "Pendant la pause")


def test_a_too_long_draft_is_refused_and_invisible_characters_are_dropped(member, topic):
    with pytest.raises(ValidationError):
        save_draft(Viewer(member), f"reply:{topic.pk}", "a" * 20_001)
    draft = save_draft(Viewer(member), f"reply:{topic.pk}", "Bon\x00jour\x07 !")
    assert draft.body == "Bonjour !"


def test_discarding_touches_only_the_members_own_draft(member, other_member, topic):
    save_draft(Viewer(member), f"reply:{topic.pk}", "À moi")
    assert discard_draft(other_member, f"reply:{topic.pk}") is False
    assert discard_draft(member, "n'importe quoi\x00") is False
    assert discard_draft(member, f"reply:{topic.pk}") is True
    assert not Draft.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_saves_sent_at_once_end_as_one_draft_without_error():
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    author = MemberFactory()
    topic, _post = create_topic(space, author=author, title="Course", body="?")
    writer = MemberFactory()
    texts = [f"Version {number}" for number in range(6)]
    _results, errors = in_parallel(
        lambda text: save_draft(Viewer(writer), f"reply:{topic.pk}", text), texts
    )
    assert errors == []
    assert Draft.objects.filter(member=writer).count() == 1
    assert Draft.objects.get(member=writer).body in texts


def test_forgotten_drafts_fall_under_the_retention_schedule(member, topic):
    save_draft(Viewer(member), f"reply:{topic.pk}", "Oublié")
    Draft.objects.update(updated_at=timezone.now() - timedelta(days=200))
    assert forgotten_drafts(timezone.now() - timedelta(days=180)).count() == 1
    assert forgotten_drafts(timezone.now() - timedelta(days=365)).count() == 0


# The save endpoint


def test_the_save_endpoint_keeps_the_text_for_a_member_who_may_write(client, member, topic):
    assert save(client, f"reply:{topic.pk}", "Bonjour").status_code == 302  # sign in first
    client.force_login(member)
    response = save(client, f"reply:{topic.pk}", "Bonjour")
    assert response.status_code == 200 and response.json()["saved"] is True
    assert Draft.objects.get(member=member).body == "Bonjour"
    assert client.get(SAVE).status_code == 405


def test_the_save_endpoint_refuses_bad_places_and_long_texts_without_a_500(client, member, topic):
    client.force_login(member)
    for place in ("reply:0", "reply:-1", "reply:x", "\x00", "a" * 500, "topic:987654"):
        assert save(client, place, "Texte").status_code == 403
    assert save(client, f"reply:{topic.pk}", "a" * 20_001).status_code == 400
    assert not Draft.objects.exists()


def test_the_save_endpoint_is_csrf_protected(member, topic):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert save(client, f"reply:{topic.pk}", "Bonjour").status_code == 403
    assert not Draft.objects.exists()


# Restored by the server, discarded on publishing


def test_the_reply_form_comes_back_with_the_draft_and_publishing_discards_it(client, member, topic):
    client.force_login(member)
    save(client, f"reply:{topic.pk}", "Je suis **partante**.")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Je suis **partante**.</textarea>" in html
    assert "Brouillon enregistré le" in html and "Jeter le brouillon" in html
    response = client.post(
        reverse("communaute:topic_reply", args=[topic.pk]), {"body": "Je suis **partante**."}
    )
    assert response.status_code == 302
    assert not Draft.objects.exists()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Brouillon enregistré le" not in html


def test_a_refused_reply_keeps_its_draft(client, member, topic):
    client.force_login(member)
    save(client, f"reply:{topic.pk}", "Gardé")
    response = client.post(reverse("communaute:topic_reply", args=[topic.pk]), {"body": ""})
    assert response.status_code == 400
    assert Draft.objects.filter(member=member).exists()


def test_a_quote_comes_after_the_draft(client, member, topic):
    client.force_login(member)
    save(client, f"reply:{topic.pk}", "Mon début")
    first = topic.posts.get()
    html = client.get(f"{topic.get_absolute_url()}?citer={first.pk}").content.decode()
    assert "Mon début\n\n&gt; Qui ?" in html


def test_the_new_topic_form_comes_back_with_its_draft_and_publishing_discards_it(
    client, member, space
):
    client.force_login(member)
    save(client, f"topic:{space.pk}", "Une idée de tournée")
    url = reverse("communaute:topic_create", args=[space.slug])
    assert "Une idée de tournée</textarea>" in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Tournée", "body": "Une idée de tournée", "checked_similar": "on"}
    )
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_a_private_message_draft_comes_back_and_sending_discards_it(client, member, other_member):
    member.in_directory = True
    member.save(update_fields=["in_directory"])
    conversation, _message = start_conversation(other_member, [member], body="Bonjour")
    client.force_login(member)
    save(client, f"message:{conversation.pk}", "Je réponds demain")
    page = reverse("communaute:conversation", args=[conversation.pk])
    assert "Je réponds demain</textarea>" in client.get(page).content.decode()
    client.post(
        reverse("communaute:conversation_reply", args=[conversation.pk]),
        {"body": "Je réponds demain"},
    )
    assert not Draft.objects.exists()


def test_another_members_draft_is_never_shown(client, member, other_member, topic):
    save_draft(Viewer(other_member), f"reply:{topic.pk}", "Pas pour vous")
    client.force_login(member)
    assert "Pas pour vous" not in client.get(topic.get_absolute_url()).content.decode()


# Discarding on request


def test_discarding_asks_for_a_confirmation_without_javascript(client, member, topic):
    client.force_login(member)
    save(client, f"reply:{topic.pk}", "À jeter")
    back = topic.get_absolute_url()
    response = client.get(DISCARD, {"lieu": f"reply:{topic.pk}", "suivant": back})
    assert response.status_code == 200
    assert "Jeter ce brouillon ?" in response.content.decode()
    assert Draft.objects.exists()
    response = client.post(DISCARD, {"lieu": f"reply:{topic.pk}", "suivant": back})
    assert response["Location"] == back
    assert not Draft.objects.exists()


def test_discarding_never_sends_elsewhere(client, member, topic):
    client.force_login(member)
    save(client, f"reply:{topic.pk}", "À jeter")
    response = client.post(
        DISCARD, {"lieu": f"reply:{topic.pk}", "suivant": "https://ailleurs.example/"}
    )
    assert response["Location"] == DRAFTS


def test_the_composer_discards_with_javascript_in_one_request(client, member, topic):
    client.force_login(member)
    save(client, f"reply:{topic.pk}", "À jeter")
    response = client.post(DISCARD, {"lieu": f"reply:{topic.pk}"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"discarded": True}


# « Mes brouillons »


def test_my_drafts_lists_each_place_with_an_excerpt_and_links(client, member, topic, space):
    client.force_login(member)
    assert "Aucun brouillon pour le moment" in client.get(DRAFTS).content.decode()
    save(client, f"reply:{topic.pk}", "Ma réponse " + "longue " * 60)
    save(client, f"topic:{space.pk}", "Mon sujet")
    html = client.get(DRAFTS).content.decode()
    assert 'Réponse dans un sujet — <span lang="fr">Un camion ?</span>' in html
    assert 'Nouveau sujet — <span lang="fr">Diffusion</span>' in html
    assert topic.get_absolute_url() + "#reply-heading" in html
    assert "longue …" in html and "Mon sujet" in html
    assert f"?lieu=reply%3A{topic.pk}" in html


def test_my_drafts_says_when_a_place_is_closed_and_still_lets_throw_away(client, member, topic):
    client.force_login(member)
    save(client, f"reply:{topic.pk}", "Trop tard")
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    html = client.get(DRAFTS).content.decode()
    assert "Vous ne pouvez plus écrire à cet endroit." in html
    assert topic.get_absolute_url() + "#reply-heading" not in html
    assert "Jeter" in html


def test_my_drafts_are_mine_only_and_for_signed_in_members(client, member, other_member, topic):
    save_draft(Viewer(other_member), f"reply:{topic.pk}", "Secret")
    assert client.get(DRAFTS).status_code == 302
    client.force_login(member)
    assert "Secret" not in client.get(DRAFTS).content.decode()


def test_my_drafts_is_in_the_account_menu(client, member):
    client.force_login(member)
    assert 'href="/communaute/brouillons/"' in client.get(DRAFTS).content.decode()


def test_my_drafts_reads_a_bounded_number_of_queries(client, member, django_assert_max_num_queries):
    client.force_login(member)
    member.in_directory = True
    member.save(update_fields=["in_directory"])

    def add_drafts(count):
        viewer = Viewer(member)
        for number in range(count):
            space = make_space(f"Espace {Space.objects.count()}", Space.Visibility.PUBLIC)
            topic, _post = create_topic(space, author=member, title=f"S{number}", body="?")
            save_draft(viewer, f"reply:{topic.pk}", f"Réponse {number}")
            save_draft(viewer, f"topic:{space.pk}", f"Sujet {number}")
            conversation, _message = start_conversation(MemberFactory(), [member], body="Salut")
            save_draft(viewer, f"message:{conversation.pk}", f"Message {number}")

    add_drafts(1)
    client.get(DRAFTS)  # the member's facts and counters reach the cache
    with django_assert_max_num_queries(20) as small:
        assert client.get(DRAFTS).status_code == 200
    limit = len(small.captured_queries)  # read now: each request empties the queries' log
    add_drafts(6)
    client.get(DRAFTS)  # the new messages changed the header's numbers: counted again once
    with django_assert_max_num_queries(limit):
        assert client.get(DRAFTS).status_code == 200
    assert client.get(DRAFTS).content.decode().count("Continuer") == 20  # one page


def test_the_topic_page_reads_the_draft_in_one_query(
    client, member, topic, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as without:
        client.get(topic.get_absolute_url())
    save(client, f"reply:{topic.pk}", "Brouillon")
    with CaptureQueriesContext(connection) as with_draft:
        client.get(topic.get_absolute_url())
    assert len(with_draft.captured_queries) == len(without.captured_queries)
    assert sum("communaute_draft" in q["sql"] for q in with_draft.captured_queries) == 1


# Personal data


def test_drafts_are_in_the_personal_data_export(member, topic):
    from communaute.hooks.privacy import collect

    save_draft(Viewer(member), f"reply:{topic.pk}", "À exporter")
    data, _files = collect(member)
    (draft,) = data["brouillons"]
    assert draft["body"] == "À exporter" and draft["place"] == f"reply:{topic.pk}"


# The preview


def test_the_preview_renders_through_the_posts_sanitizer(client, member, other_member):
    client.force_login(member)
    response = client.post(
        PREVIEW,
        {
            "body": f"**gras** <script>alert(1)</script> @{other_member.handle}",
            "mentions": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>gras</strong>" in html
    assert "<script" not in html
    assert f'<a class="mention" href="{other_member.get_absolute_url()}">' in html
    # Private messages and requests link nobody.
    html = client.post(PREVIEW, {"body": f"@{other_member.handle}"}).content.decode()
    assert 'class="mention"' not in html


def test_the_preview_refuses_a_too_long_text_with_a_clear_message(client, member):
    client.force_login(member)
    response = client.post(PREVIEW, {"body": "a" * 20_001})
    assert response.status_code == 400
    assert "Le texte dépasse 20000 caractères" in response.content.decode()
    assert client.post(PREVIEW, {"body": "a\x00b"}).status_code == 200


def test_the_preview_is_for_signed_in_members_and_csrf_protected(member):
    from django.test import Client

    assert Client().post(PREVIEW, {"body": "x"}).status_code == 302
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403
    assert client.get(PREVIEW).status_code == 405


def test_the_composer_is_offered_with_its_toolbar_hidden_until_javascript(client, member, topic):
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'class="composer__bar" hidden' in html
    assert 'data-draft-place="reply:' in html
    assert 'data-action="bold">Gras</button>' in html
    assert 'data-action="mention"' in html
    assert "js/composer.js" in html


def test_the_composer_speaks_the_language_of_the_page(member, other_member, topic):
    # Its words come from Python, kept per language: French, English, then French again (a
    # visit in English keeps that language for the member, hence another member).
    address = topic.get_absolute_url()  # read before a request leaves English active
    for reader, prefix in ((member, ""), (member, "/en"), (other_member, "")):
        save_draft(Viewer(reader), f"reply:{topic.pk}", "Un brouillon")
        client = Client()
        client.force_login(reader)
        html = client.get(f"{prefix}{address}").content.decode()
        if prefix:
            assert 'data-action="bold">Bold</button>' in html
            assert 'role="toolbar" aria-label="Formatting"' in html
            assert ">Draft saved on " in html
            assert ">Throw the draft away</a>" in html
            assert 'data-preview-url="/en/communaute/apercu/"' in html
        else:
            assert 'data-action="bold">Gras</button>' in html
            assert ">Brouillon enregistré le " in html
            assert 'data-preview-url="/communaute/apercu/"' in html
