"""Pages whose cost must not grow with the forum (issue #16): search, long topics, unread counts.

Timing belongs to the benchmark; these tests pin the shapes that keep the cost bounded (one
bounded matching run, a LIMIT, counts from stored counters) and what the pages then say."""

import itertools
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communaute.models import Space, SpaceMembership
from communaute.selectors import forum as forum_selectors
from communaute.selectors import search as search_selectors
from communaute.selectors.forum import mark_read, posts_page, spaces_for_home
from communaute.services.forum import create_topic, reply
from communaute.services.moderation import hide_post, set_topic_pinned
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


def test_a_rare_word_is_found_past_the_newest_posts_window(client, space, member, monkeypatch):
    # Two older matches and a newer one, with plain posts in between: the newest range finds
    # one, the older ranges the other two, newest first, and the bound still holds.
    monkeypatch.setattr(search_selectors, "CANDIDATES", 2)
    monkeypatch.setattr(search_selectors, "WINDOW", 2)
    post_about(space, member, 2)
    post_about(space, member, 3, word="costumes")
    post_about(space, member, 1)
    html = client.get("/recherche/", {"q": "marionnette", "type": "conversations"}).content
    html = html.decode()
    assert "Plus de 2 résultats" in html
    assert "n°0" in html and "n°1" in html


def test_a_bounded_search_hides_what_a_visitor_may_not_see_in_older_ranges_too(
    client, member, monkeypatch
):
    # Each range filters on its own: a private or hidden match in an older range stays out,
    # and does not take the place of a visible one.
    monkeypatch.setattr(search_selectors, "CANDIDATES", 2)
    monkeypatch.setattr(search_selectors, "WINDOW", 1)
    public = make_space("Diffusion", Space.Visibility.PUBLIC)
    private = make_space("Cercle", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=private, member=member)
    create_topic(public, author=member, title="Ancien", body="Des marionnettes anciennes")
    create_topic(private, author=member, title="Secret", body="Des marionnettes cachées")
    _topic, hidden = create_topic(public, author=member, title="Masqué", body="Des marionnettes")
    hide_post(hidden, actor=make_animator(public), reason="Hors sujet")
    post_about(public, member, 3, word="costumes")
    create_topic(public, author=member, title="Récent", body="Des marionnettes récentes")
    html = client.get("/recherche/", {"q": "marionnettes", "type": "conversations"}).content
    html = html.decode()
    assert "2 résultats" in html and "Plus de" not in html
    assert "Ancien" in html and "Récent" in html
    assert "Secret" not in html and "Masqué" not in html


def test_the_ranges_cover_every_post_newest_first_and_grow_geometrically(monkeypatch):
    monkeypatch.setattr(search_selectors, "WINDOW", 100)
    assert search_selectors.id_ranges(50) == [(None, None)]
    assert search_selectors.id_ranges(1_000) == [(900, None), (600, 900), (None, 600)]
    ranges = search_selectors.id_ranges(10_000_000)
    assert len(ranges) == 10  # a forum 100,000 times the first range: 10 ranges at most
    assert ranges[0][1] is None and ranges[-1][0] is None
    # Each range starts where the newer one stopped, GROWTH times larger.
    assert all(newer[0] == older[1] for newer, older in itertools.pairwise(ranges))
    sizes = [high - low for low, high in ranges[1:-1]]
    assert all(larger == 4 * smaller for smaller, larger in itertools.pairwise(sizes))


def test_a_word_found_nowhere_is_looked_for_in_two_queries_range_by_range(
    client, space, member, monkeypatch
):
    monkeypatch.setattr(search_selectors, "WINDOW", 2)
    post_about(space, member, 4)
    with CaptureQueriesContext(connection) as queries:
        client.get("/recherche/", {"q": "introuvable", "type": "conversations"})
    matching = [
        q["sql"] for q in queries if 'FROM "communaute_post"' in q["sql"] and "@@" in q["sql"]
    ]
    assert len(matching) == 2, matching
    # The newest range alone, then every older one in one statement, read until enough.
    assert '"communaute_post"."id" >' in matching[0] and "UNION" not in matching[0]
    assert "UNION ALL" in matching[1]


