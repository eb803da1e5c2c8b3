"""Private conversations on the live stream (uvicorn): only present participants hear of a
message, and what they hear is an id, never its text."""

import pytest

from communaute.services.messaging import leave_conversation, send_message, start_conversation
from tests.communaute.factories import MemberFactory
from tests.conftest import session_cookies

pytestmark = pytest.mark.django_db(transaction=True)


def cookies_of(client, member):
    client.force_login(member)
    return session_cookies(client)


def test_a_participant_hears_of_a_new_message_by_its_id(asgi_live_server, client):
    julie = MemberFactory(display_name="Julie Tremblay", in_directory=True)
    marc = MemberFactory(display_name="Marc-André Leblanc", in_directory=True)
    conversation, _message = start_conversation(julie, [marc], body="Bonjour")
    channel = f"conversation:{conversation.pk}"
    path = f"/direct/flux/?canaux={channel}"
    with asgi_live_server.stream(path, cookies_of(client, marc)) as stream:
        assert stream.next_event()["data"] == {"channels": [f"user:{marc.pk}", channel]}
        message = send_message(conversation, author=julie, body="Un secret bien gardé")
        events = [stream.next_event(), stream.next_event()]
    assert {
        "event": "message",
        "data": {"channel": channel, "event": "message", "data": {"id": message.pk}},
    } in events
    assert any(event["event"] == "counters" for event in events)
    assert "secret" not in repr(events)


@pytest.mark.parametrize("who", ["other member", "moderator", "former participant"])
def test_nobody_else_may_listen_to_a_conversation(asgi_live_server, client, who):
    julie = MemberFactory(display_name="Julie Tremblay", in_directory=True)
    marc = MemberFactory(display_name="Marc-André Leblanc", in_directory=True)
    conversation, _message = start_conversation(julie, [marc], body="Bonjour")
    if who == "former participant":
        person = marc
        leave_conversation(conversation, member=marc)
    elif who == "moderator":
        person = MemberFactory(roles=["Animation"], two_factor=False)
    else:
        person = MemberFactory()
    path = f"/direct/flux/?canaux=conversation:{conversation.pk}"
    with asgi_live_server.stream(path, cookies_of(client, person)) as stream:
        assert stream.next_event()["data"] == {"channels": [f"user:{person.pk}"]}
