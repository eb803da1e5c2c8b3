"""DATABASE_REPLICA_URL: safe reads on the replica, writes and transactions on the primary, and
a visitor's reads on the primary for REPLICA_PIN_SECONDS after they wrote (issue 13, item 6)."""

import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import RequestFactory

from communaute.models import Member, Space
from passerelles.core.db_router import (
    PIN_COOKIE,
    ROUTER,
    PrimaryAfterWriteMiddleware,
    PrimaryReplicaRouter,
    pinned_to_primary,
)
from passerelles.settings.env import replica_config

router = PrimaryReplicaRouter()


@pytest.fixture
def replica(settings):
    # passerelles/settings/test.py declares the "replica" alias, a mirror of the test database.
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.REPLICA_PIN_SECONDS = 10


def decision_inside(request):
    """Run the middleware on this request; answer where a read would go during the view."""
    seen = {}

    def view(request):
        seen["read"] = router.db_for_read(Space)
        seen["pinned"] = pinned_to_primary()
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = PrimaryAfterWriteMiddleware(view)(request)
    return seen["read"], response


def test_the_replica_setting_keeps_the_primary_options_and_mirrors_it_in_tests(settings):
    config = replica_config(
        "postgres://reader:secret@replica.internal:5433/copie", settings.DATABASES["default"]
    )
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("replica.internal", 5433, "copie")
    assert config["USER"] == "reader"
    assert (
        config["OPTIONS"]["connect_timeout"]
        == settings.DATABASES["default"]["OPTIONS"]["connect_timeout"]
    )
    assert config["TEST"] == {"MIRROR": "default"}


def test_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    assert router.db_for_read(Space) == "replica"
    assert router.db_for_read(Member) == "replica"
    assert router.db_for_write(Space) == "default"


def test_migrations_run_only_on_the_primary(replica):
    assert router.allow_migrate("default", "communaute") is True
    assert router.allow_migrate("replica", "communaute") is False


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    with transaction.atomic():
        assert router.db_for_read(Space) == "default"


def test_the_cache_fallback_table_is_read_on_the_primary(replica):
    from django.core.cache.backends.db import DatabaseCache

    cache_model = DatabaseCache("core_cache_fallback", {}).cache_model_class
    assert router.db_for_read(cache_model) == "default"


def test_a_write_pins_the_visitor_s_reads_to_the_primary_for_a_while(replica):
    factory = RequestFactory()
    read, response = decision_inside(factory.post("/communaute/sujets/1/repondre/"))
    assert read == "default"  # the writing request itself reads its own writes
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 10
    assert cookie["httponly"]
    until = float(cookie.value)
    assert time.time() + 9 <= until <= time.time() + 11

    request = factory.get("/communaute/sujets/1/")
    request.COOKIES[PIN_COOKIE] = cookie.value
    read, response = decision_inside(request)
    assert read == "default"
    assert PIN_COOKIE not in response.cookies

    expired = factory.get("/communaute/sujets/1/")
    expired.COOKIES[PIN_COOKIE] = f"{time.time() - 1:.0f}"
    assert decision_inside(expired)[0] == "replica"
    assert router.db_for_read(Space) == "replica"  # the pin ends with its request


def test_a_reader_who_never_wrote_reads_the_replica_and_gets_no_cookie(replica):
    read, response = decision_inside(RequestFactory().get("/"))
    assert read == "replica"
    assert PIN_COOKIE not in response.cookies
    tampered = RequestFactory().get("/")
    tampered.COOKIES[PIN_COOKIE] = "n'importe quoi"
    assert decision_inside(tampered)[0] == "replica"


def test_without_a_replica_a_write_sets_no_cookie():
    _read, response = decision_inside(RequestFactory().post("/"))
    assert PIN_COOKIE not in response.cookies


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_pages_read_through_the_replica_alias(client, replica):
    from django.contrib.sites.models import Site
    from django.test.utils import CaptureQueriesContext

    # allauth's sign-in reads the site's row, which a transactional test run before this one
    # with serialized_rollback (test_backup.py) flushes without creating it again.
    Site.objects.get_or_create(pk=settings.SITE_ID, defaults={"domain": "testserver"})
    Space.objects.create(name="Lue sur la copie", slug="lue-sur-la-copie")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/communaute/").status_code == 200
    assert any("communaute_space" in query["sql"] for query in on_replica.captured_queries)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        client.post("/comptes/login/", {"login": "personne@exemple.test", "password": "x"})
        assert client.get("/communaute/").status_code == 200
    assert on_replica.captured_queries == []