def test_a_word_found_in_the_newest_range_asks_no_older_one(client, space, member, monkeypatch):
    monkeypatch.setattr(search_selectors, "CANDIDATES", 2)
    monkeypatch.setattr(search_selectors, "WINDOW", 4)
    post_about(space, member, 4)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/recherche/", {"q": "marionnette", "type": "conversations"}).content
    matching = [q["sql"] for q in queries if "@@" in q["sql"] and "communaute_post" in q["sql"]]
    assert len(matching) == 1, matching
    assert "Plus de 2 résultats" in html.decode()


def matching_sql(client, query):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/recherche/", {"q": query, "type": "conversations"}).content.decode()
    matching = [
        q["sql"] for q in queries if 'FROM "communaute_post"' in q["sql"] and "@@" in q["sql"]
    ]
    assert len(matching) == 1, matching
    return matching[0], html


def test_the_index_is_asked_for_the_rare_words_and_the_rows_for_the_whole_query(
    client, space, member, monkeypatch
):
    # "marionnet" in every post, as "culture" in the bench: the index looks for "costum" only,
    # and each row found is checked for both words.
    monkeypatch.setattr(search_selectors, "common_words", lambda: frozenset({"marionnet"}))
    create_topic(space, author=member, title="Les deux", body="Des marionnettes en costumes")
    create_topic(space, author=member, title="Une seule", body="Des marionnettes")
    create_topic(space, author=member, title="L'autre", body="Des costumes")
    sql, html = matching_sql(client, "marionnettes costumes")
    assert """"search_vector" @@ ('''costum''')::tsquery""" in sql
    assert "ts_match_vq" in sql
    assert "1 résultat" in html and "Les deux" in html
    assert "Une seule" not in html and "autre" not in html


@pytest.mark.parametrize("query", ["marionnettes", "marionnettes or costumes", "costumes -son"])
def test_a_query_of_common_words_only_or_not_all_required_asks_the_index_for_all(
    client, space, member, monkeypatch, query
):
    monkeypatch.setattr(search_selectors, "common_words", lambda: frozenset({"marionnet"}))
    create_topic(space, author=member, title="Les deux", body="Des marionnettes en costumes")
    sql, _html = matching_sql(client, query)
    assert "ts_match_vq" not in sql


def test_common_words_come_from_the_statistics_on_the_posts(space, member, monkeypatch):
    monkeypatch.setattr(search_selectors, "_common_words", {"until": 0.0, "words": frozenset()})
    for number in range(30):
        create_topic(space, author=member, title=f"Sujet {number}", body="Des marionnettes")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE communaute_post")
    assert "marionnet" in search_selectors.common_words()
    assert "costum" not in search_selectors.common_words()


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
    matching = [sql for sql in posts if "@@" in sql]
    assert len(matching) == 1, posts  # the bounded matching run
    assert f"LIMIT {search_selectors.CANDIDATES + 1}" in matching[0]
    # Its ids are ranked without matching them again (the GIN index is not asked twice).
    assert [sql for sql in posts if "ts_rank" in sql and "LIMIT" in sql]
    assert not [sql for sql in posts if "COUNT(" in sql]


def test_the_search_page_costs_the_same_queries_for_3_and_30_matches(
    client, space, member, django_assert_max_num_queries
):
    client.force_login(member)
    post_about(space, member, 3)
    client.get("/recherche/", {"q": "marionnette"})  # warms the site's settings and menus
    with CaptureQueriesContext(connection) as context:
        client.get("/recherche/", {"q": "marionnette"})
    few = len(context)
    post_about(space, member, 27, word="marionnette")
    with django_assert_max_num_queries(few):
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
    assert [(item.name, item.unread_topics) for item in spaces] == [("Diffusion", 2)]
    member_two = MemberFactory()
    assert [item.unread_topics for item in spaces_for_home(member_two)] == [3]


# A space's topic list: keyset pages, the stored count


