"""What a member has of a topic page, read in one query (communaute/selectors/reading.py),
shown where each piece used to ask for itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communaute.models import Space
from communaute.permissions.viewer import Viewer
from communaute.selectors.forum import mark_read
from communaute.services.bookmarks import set_aside
from communaute.services.drafts import save_draft
from communaute.services.following import follow_topic
from communaute.services.forum import create_topic, reply, toggle_reaction
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

MEMBERS_TABLES = (
    "communaute_readstate",
    "communaute_topicsubscription",
    "communaute_reaction",
    "communaute_bookmark",
    "communaute_draft",
)


@pytest.fixture
def topic():
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, _first = create_topic(space, author=MemberFactory(), title="Camion", body="Qui ?")
    return topic


def test_the_page_shows_what_the_member_has_of_it_from_one_query(client, member, topic):
    second = reply(topic, author=MemberFactory(), body="Moi, en mars.")
    mark_read(member, topic, 1)
    follow_topic(member, topic)
    toggle_reaction(second, member=member, kind="merci")
    set_aside(member, kind="post", object_id=second.pk, on=True)
    save_draft(Viewer.of(member), f"reply:{topic.pk}", "Je réponds bientôt")
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(topic.get_absolute_url()).content.decode()
    asking = [
        q["sql"]
        for q in queries.captured_queries
        if "member_id" in q["sql"] and any(table in q["sql"] for table in MEMBERS_TABLES)
    ]
    # The one read, then the page counted read (its update).
    assert len([sql for sql in asking if not sql.startswith("UPDATE")]) == 1, asking
    assert "#message-2" in html  # the first post not read on arrival
    assert "Vous suivez ce sujet" in html
    assert f'value="{second.pk}:merci" class="reaction--mine" aria-pressed="true"' in html
    assert f'value="{second.pk}:0" class="bookmark--mine" aria-pressed="true"' in html
    assert "Je réponds bientôt</textarea>" in html


def test_a_member_without_anything_on_the_page_sees_it_blank(client, member, topic):
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Vous ne suivez pas ce sujet." in html
    assert 'class="reaction--mine"' not in html and 'class="bookmark--mine"' not in html
    assert "Brouillon enregistré le" not in html
