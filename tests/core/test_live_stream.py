"""The live-updates stream and state (passerelles/core/live/views.py), served by uvicorn."""

import pytest
from django.db import transaction

from passerelles.core.live import publish, publish_counters
from tests.communaute.factories import MemberFactory
from tests.conftest import session_cookies

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member_cookies(client):
    member = MemberFactory(display_name="Sophie Gagnon")
    client.force_login(member)
    return member, session_cookies(client)


def test_a_member_s_stream_says_ready_then_receives_what_is_published(
    asgi_live_server, member_cookies
):
    member, cookies = member_cookies
    with asgi_live_server.stream("/direct/flux/", cookies) as stream:
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-cache"
        assert stream.headers["x-accel-buffering"] == "no"
        assert stream.next() == {"retry": 5000}
        assert stream.next_event() == {
            "event": "ready",
            "data": {"channels": [f"user:{member.pk}"]},
        }
        publish_counters(member.pk)
        assert stream.next_event() == {
            "event": "counters",
            "data": {"channel": f"user:{member.pk}", "event": "counters", "data": {}},
        }
        with transaction.atomic():
            publish(f"user:{member.pk}", "counters", {"n": 2})
        assert stream.next_event()["data"]["data"] == {"n": 2}