def page_links(html):
    links = {}
    for rel in ("prev", "next"):
        match = re.search(rf'<a href="([^"]*)" rel="{rel}"', html)
        links[rel] = unescape(match.group(1)) if match else None
    return links


def walk(client, url, rel, start=""):
    """Titles page by page, following the rel links from `start`."""
    pages, query = [], start
    while query is not None:
        html = client.get(url + query).content.decode()
        pages.append(re.findall(r"Sujet \d\d", html))
        query = page_links(html)[rel]
    return pages, html


def test_the_topic_list_goes_page_by_page_by_cursor_both_ways(client, space, member, monkeypatch):
    monkeypatch.setattr(forum_selectors, "TOPICS_PER_PAGE", 3)
    animator = make_animator(space)
    topics = [
        create_topic(space, author=member, title=f"Sujet {number:02}", body="?", tags=["danse"])[0]
        for number in range(10)
    ]
    set_topic_pinned(topics[2], actor=animator, pinned=True, reason="Important")
    reply(topics[5], author=member, body="Relancé")
    create_topic(space, author=member, title="Autre 99", body="?", tags=["cirque"])
    expected = ["Sujet 02", "Sujet 05", "Sujet 09", "Sujet 08", "Sujet 07", "Sujet 06"]
    expected += ["Sujet 04", "Sujet 03", "Sujet 01", "Sujet 00"]
    url = "/communaute/espaces/diffusion/"
    forward, last_page = walk(client, url, "next", "?etiquette=danse")
    assert [title for page in forward for title in page] == expected
    assert [len(page) for page in forward] == [3, 3, 3, 1]
    assert "Page 4" in last_page and "Autre 99" not in last_page
    back_to_start = page_links(last_page)["prev"]
    assert "avant=" in back_to_start and "etiquette=danse" in back_to_start
    backward, first_page = walk(client, url, "prev", back_to_start)
    assert backward == forward[-2::-1]
    assert "Page 1" in first_page
    # Without a filter, the stored count gives the number of pages.
    html = client.get(url).content.decode()
    assert "Page 1 sur 4" in html
    assert "apres=" in page_links(html)["next"]


@pytest.mark.parametrize(
    "query",
    [
        "?apres=n'importe quoi",
        "?apres=0.99999999999999999.1",
        "?avant=1.1.999999999999999999",
        "?apres=0.1%00.1",
        "?page=999999999999999999999",
        "?page=-3",
    ],
)
def test_a_broken_cursor_or_page_number_gives_a_page_not_an_error(client, space, member, query):
    create_topic(space, author=member, title="Sujet 01", body="?")
    response = client.get("/communaute/espaces/diffusion/" + query)
    # A NUL byte is refused before any view, as everywhere on the site.
    assert response.status_code == (400 if "%00" in query else 200)
    assert "Sujet 01" in response.content.decode() or "apres" in query or "avant" in query


def test_the_topic_list_neither_counts_its_topics_nor_skips_with_offset_past_a_few_pages(
    client, space, member, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(forum_selectors, "TOPICS_PER_PAGE", 2)
    client.force_login(member)
    for number in range(5):
        create_topic(space, author=member, title=f"Sujet {number:02}", body="?")
    url = "/communaute/espaces/diffusion/"
    client.get(url)  # warms the site's settings and menus
    second = page_links(client.get(url).content.decode())["next"]
    with django_assert_max_num_queries(30) as few:
        response = client.get(url + second)
    assert response.status_code == 200
    # Counted now: the connection's query log is bounded and the fill below rotates it.
    few = len(few.captured_queries)
    for number in range(5, 40):
        create_topic(space, author=member, title=f"Sujet {number:02}", body="?")
    second = page_links(client.get(url).content.decode())["next"]
    with django_assert_max_num_queries(few) as many:
        html = client.get(url + second).content.decode()
    assert "Page 2 sur 20" in html
    topic_queries = [q["sql"] for q in many.captured_queries if '"communaute_topic"' in q["sql"]]
    assert not [sql for sql in topic_queries if "COUNT(" in sql or "OFFSET" in sql]
