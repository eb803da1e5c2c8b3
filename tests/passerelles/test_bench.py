"""`make bench`'s CI-sized variant: every page it measures answers, on a tiny forum. Timing
belongs to the benchmark itself, never to the tests."""

import ast
import os
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import django
import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from communaute import bench_data
from communaute.permissions import roles
from passerelles import bench
from passerelles import settings as settings_package
from passerelles.management.commands.bench import Command, with_suffix
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_gathering

pytestmark = pytest.mark.django_db


def test_every_benchmarked_page_answers(capsys):
    bench_data.build_bench(120, seed=3)
    make_gathering(MemberFactory(roles=[roles.EDITORIAL]))
    call_command("bench", smoke=True)
    pages = bench.bench_pages()
    # Visitors (from the page cache and past it) and members for the public pages, members for
    # theirs: every page of the list, and the member's path (a bare view behind the
    # site's middleware).
    assert f"{3 * len(pages) - 4 + 1} pages answer 200." in capsys.readouterr().out
    assert {"community home", "search, a common word", "private conversation", "event page"} <= {
        page.name for page in pages
    }


def test_the_table_compares_with_the_bare_view():
    rows = [
        {
            "name": "bare view",
            "who": bench.BARE,
            "queries": 0,
            "bytes": 2,
            "measure": bench.Measure(1000.0, 1.0, 2.0, 0),
        },
        {
            "name": "community home",
            "who": bench.ANONYMOUS,
            "queries": 3,
            "bytes": 16000,
            "measure": bench.Measure(50.0, 20.0, 40.0, 0),
        },
    ]
    table = bench.table(rows)
    assert "| community home | anonyme | 50 | 20.0 | 40.0 | 3 | 16,000 | 0.050 |" in table


def test_the_members_path_is_measured_with_the_member_signed_in(member, settings):
    # As in production: the session from the cache (Redis there), then the member's row, facts
    # and header numbers, all cached after the first request.
    settings.SESSION_ENGINE = "passerelles.core.sessions"
    found = bench.inspect_pages([], member)
    member_path = found["pages"][f"{bench.MEMBER_PATH}|{bench.MEMBER}"]
    assert member_path == {"status": 200, "queries": 0, "bytes": 2}


def test_the_member_sends_the_cookies_of_a_browser(member, settings):
    # The CSRF cookie too: without it every measured page would draw a new secret and set the
    # cookie again, which a browser's pages do only once.
    found = bench.inspect_pages([], member)
    sent = dict(part.split("=", 1) for part in found["cookie"].split("; "))
    assert set(sent) == {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    assert all(sent.values())


def assigned_list(source: str, name: str) -> list:
    """The literal list a settings file assigns to `name`, read without importing the file."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned")


def test_the_reference_rows_run_djangos_default_middleware():
    # What Django's startproject lists, no more: the rows stand for a site that changed nothing.
    template = Path(django.__file__).parent / "conf/project_template/project_name/settings.py-tpl"
    reference = Path(settings_package.__file__).parent / "bench_django_default.py"
    middleware = assigned_list(reference.read_text(), "MIDDLEWARE")
    assert middleware == assigned_list(template.read_text(), "MIDDLEWARE")


@pytest.fixture
def reference_database_url():
    """The tests' server as DATABASE_URL names it (a TCP address, or the project's own server's
    socket folder, percent-encoded), with a database name that does not exist yet; dropped
    afterwards."""
    url = urlparse(os.environ["DATABASE_URL"])
    name = f"{connection.settings_dict['NAME']}_reference"
    url = urlunparse(url._replace(path=f"/{name}"))
    yield url
    drop_database(with_suffix(url, "_django"))


def drop_database(url: str) -> None:
    parts = urlparse(url)
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as link:
        link.execute(f'DROP DATABASE IF EXISTS "{parts.path.strip("/")}" WITH (FORCE)')


def test_the_reference_rows_are_inspected_under_djangos_defaults(reference_database_url):
    # Migrated on a database of its own, a user signed in with Django's default sessions: the
    # visitor's page makes no query, the member's two (their session and their row).
    root = Path(django_settings.BASE_DIR)
    environment, found = Command().django_default(reference_database_url, root)
    assert environment["DJANGO_SETTINGS_MODULE"] == bench.DJANGO_DEFAULT_SETTINGS
    assert environment["DATABASE_URL"].endswith("_reference_django")
    assert found["pages"] == {
        bench.ANONYMOUS: {"status": 200, "queries": 0, "bytes": 2},
        bench.MEMBER: {"status": 200, "queries": 2, "bytes": 2},
    }
    name, key = found["cookie"].split("=")
    assert name == "sessionid" and key
