"""With Redis gone, the site keeps serving; when it comes back, it is used again without a
restart (issue 13, item 8). passerelles/core/cache.py explains the behaviour tested here:
the cache, hence sessions and rate limits, moves to PostgreSQL for the outage."""

import time

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError

from communaute.models import Post, Space
from communaute.services.forum import create_topic
from passerelles.core.models import CacheFallbackEntry
from tests.communaute.factories import PASSWORD, MemberFactory
from tests.communaute.helpers import sign_in
from tests.communaute.test_forum import make_space
from tests.redis_server import RedisServer, closed_port

pytestmark = pytest.mark.django_db


def use_redis(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "passerelles.core.cache.ResilientRedisCache",
            "LOCATION": url,
            # Every call tries Redis again: a test sees the recovery at once, without waiting.
            "OPTIONS": {"RETRY_SECONDS": 0},
        }
    }
    settings.SESSION_ENGINE = "passerelles.core.sessions"


@pytest.fixture
def redis_server(settings):
    server = RedisServer()
    server.start()
    use_redis(settings, server.url)
    yield server
    server.stop()


@pytest.fixture
def dead_redis(settings):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0")


def fallback_keys():
    return list(CacheFallbackEntry.objects.values_list("cache_key", flat=True))


def test_with_redis_unreachable_pages_answer_quickly_and_the_cache_lives_in_the_database(
    client, dead_redis
):
    started = time.monotonic()
    for path in ["/", "/ressources/", "/communaute/", "/comptes/login/"]:
        assert client.get(path).status_code == 200, path
    assert time.monotonic() - started < 10
    health = client.get("/sante/")
    assert health.status_code == 200
    assert health.json()["cache"] == "database (redis unreachable)"
    cache.set("compteur", 41)
    assert cache.incr("compteur") == 42
    assert cache.add("compteur", 0) is False
    assert any(key.endswith(":compteur") for key in fallback_keys())
    assert cache.redis_available is False


def test_a_member_signs_in_and_stays_signed_in_while_redis_is_down(client, redis_server):
    member = MemberFactory()
    sign_in(client, member)
    assert client.get("/comptes/profil/").status_code == 200
    # The session is in Redis and in PostgreSQL (cached_db).
    assert redis_server.client().dbsize() > 0
    redis_server.stop()
    assert client.get("/comptes/profil/").status_code == 200
    client.post("/comptes/logout/")
    assert client.get("/comptes/profil/").status_code == 302
    other = MemberFactory()
    sign_in(client, other)
    assert client.session["_auth_user_id"] == str(other.pk)
    assert client.get("/comptes/profil/").status_code == 200


def test_failed_sign_ins_are_still_counted_while_redis_is_down(client, dead_redis):
    """allauth's limit (5 failures in 5 minutes per address) holds, counted in PostgreSQL."""
    member = MemberFactory()
    for _attempt in range(5):
        response = client.post("/comptes/login/", {"login": member.email, "password": "mauvais"})
        assert response.status_code == 200
    response = client.post("/comptes/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session
    assert any(":allauth:rl:allauth.account:login_failed:" in key for key in fallback_keys())
    # Another address is not held by these failures.
    other = MemberFactory()
    sign_in(client, other)


def test_members_post_while_redis_is_down_and_the_flood_limit_still_holds(client, dead_redis):
    """The forum's own limits are counted from posts in PostgreSQL: Redis plays no part."""
    space = make_space("Diffusion", Space.Visibility.PUBLIC)
    topic, _post = create_topic(space, author=MemberFactory(), title="Tournée", body="Qui ?")
    member = MemberFactory()
    member.date_joined = member.date_joined.replace(year=member.date_joined.year - 1)
    member.save(update_fields=["date_joined"])
    client.force_login(member)
    path = f"/communaute/sujets/{topic.pk}/repondre/"
    for number in range(3):
        assert client.post(path, {"body": f"Réponse {number}"}).status_code == 302
    assert client.post(path, {"body": "Une de trop"}).status_code == 400
    assert Post.objects.filter(author=member).count() == 3


def test_when_redis_comes_back_the_site_uses_it_again_without_a_restart(client, redis_server):
    cache.set("avant", 1)
    assert redis_server.client().dbsize() == 1
    redis_server.stop()
    assert client.get("/").status_code == 200
    cache.set("pendant", 2)
    assert cache.get("pendant") == 2
    assert cache.redis_available is False
    redis_server.start()
    assert client.get("/").status_code == 200
    assert cache.redis_available is True
    assert client.get("/sante/").json()["cache"] == "redis"
    cache.set("apres", 3)
    keys = {key.decode() for key in redis_server.client().keys("*")}
    assert any(key.endswith(":apres") for key in keys)
    # What was written during the outage is not in Redis: the cache is new, not stale.
    assert cache.get("pendant") is None


def test_coming_back_empties_what_redis_held_from_before_the_outage(redis_server):
    """Redis missed the outage's writes and deletions (a sign-out, an invalidated page)."""
    cache.set("page", "ancienne version")
    cache.retry_seconds = 60
    cache._fail(RedisConnectionError("simulated"))
    cache.delete("page")  # lost for Redis: it is not asked during the outage
    assert redis_server.client().dbsize() == 1
    cache.outage.retry_at = 0  # the retry delay is over
    assert cache.get("page") is None
    assert redis_server.client().dbsize() == 0


def test_an_outage_starts_from_an_empty_fallback_table(redis_server):
    CacheFallbackEntry.objects.create(
        cache_key=":1:session-d-avant", value="x", expires="2100-01-01T00:00Z"
    )
    redis_server.stop()
    cache.get("n-importe-quoi")
    assert fallback_keys() == []


def test_every_thread_knows_of_the_outage_once_one_has_met_it(dead_redis):
    """Django gives each thread its own cache object; one failure spares the others the wait."""
    import threading

    from django.core.cache import caches

    cache.retry_seconds = 60
    cache.get("declenche")
    assert cache.redis_available is False
    seen = {}

    def other_thread():
        seen["cache"] = caches["default"]
        seen["available"] = caches["default"].redis_available

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join(5)
    assert seen["cache"] is not cache
    assert seen["available"] is False
