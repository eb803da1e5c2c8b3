"""Past one machine (issue #13, item 6): two app servers on two ports behind one nginx upstream,
sharing PostgreSQL, Redis (the cache: rate limits, cached fragments) and MEDIA_ROOT.

Sessions live in the database (Django's default engine), which both servers share. Each server
is asked directly (plain HTTP on loopback, as nginx would: X-Forwarded-Proto says the visitor
used HTTPS) and through nginx. Skipped only when nginx or Redis is missing.
"""

import re

import pytest
import requests

from communaute.models import Space, SpaceMembership
from communaute.services.forum import create_topic
from ressources.models import Organization
from tests.communaute.factories import activate_totp
from tests.communaute.test_forum import make_space
from tests.core.sample_files import minimal_pdf
from tests.deploy.conftest import free_port, member_who_signs_in, requires_nginx, sign_in

REDIS_URL = "redis://127.0.0.1:6379/9"  # a database of its own, flushed here


def redis_client():
    try:
        import redis
    except ImportError:
        return None
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        return None
    return client


REDIS = redis_client()
pytestmark = [
    requires_nginx,
    pytest.mark.skipif(REDIS is None, reason=f"Redis does not answer at {REDIS_URL}"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def servers(served):
    REDIS.flushdb()
    # Streamed by Django itself: server B reading the file server A wrote is what is shown.
    # What is shared is tested here: without each process's one-second copies of the page
    # cache (tests/core/test_page_cache.py), a write on A is seen on B's very next page.
    stack = served(
        [free_port(), free_port()],
        CACHE_URL=REDIS_URL,
        PRIVATE_MEDIA_ACCEL_REDIRECT="",
        PAGE_CACHE_LOCAL_SECONDS="0",
    )
    yield stack
    REDIS.flushdb()


@pytest.fixture(autouse=True)
def _empty_cache(servers):
    REDIS.flushdb()


class Server:
    """One app server asked directly, as nginx asks it."""

    def __init__(self, servers, index):
        self.url = f"http://127.0.0.1:{servers['app_ports'][index]}"
        self.site_url = servers["site_url"]
        self.headers = {"X-Forwarded-Proto": "https", "Origin": self.site_url}


class LoopbackBrowser(requests.Session):
    """Sends its Secure cookies to the app servers' plain loopback HTTP too: they stand behind
    nginx's TLS, as X-Forwarded-Proto tells them."""

    def request(self, method, url, **kwargs):
        if url.startswith("http://127.0.0.1:") and len(self.cookies):
            cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Cookie": cookies}
        return super().request(method, url, **kwargs)


def browser():
    return LoopbackBrowser()


def get(session, server, path, **kwargs):
    return session.get(
        f"{server.url}{path}",
        headers=server.headers,
        allow_redirects=False,
        timeout=30,
        **kwargs,
    )


def csrf_token(session):
    return next(cookie.value for cookie in session.cookies if cookie.name.endswith("csrftoken"))


def test_a_member_signed_in_on_one_server_is_signed_in_on_the_other(servers):
    member = member_who_signs_in(display_name="Sophie Gagnon")
    a, b = Server(servers, 0), Server(servers, 1)
    session = browser()

    signed_in = sign_in(session, a.url, member.email, headers=a.headers)
    assert signed_in.status_code == 302, signed_in.text[:2000]

    for server in (a, b):
        page = get(session, server, "/comptes/email/")
        assert page.status_code == 200
        assert member.email in page.text
    # And through nginx, whichever server answers.
    cookies = {cookie.name: cookie.value for cookie in session.cookies}
    for _ in range(2):
        page = requests.get(
            f"{servers['site_url']}/comptes/email/",
            cookies=cookies,
            verify=str(servers["cert"]),
            allow_redirects=False,
            timeout=30,
        )
        assert page.status_code == 200
        assert member.email in page.text
    # Signed out on B: A no longer knows the session either.
    signed_out = session.post(
        f"{b.url}/comptes/logout/",
        data={"csrfmiddlewaretoken": csrf_token(session)},
        headers=b.headers,
        allow_redirects=False,
        timeout=30,
    )
    assert signed_out.status_code == 302
    assert get(session, a, "/comptes/email/").status_code == 302


def test_the_sign_in_rate_limit_counts_attempts_on_both_servers(servers):
    member = member_who_signs_in(display_name="Hugo Dumas")
    a, b = Server(servers, 0), Server(servers, 1)

    # allauth allows 5 failed attempts per address in 5 minutes: 3 on A, 2 on B.
    for server in (a, a, a, b, b):
        failed = sign_in(
            browser(), server.url, member.email, password="faux", headers=server.headers
        )
        assert failed.status_code == 200
        assert "ne sont pas corrects" in failed.text or "incorrect" in failed.text.lower()

    # Each server alone has seen fewer than 5; together they have seen 5: even the right
    # password is refused now, on either server.
    for server in (a, b):
        refused = sign_in(browser(), server.url, member.email, headers=server.headers)
        assert refused.status_code in {200, 429}
        assert "Trop de tentatives" in refused.text or refused.status_code == 429
    assert any(b"allauth" in key or b"rl:" in key for key in REDIS.keys("*"))

    # Another address is not limited: the limit is the shared count, not a broken sign-in.
    other = member_who_signs_in(display_name="Nadia Chartrand")
    assert sign_in(browser(), b.url, other.email, headers=b.headers).status_code == 302


def test_a_file_uploaded_through_one_server_is_served_by_the_other(servers, settings):
    settings.MEDIA_ROOT = servers["media_root"]
    member = member_who_signs_in(display_name="Sophie Gagnon")
    space = make_space("Cercle privé", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=space, member=member)
    topic, _first = create_topic(space, author=member, title="Budget", body="Le budget joint")
    a, b = Server(servers, 0), Server(servers, 1)
    session = browser()
    assert sign_in(session, a.url, member.email, headers=a.headers).status_code == 302

    get(session, a, f"/communaute/sujets/{topic.pk}-{topic.slug}/")
    posted = session.post(
        f"{a.url}/communaute/sujets/{topic.pk}/repondre/",
        data={"body": "Le compte rendu", "csrfmiddlewaretoken": csrf_token(session)},
        files={"attachments": ("compte-rendu.pdf", minimal_pdf(), "application/pdf")},
        headers=a.headers,
        allow_redirects=False,
        timeout=30,
    )
    assert posted.status_code == 302, posted.text[:2000]
    attachment = topic.posts.get(position=2).attachments.get()

    served = get(session, b, f"/communaute/fichiers/{attachment.pk}/")
    assert served.status_code == 200
    assert served.content == minimal_pdf()
    # A stranger asking B gets nothing.
    assert get(browser(), b, f"/communaute/fichiers/{attachment.pk}/").status_code in {302, 404}


def footer_partners(text):
    return set(re.findall(r'href="/ressources/organisations/([^/"]+)/"', text))


def test_a_cached_fragment_cleared_by_a_write_on_one_server_is_fresh_on_the_other(servers):
    kept = Organization.objects.create(name="Culture Laurentides", slug="culture-laurentides")
    gone = Organization.objects.create(name="Théâtre du Nord", slug="theatre-du-nord")
    a, b = Server(servers, 0), Server(servers, 1)

    # B fills the cache (Redis) with the footer's partner list.
    assert {"culture-laurentides", "theatre-du-nord"} <= footer_partners(
        get(browser(), b, "/").text
    )
    assert REDIS.keys("*footer-partners*")

    # An administrator deletes one on A (allauth's sign-in with its second factor, then the
    # Django admin): A's signal clears the shared key.
    staff = member_who_signs_in(display_name="Équipe", is_staff=True, is_superuser=True)
    code = activate_totp(staff)
    session = browser()
    first_step = sign_in(session, a.url, staff.email, headers=a.headers)
    assert first_step.status_code == 302
    second_step = session.post(
        f"{a.url}{first_step.headers['Location']}",
        data={"code": code(), "csrfmiddlewaretoken": csrf_token(session)},
        headers=a.headers,
        allow_redirects=False,
        timeout=30,
    )
    assert second_step.status_code == 302, second_step.text[:2000]
    delete = f"/admin/ressources/organization/{gone.pk}/delete/"
    assert get(session, a, delete).status_code == 200
    deleted = session.post(
        f"{a.url}{delete}",
        data={"post": "yes", "csrfmiddlewaretoken": csrf_token(session)},
        headers=a.headers,
        allow_redirects=False,
        timeout=30,
    )
    assert deleted.status_code == 302, deleted.text[:2000]
    assert not Organization.objects.filter(pk=gone.pk).exists()

    # B's next page shows the list without it: the cache B reads is the one A cleared.
    partners = footer_partners(get(browser(), b, "/").text)
    assert "theatre-du-nord" not in partners
    assert kept.slug in partners
