"""The live updates as deployed: nginx sends /direct/ to uvicorn (passerelles-asgi.service)
and every other page to gunicorn; an event published by another process (through Redis) reaches
a stream held through nginx at once, neither buffered nor compressed.

Skipped only when nginx is not installed; a throwaway redis-server carries the events.
"""

import shutil
import time

import pytest
import requests
from django.db import transaction

from passerelles.core.live import publish_counters
from tests.deploy.conftest import free_port, member_who_signs_in, requires_nginx, sign_in
from tests.redis_server import RedisServer

pytestmark = [
    requires_nginx,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is missing"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# An event is late when it takes longer than this through nginx.
PROMPT = 5.0


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(served, redis_server):
    return served([free_port()], live=True, LIVE_BROKER="redis", LIVE_REDIS_URL=redis_server.url)


def next_event(lines, name):
    """The data line of the next event called name, within PROMPT seconds."""
    deadline = time.monotonic() + PROMPT
    current = None
    for line in lines:
        assert time.monotonic() < deadline, f"no {name!r} event within {PROMPT} s"
        if line.startswith("event: "):
            current = line.removeprefix("event: ")
        elif line.startswith("data: ") and current == name:
            return line.removeprefix("data: ")
    raise AssertionError(f"the stream ended before a {name!r} event")


def test_a_stream_through_nginx_receives_another_process_s_event_at_once(site, settings):
    member = member_who_signs_in(display_name="Julie Arsenault")
    session = requests.Session()
    base = site["site_url"]
    assert sign_in(session, base, member.email, verify=str(site["cert"])).status_code == 302

    state = session.get(f"{base}/direct/etat/", verify=str(site["cert"]), timeout=30)
    assert state.status_code == 200
    assert state.json()["counters"]["notifications"] == 0

    with session.get(
        f"{base}/direct/flux/",
        verify=str(site["cert"]),
        headers={"Accept-Encoding": "gzip"},
        stream=True,
        timeout=PROMPT,
    ) as stream:
        assert stream.status_code == 200, stream.text[:500]
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        assert "Content-Encoding" not in stream.headers
        lines = stream.iter_lines(chunk_size=1, decode_unicode=True)
        assert f'"user:{member.pk}"' in next_event(lines, "ready")
        # This process writes as gunicorn would: through Redis, to uvicorn, through nginx.
        settings.LIVE_REDIS_URL = site["environment"]["LIVE_REDIS_URL"]
        with transaction.atomic():
            publish_counters(member.pk)
        assert f'"user:{member.pk}"' in next_event(lines, "counters")


def test_without_the_asgi_service_gunicorn_answers_the_stream_so_that_pages_poll(site):
    """Sent straight to gunicorn (LIVE_SERVERS left to APP_SERVERS), the stream says 204."""
    member = member_who_signs_in()
    session = requests.Session()
    gunicorn = f"http://127.0.0.1:{site['app_ports'][0]}"
    assert sign_in(session, site["site_url"], member.email, verify=str(site["cert"])).ok
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)
    answer = requests.get(
        f"{gunicorn}/direct/flux/",
        headers={"X-Forwarded-Proto": "https", "Cookie": cookies},
        timeout=30,
    )
    assert answer.status_code == 204
