"""The posts' shared HTML kept in the cache (communaute/fragments.py): never stale, never
another reader's. Every test here runs with the cache on and reads the page through HTTP, as
members and visitors do, after writes made through the services as the site makes them (their
on-commit bumps run)."""

import re

import pytest

from communaute import fragments
from communaute.models import Reaction
from communaute.services.forum import create_topic, edit_post, reply, toggle_reaction
from communaute.services.members import update_profile
from communaute.services.moderation import hide_post, restore_post
from tests.communaute.moderation_helpers import make_animator, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def thread(member, other_member, committing):
    space = make_space("Diffusion et tournées")
    topic, opening = committing(
        create_topic, space, author=member, title="Partager un camion", body="Qui ?"
    )
    answer = committing(reply, topic, author=other_member, body="Moi, en avril.")
    return topic, opening, answer


def page(client, topic, reader=None, *, path=None):
    """The topic page as this reader gets it past the page cache (a parameter no page knows
    keeps visitors off it): only the fragments may come from the cache."""
    if reader is None:
        client.logout()
    else:
        client.force_login(reader)
    response = client.get(path or topic.get_absolute_url(), {"banc": "1"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_second_reading_takes_the_posts_from_the_cache(client, thread, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic, _opening, _answer = thread

    def shared_reads(queries):
        """The reads of what every reader sees: attachments, links, reaction counts."""
        return [
            q["sql"]
            for q in queries
            if 'FROM "communaute_attachment"' in q["sql"]
            or 'FROM "communaute_postlink"' in q["sql"]
            or ('FROM "communaute_reaction"' in q["sql"] and "COUNT(" in q["sql"])
        ]

    with CaptureQueriesContext(connection) as first:
        html = page(client, topic, member)
    with CaptureQueriesContext(connection) as second:
        again = page(client, topic, member)
    # Attachments, links and reaction counts are asked once; the member's own reactions, each time.
    assert len(shared_reads(first)) == 3
    assert shared_reads(second) == []
    assert again.count('class="post"') == html.count('class="post"') == 2
    assert "Moi, en avril." in again


def test_an_edited_post_shows_its_new_text_at_once(
    client, thread, member, other_member, committing
):
    topic, _opening, answer = thread
    assert "Moi, en avril." in page(client, topic, member)
    committing(edit_post, answer, editor=other_member, body="Moi, en mai plutôt.")
    html = page(client, topic, member)
    assert "Moi, en mai plutôt." in html and "Moi, en avril." not in html
    assert "modifié" in page(client, topic)


def test_a_reaction_shows_in_the_counts_of_everyone_and_as_pressed_only_for_its_author(
    client, thread, member, other_member, committing
):
    topic, opening, _answer = thread
    page(client, topic, member)
    page(client, topic)
    committing(toggle_reaction, opening, member=other_member, kind=Reaction.Kind.THANKS)
    pressed = f'value="{opening.pk}:merci" class="reaction--mine" aria-pressed="true">Merci'
    mine = page(client, topic, other_member)
    assert pressed + ' <span class="count">1</span>' in mine
    theirs = page(client, topic, member)
    assert (
        f'value="{opening.pk}:merci" aria-pressed="false">Merci <span class="count">1</span>'
        in (theirs)
    )
    assert "reaction--mine" not in theirs
    assert '<span class="reaction">Merci <span class="count">1</span></span>' in page(client, topic)


def test_a_hidden_post_leaves_the_page_of_members_and_shows_marked_to_moderators_only(
    client, thread, member, committing
):
    topic, _opening, answer = thread
    moderator = make_animator(topic.space)
    for reader in (member, moderator, None):
        assert "Moi, en avril." in page(client, topic, reader)
    committing(hide_post, answer, actor=moderator, reason="Hors sujet.")
    for reader in (member, None):
        html = page(client, topic, reader)
        assert "Moi, en avril." not in html and "Masqué par l'équipe" not in html
    html = page(client, topic, moderator)
    assert "Moi, en avril." in html and "Masqué par l'équipe d'animation" in html
    # The moderator's marks and links never reach the others' page through the cache.
    assert "Masqué par l'équipe" not in page(client, topic, member)
    assert "/retablir/" not in page(client, topic, member)
    committing(restore_post, answer, actor=moderator, reason="Erreur.")
    html = page(client, topic, member)
    assert "Moi, en avril." in html and "Masqué par l'équipe" not in html


def test_a_renamed_author_shows_under_the_new_name_on_every_post(
    client, thread, member, other_member, committing
):
    topic, _opening, _answer = thread
    assert "Nadia Chartrand" in page(client, topic, member)
    committing(
        update_profile, other_member, actor=other_member, changes={"display_name": "Nadia C."}
    )
    html = page(client, topic, member)
    assert "Nadia C.</a>" in html and "Nadia Chartrand" not in html


def test_each_language_keeps_its_own_posts(client, thread, member):
    topic, _opening, answer = thread
    path = topic.get_absolute_url()
    french = page(client, topic, member, path=path)
    english = page(client, topic, member, path="/en" + path)
    assert 'aria-label="Réactions"' in french and 'aria-label="Reactions"' in english
    assert f'href="/en/communaute/messages/{answer.pk}/"' in english
    french = page(client, topic, member, path=path)
    assert f'href="/communaute/messages/{answer.pk}/"' in french
    assert f'href="/en/communaute/messages/{answer.pk}/"' not in french


def test_what_differs_per_reader_is_never_shared(client, thread, member, other_member):
    topic, opening, answer = thread
    author_view = page(client, topic, member)
    # Their own post: edit links, no « écrire » link to themselves; the other's: both reversed.
    assert f"/communaute/messages/{opening.pk}/modifier/" in author_view
    assert f"/communaute/messages/{answer.pk}/modifier/" not in author_view
    other_view = page(client, topic, other_member)
    assert f"/communaute/messages/{answer.pk}/modifier/" in other_view
    assert f"/communaute/messages/{opening.pk}/modifier/" not in other_view
    visitor_view = page(client, topic)
    assert "modifier/" not in visitor_view and "Écrire en privé" not in visitor_view
    assert 'name="reaction"' not in visitor_view


def test_without_the_page_cache_nothing_is_kept(client, thread, member, settings):
    settings.PAGE_CACHE = False
    topic, _opening, answer = thread
    page(client, topic, member)
    from django.core.cache import cache

    assert cache.get(fragments.cache_key("fr", answer)) is None


def test_an_answer_names_the_post_it_answers_from_the_cache_and_without_it(
    client, thread, member, other_member, committing
):
    """What a post answers comes with its text, only for the posts whose HTML is rendered."""
    topic, _opening, answer = thread
    committing(reply, topic, author=member, body="Parfait, je réserve.", reply_to=answer)
    other_member.refresh_from_db()
    expected = (
        f'En réponse à {other_member.public_name} — <a href="/communaute/messages/{answer.pk}/">'
    )
    assert expected in page(client, topic)  # rendered
    assert expected in page(client, topic, member)  # from the cache
    assert page(client, topic).count("En réponse à") == 1


def test_a_new_reply_shows_at_once_on_a_page_kept_for_every_reader(
    client, thread, member, other_member, committing
):
    topic, _opening, _answer = thread
    for reader in (member, None):
        assert "Et moi en juin." not in page(client, topic, reader)
    committing(reply, topic, author=other_member, body="Et moi en juin.")
    for reader in (member, None):
        assert page(client, topic, reader).count('class="post"') == 3
    assert "Et moi en juin." in page(client, topic)


def test_a_kept_page_holds_the_rendered_posts_not_what_rendered_them(
    client, thread, member, other_member, committing
):
    """Every reader past the page cache reads the kept page: it carries each post's shared
    HTML, not its text, its link cards nor a copy of the topic (set again on each read), and
    the page drawn from it is the one drawn when it was built."""
    from django.core.cache import cache

    topic, _opening, answer = thread
    committing(reply, topic, author=member, body="Parfait, je réserve.", reply_to=answer)
    built = page(client, topic, other_member)
    _generation, (posts, _tags) = cache.get(fragments.topic_page_key(topic.pk, 1))
    assert [post.shared["content"] for post in posts][-1].count("Parfait, je réserve.") == 1
    for post in posts:
        assert "body_html" not in post.__dict__
        assert "previews" not in post.__dict__
        assert not {"topic", "reply_to"} & set(post._state.fields_cache)
    assert len(articles(built)) == 3
    assert articles(page(client, topic, other_member)) == articles(built)
    assert "Parfait, je réserve." in page(client, topic)


def articles(html):
    """The posts of a page as drawn, without the tokens that differ on each request."""
    return re.findall(r"<article .*?</article>", html, re.DOTALL)


def test_a_kept_page_keeps_of_each_author_what_readers_ask(client, thread, member, other_member):
    """Their name and face are in the shared HTML; each reader's part asks only whether they
    can be written to (their handle, whether they are active): the rest is left out."""
    from django.core.cache import cache

    topic, _opening, _answer = thread
    first = page(client, topic, member)
    _generation, (posts, _tags) = cache.get(fragments.topic_page_key(topic.pk, 1))
    for post in posts:
        assert post.author.get_deferred_fields() == {
            field.attname
            for field in type(post.author)._meta.concrete_fields
            if field.attname not in fragments.AUTHOR_FIELDS
        }
    assert f'?avec={other_member.handle}"' in articles(first)[1]
    assert articles(page(client, topic, member)) == articles(first)
    assert other_member.public_name in articles(first)[1]
