"""When the database refuses (down, full, no free connection in the pool), every page answers
a styled 503 with Retry-After, quickly, and never a 500 with a traceback (issue 13, items 7-8)."""

import socket
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.db.utils import ConnectionHandler
from django.test import Client

pytestmark = pytest.mark.django_db

TOO_MANY = OperationalError("FATAL:  sorry, too many clients already")


@pytest.fixture
def visitor():
    # As a browser sees it: the test client re-raises nothing, the handlers answer.
    return Client(raise_request_exception=False)


def assert_french_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Le portail est momentanément indisponible" in html
    assert 'lang="fr-CA"' in html
    assert "site.css" in html
    assert "Traceback" not in html


def test_a_view_whose_database_refuses_answers_the_styled_503(visitor):
    with mock.patch("ressources.selectors.catalogue.catalogue", side_effect=TOO_MANY):
        response = visitor.get("/ressources/")
    assert_french_503(response)


def test_the_503_page_speaks_english_under_en(visitor):
    with mock.patch("ressources.selectors.catalogue.catalogue", side_effect=TOO_MANY):
        response = visitor.get("/en/ressources/")
    assert response.status_code == 503
    html = response.content.decode()
    assert "The portal is temporarily unavailable" in html
    assert 'lang="en-CA"' in html


def test_a_lost_connection_is_a_503_too(visitor):
    with mock.patch(
        "ressources.selectors.catalogue.catalogue", side_effect=InterfaceError("closed")
    ):
        assert visitor.get("/ressources/").status_code == 503


def test_other_errors_still_answer_500(visitor):
    with mock.patch("ressources.selectors.catalogue.catalogue", side_effect=ValueError("bug")):
        response = visitor.get("/ressources/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_503_page_itself_asks_nothing_of_the_database(visitor, django_assert_num_queries):
    with (
        mock.patch("ressources.selectors.catalogue.catalogue", side_effect=TOO_MANY),
        django_assert_num_queries(0),
    ):
        # Signed out, no session: the page and its rendering run no query at all.
        assert visitor.get("/ressources/").status_code == 503


def test_a_database_error_raised_in_a_middleware_is_a_503(visitor, member):
    # Signed in: loading the session happens in middleware, before any view.
    visitor.force_login(member)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
        side_effect=TOO_MANY,
    ):
        response = visitor.get("/ressources/")
    assert_french_503(response)


def test_health_says_why_the_database_is_unavailable(client):
    with mock.patch("passerelles.core.views.connection.cursor", side_effect=TOO_MANY):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DATABASE_RETRY_AFTER)
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "reason": "too many connections",
    }


def answer_in_a_thread(database, path, *, session_cookie=None):
    """Request `path` from a fresh thread whose default connection points at `database`
    (connections are per thread: the test's own connection and transaction are untouched)."""
    result = {}

    def run():
        connections["default"] = ConnectionHandler({"default": database})["default"]
        try:
            client = Client(raise_request_exception=False)
            if session_cookie:
                client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
            started = time.monotonic()
            result["response"] = client.get(path)
            result["seconds"] = time.monotonic() - started
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the request hung"
    return result["response"], result["seconds"]


def unused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_database_server_that_is_down_answers_503_at_once():
    down = {**settings.DATABASES["default"], "HOST": "127.0.0.1", "PORT": unused_port()}
    response, seconds = answer_in_a_thread(down, "/ressources/")
    assert_french_503(response)
    assert seconds < 2
    # A visitor with a session: the first query is in a middleware, the answer is the same.
    response, _ = answer_in_a_thread(down, "/ressources/", session_cookie="abc123")
    assert response.status_code == 503


def test_a_database_server_that_does_not_answer_gives_up_after_connect_timeout():
    # A socket that accepts connections (the kernel completes the handshake) and never speaks.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        database = {
            **settings.DATABASES["default"],
            "HOST": "127.0.0.1",
            "PORT": silent.getsockname()[1],
            "OPTIONS": {"connect_timeout": 2},  # libpq's smallest
        }
        response, seconds = answer_in_a_thread(database, "/ressources/")
    assert response.status_code == 503
    assert seconds < 6


def test_a_pool_with_no_free_connection_answers_503():
    # A pool of one connection, held by someone else: the request waits `timeout`, then 503.
    # (Django keeps one pool per alias for the whole process; the test's own connection has no
    # pool option, so it never uses this one.)
    database = {
        **settings.DATABASES["default"],
        "CONN_MAX_AGE": 0,
        "OPTIONS": {
            **settings.DATABASES["default"]["OPTIONS"],
            "pool": {"min_size": 0, "max_size": 1, "timeout": 0.5},
        },
    }
    holder = ConnectionHandler({"default": database})["default"]
    holder.ensure_connection()
    try:
        response, seconds = answer_in_a_thread(database, "/ressources/")
        assert_french_503(response)
        assert seconds < 3
    finally:
        holder.close()
        holder.close_pool()


def test_the_pool_replaces_a_connection_the_server_dropped_without_a_restart():
    # The server restarted (here: it ended the pool's connection): the next page is served.
    database = {
        **settings.DATABASES["default"],
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            **settings.DATABASES["default"]["OPTIONS"],
            "application_name": "passerelles-pool-test",
            "pool": {"min_size": 1, "max_size": 1, "timeout": 2},
        },
    }
    pooled = ConnectionHandler({"default": database})["default"]
    try:
        response, _ = answer_in_a_thread(database, "/sante/")
        assert response.status_code == 200
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'passerelles-pool-test'"
            )
            assert cursor.fetchone()[0] == 1
        response, _ = answer_in_a_thread(database, "/sante/")
        assert response.status_code == 200, response.content
    finally:
        pooled.close_pool()
