"""Address × role matrix: every URL pattern of the project, asked by every role, answers the class
of answer tests/url_matrix.py says (200, sign-in, redirect, 403, 404, 405) and never a 500.

The table is checked against the resolver itself: a view added without a row fails here.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.url_matrix import (
    EXCLUDED_VIEWS,
    LOGIN,
    NOT_ALLOWED,
    REDIRECT,
    ROLES,
    TABLE,
    build_world,
    excluded_reason,
    project_routes,
    third_party_routes,
    walk,
)

pytestmark = pytest.mark.django_db

CASES = [(key, case) for key, cases in TABLE.items() for case in cases]


def case_id(key, case):
    return f"{key}[{case.label}]" if case.label else key


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One data set for the whole module, rolled back at its end (each test's own writes are
    rolled back to it by pytest-django's savepoint)."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("matrix-media")
    previous = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = previous


@pytest.fixture(autouse=True)
def _media_root(settings, world, sessions):
    world.sessions = sessions
    # The attachments of the shared data set live in the module's folder, not each test's.
    from django.conf import settings as django_settings

    settings.MEDIA_ROOT = django_settings.MEDIA_ROOT


def answer_class(response):
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if "/comptes/login/" in location and "next=" in location:
            return LOGIN
        return REDIRECT
    return response.status_code


@pytest.fixture(scope="module")
def sessions(world, django_db_blocker):
    """One signed-in session per role, made once: each test's client carries its cookie."""
    with django_db_blocker.unblock():
        cookies = {}
        for role, person in world.people.items():
            if person is not None:
                client = Client()
                client.force_login(person)
                cookies[role] = client.cookies
        return cookies


def client_for(world, role, **options):
    client = Client(**options)
    cookies = world.sessions.get(role)
    if cookies is not None:
        for name, morsel in cookies.items():
            client.cookies[name] = morsel.value
    return client


def test_every_url_pattern_of_the_project_is_in_the_table():
    routes = {route.key for route in project_routes()}
    assert not routes - TABLE.keys(), "URL patterns without a row in tests/url_matrix.py"
    assert not TABLE.keys() - routes, "rows of tests/url_matrix.py for no URL pattern"


def test_the_walk_sees_both_languages_and_the_excluded_patterns():
    routes = list(walk())
    localized = {route.key for route in routes if route.localized}
    assert {"communaute:topic", "ressources:need", "wagtail_serve"} <= localized
    assert "health" not in localized
    reasons = {excluded_reason(route) for route in routes} - {None}
    assert {"Django admin", "Wagtail admin", "allauth"} <= reasons
    assert len(project_routes()) >= 75
    for start in EXCLUDED_VIEWS:
        assert not start.startswith(("communaute.", "ressources.", "passerelles.pages")), start


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "case"), CASES, ids=[case_id(*c) for c in CASES])
def test_get(world, key, case, role):
    address = case.url(world)
    response = client_for(world, role).get(address)
    assert answer_class(response) == case.get[role], (address, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "case"), CASES, ids=[case_id(*c) for c in CASES])
def test_post(world, key, case, role):
    address = case.url(world)
    response = client_for(world, role).post(address, case.data)
    got = answer_class(response)
    if case.post is not None:
        assert got == case.post[role], (address, role, response.status_code)
    else:
        assert response.status_code < 500, (address, role, response.status_code)
        if case.get[role] == LOGIN:
            assert got == LOGIN, (address, role, response.status_code)


# Views that take a POST without the CSRF token, and why.
CSRF_EXEMPT = {
    # The one-click unsubscribe of RFC 8058: mail clients post to the List-Unsubscribe address
    # without a page, hence without a token; the signed token in the address is the key.
    "communaute:unsubscribe",
}


@pytest.mark.parametrize("role", ["visitor", "member"])
@pytest.mark.parametrize(("key", "case"), CASES, ids=[case_id(*c) for c in CASES])
def test_a_post_without_its_csrf_token_is_refused(world, key, case, role):
    address = case.url(world)
    response = client_for(world, role, enforce_csrf_checks=True).post(address, case.data)
    if key in CSRF_EXEMPT:
        assert response.status_code < 500
    else:
        assert response.status_code == 403, (address, role, response.status_code)


# Outside i18n_patterns: one address whatever the language.
UNLOCALIZED = {"health", "robots.txt", "sitemap.xml", "live:stream", "live:state"}


@pytest.mark.parametrize("role", ["visitor", "member"])
@pytest.mark.parametrize(
    ("key", "case"),
    [c for c in CASES if c[0] not in UNLOCALIZED],
    ids=[case_id(*c) for c in CASES if c[0] not in UNLOCALIZED],
)
def test_the_english_address_answers_as_the_french_one(world, key, case, role):
    address = case.url(world)
    english = "/en" + address
    response = client_for(world, role).get(english)
    assert answer_class(response) == case.get[role], (english, role, response.status_code)
    if answer_class(response) == LOGIN:
        assert response["Location"].startswith("/en/comptes/login/")


def dummy_kwargs(route):
    import re

    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route.route)
    return {a or b: "abc" for a, b in names}


ALLAUTH = list(third_party_routes("allauth."))


@pytest.mark.parametrize("role", ["visitor", "member"])
@pytest.mark.parametrize("route", ALLAUTH, ids=[route.key for route in ALLAUTH])
def test_the_account_pages_of_allauth_answer_no_500(world, route, role):
    address = reverse(route.key, kwargs=dummy_kwargs(route) or None)
    client = client_for(world, role)
    for response in (client.get(address), client.post(address, {})):
        assert response.status_code < 500, (address, role, response.status_code)


HOSTILE = {"nul": "a\x00b", "control": "a\x07\x1b[31mb\x7f", "huge": "x" * 100_000}
REFUSALS = {LOGIN, 403, 404}


def roles_reaching_the_form(case):
    """Two roles the view lets through to its form (a refusal never reads the fields)."""
    answers = case.post or {
        role: REDIRECT if answer == NOT_ALLOWED else answer for role, answer in case.get.items()
    }
    return [role for role in ROLES if answers[role] not in REFUSALS][:2]


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize(("key", "case"), CASES, ids=[case_id(*c) for c in CASES])
def test_hostile_values_in_every_field_answer_no_500(world, key, case, value):
    """Every field name of every project form, and every name a view reads, filled with a NUL
    byte, control characters or 100,000 characters; once alone, once beside the case's valid
    values (so that a view that first reads an action or a choice goes on to its form)."""
    from tests.forms import posted_names

    names = sorted(posted_names())
    # 100,000 characters in every field at once would pass the request size limit and be
    # refused at the door (400) before any form sees them: a few fields per request.
    size = max(1, 3_000_000 // len(value))
    address = case.url(world)
    for role in roles_reaching_the_form(case):
        client = client_for(world, role)
        for start in range(0, len(names), size):
            hostile = dict.fromkeys(names[start : start + size], value)
            for data in (hostile, hostile | case.data):
                response = client.post(address, data)
                assert response.status_code < 500, (address, role, response.status_code)
