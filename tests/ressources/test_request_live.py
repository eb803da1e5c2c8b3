"""The request's live channel through the real stream (uvicorn): its two sides receive a poke
with the entry's id when a message is written; anyone else is not subscribed."""

import pytest
from django.test import Client

from ressources.services.access import create_access_request, post_request_message
from tests.conftest import session_cookies
from tests.ressources.factories import make_organization, make_representative, make_service

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def cookies_of(member):
    client = Client()
    client.force_login(member)
    return session_cookies(client)


def test_the_representatives_open_page_hears_of_the_members_answer(asgi_live_server, member):
    organization = make_organization("AAAPNB")
    representative = make_representative(organization, display_name="Julien Arsenault")
    stranger = make_representative(make_organization("Culture pour tous"))
    access_request = create_access_request(
        make_service(organization, representative),
        member=member,
        data={"on_behalf": "self", "message": "Une console."},
    )
    channel = f"request:{access_request.pk}"
    path = f"/direct/flux/?canaux={channel}"
    with (
        asgi_live_server.stream(path, cookies_of(representative)) as stream,
        asgi_live_server.stream(path, cookies_of(stranger)) as refused,
    ):
        stream.next()  # the retry delay
        assert stream.next_event()["data"]["channels"] == [f"user:{representative.pk}", channel]
        refused.next()
        assert refused.next_event()["data"]["channels"] == [f"user:{stranger.pk}"]
        event = post_request_message(member, access_request, body="La voici.")
        assert stream.next_event() == {
            "event": "message",
            "data": {"channel": channel, "event": "message", "data": {"id": event.pk}},
        }
