"""Integrity of the forum under pressure: concurrent replies, long topics, hostile Markdown."""

import time

import pytest
from django.db import connection

from communaute.models import Post, Space, Topic
from communaute.services.forum import create_topic, reply
from passerelles.core.markdown import render_markdown
from tests.communaute.factories import MemberFactory
from tests.races import in_parallel

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">lien</a>',
    '<iframe src="https://exemple.test"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "**gras** <b onclick=alert(1)>clic</b>",
    "<<script>script>alert(1)<</script>/script>",
    "[ok](https://exemple.test/?q=<script>)",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_cannot_run_script(payload):
    html = render_markdown(payload).lower()
    for forbidden in (
        "<script",
        "javascript:",
        "onerror",
        "onload",
        "onclick",
        "<iframe",
        "<svg",
        "style=",
        "data:text",
    ):
        assert forbidden not in html, (payload, html)


def test_links_are_marked_as_user_content():
    html = render_markdown("[site](https://exemple.test)")
    assert 'rel="nofollow ugc noopener"' in html


@pytest.mark.django_db(transaction=True)
def test_simultaneous_replies_never_lose_a_post_and_keep_exact_counts():
    space = Space.objects.create(name="Charge", slug="charge")
    author = MemberFactory()
    topic, _post = create_topic(space, author=author, title="Course", body="Départ")
    repliers = [MemberFactory() for _ in range(12)]
    _results, errors = in_parallel(
        lambda member: reply(
            Topic.objects.get(pk=topic.pk), author=member, body=f"Réponse de {member.pk}"
        ),
        repliers,
    )
    assert errors == []
    topic.refresh_from_db()
    space.refresh_from_db()
    positions = list(Post.objects.filter(topic=topic).values_list("position", flat=True))
    assert sorted(positions) == list(range(1, 14))
    assert topic.post_count == 13 and space.post_count == 13


@pytest.mark.django_db
def test_the_last_page_of_a_5000_post_topic_costs_what_the_first_does(
    client, django_assert_max_num_queries
):
    space = Space.objects.create(name="Longue", slug="longue")
    author = MemberFactory()
    topic, _post = create_topic(space, author=author, title="Fil", body="1")
    Post.objects.bulk_create(
        Post(
            topic=topic,
            position=position,
            author=author,
            body=str(position),
            body_html=f"<p>{position}</p>",
        )
        for position in range(2, 5001)
    )
    Topic.objects.filter(pk=topic.pk).update(next_position=5001, post_count=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE communaute_post")
    timings = {}
    for page in (1, 250):
        started = time.perf_counter()
        with django_assert_max_num_queries(26):
            response = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/", {"page": page})
        timings[page] = time.perf_counter() - started
        assert f"Page {page} sur 250" in response.content.decode()
    # Same plan (position range on the unique index): the last page is not slower by an order.
    assert timings[250] < max(timings[1] * 5, 0.5)
