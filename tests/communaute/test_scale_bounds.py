"""Pages whose cost must not grow with the forum (issue #16): search, long topics, unread counts.

Timing belongs to the benchmark; these tests pin the shapes that keep the cost bounded (one
bounded matching run, a LIMIT, counts from stored counters) and what the pages then say."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communaute.models import Space, SpaceMembership
from communaute.selectors import search as search_selectors
from communaute.selectors.forum import mark_read, posts_page, spaces_for_home
from communaute.services.forum import create_topic, reply
from communaute.services.moderation import hide_post
from tests.communaute.factories import MemberFactory
from tests.communaute.moderation_helpers import make_animator
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space("Diffusion", Space.Visibility.PUBLIC)


def post_about(space, author, count, word="marionnettes"):
    for number in range(count):
        create_topic(space, author=author, title=f"Sujet {number}", body=f"Des {word} n°{number}")


# Search


def test_a_search_past_its_bound_says_more_than_and_keeps_the_newest(
    client, space, member, monkeypatch
):
    monkeypatch.setattr(search_selectors, "CANDIDATES", 3)
    post_about(space, member, 5)
    html = client.get("/recherche/", {"q": "marionnette"}).content.decode()
    assert "Plus de 3 résultats pour « marionnette »" in html
    assert "(plus de 3)" in html
    page = client.get("/recherche/", {"q": "marionnette", "type": "conversations"})
    html = page.content.decode()
    assert "Plus de 3 résultats" in html
    assert all(f"n°{number}" in html for number in (2, 3, 4))
    assert "n°0" not in html and "n°1" not in html


def test_a_search_under_its_bound_gives_the_exact_count(client, space, member, monkeypatch):
    monkeypatch.setattr(search_selectors, "CANDIDATES", 3)
    post_about(space, member, 3)
    html = client.get("/recherche/", {"q": "marionnette"}).content.decode()
    assert "3 résultats pour « marionnette »" in html
    assert "Plus de" not in html and "plus de" not in html


def test_a_search_matches_once_with_a_limit_and_never_counts_every_match(client, space, member):
    post_about(space, member, 3)
    with CaptureQueriesContext(connection) as queries:
        client.get("/recherche/", {"q": "marionnette", "type": "conversations"})
    posts = [q["sql"] for q in queries if 'FROM "communaute_post"' in q["sql"]]
    matching = [sql for sql in posts if "@@" in sql and "LIMIT" in sql]
    assert len(matching) == 2, posts  # the bounded matching run, then ranking its ids
    assert f"LIMIT {search_selectors.CANDIDATES + 1}" in matching[0]
    assert not [sql for sql in posts if "COUNT(" in sql]


def test_the_search_page_costs_the_same_queries_for_3_and_30_matches(
    client, space, member, django_assert_max_num_queries
):
    client.force_login(member)
    post_about(space, member, 3)
    client.get("/recherche/", {"q": "marionnette"})  # warms the site's settings and menus
    with CaptureQueriesContext(connection) as few:
        client.get("/recherche/", {"q": "marionnette"})
    post_about(space, member, 27, word="marionnette")
    with django_assert_max_num_queries(len(few)):
        html = client.get("/recherche/", {"q": "marionnette"}).content.decode()
    assert "30 résultats" in html


def test_a_bounded_search_still_hides_what_a_visitor_may_not_see(client, member, other_member):
    public = make_space("Diffusion", Space.Visibility.PUBLIC)
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    animator = make_animator(public)
    SpaceMembership.objects.create(space=private, member=member)
    create_topic(private, author=member, title="Secret", body="Des marionnettes cachées")
    _topic, hidden = create_topic(public, author=member, title="Masqué", body="Des marionnettes")
    hide_post(hidden, actor=animator, reason="Hors sujet")
    create_topic(public, author=member, title="Visible", body="Des marionnettes visibles")
    html = client.get("/recherche/", {"q": "marionnettes"}).content.decode()
    assert "1 résultat pour" in html and "Visible" in html
    assert "Secret" not in html and "Masqué" not in html


# The first page of a very long topic


def test_a_page_of_posts_asks_for_one_page_at_most(space, member):
    topic, _post = create_topic(space, author=member, title="Long", body="Premier")
    for number in range(3):
        reply(topic, author=member, body=f"Réponse {number}")
    with CaptureQueriesContext(connection) as queries:
        posts = posts_page(topic, 1)
    assert [post.position for post in posts] == [1, 2, 3, 4]
    assert "LIMIT 20" in queries[0]["sql"]


def test_the_site_does_not_compile_its_short_queries_with_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


# A member's unread counts


def test_unread_counts_come_from_the_space_counter_less_the_topics_read_to_the_end(
    space, member, other_member
):
    animator = make_animator(space)
    SpaceMembership.objects.create(space=space, member=member)
    read, post = create_topic(space, author=other_member, title="Lu", body="?")
    mark_read(member, read, post.position)
    partly, post = create_topic(space, author=other_member, title="En partie", body="?")
    mark_read(member, partly, post.position)
    reply(partly, author=other_member, body="Du nouveau")
    create_topic(space, author=other_member, title="Jamais lu", body="?")
    _hidden, opening = create_topic(space, author=other_member, title="Masqué", body="?")
    hide_post(opening, actor=animator, reason="Hors sujet")
    spaces = spaces_for_home(member, mine=True)
    assert "topic_count" in str(spaces.query)
    assert [(item.name, item.unread_topics) for item in spaces] == [("Diffusion", 2)]
    member_two = MemberFactory()
    assert [item.unread_topics for item in spaces_for_home(member_two)] == [3]
