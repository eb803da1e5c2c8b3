"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


@pytest.fixture(autouse=True)
def _restorable_database():
    from django.db import connections

    from tests.conftest import _serialized_database

    connection = connections["default"]
    if not hasattr(connection, "_test_serialized_contents") and _serialized_database:
        connection._test_serialized_contents = _serialized_database["default"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: install it with `apt-get install -y chromium`.")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def site_at(url, settings):
    """The address of a server, with a helper to build page addresses."""
    from django.core.cache import cache
    from wagtail.models import Site as WagtailSite

    # The database was just restored; a late request of the previous test may have cached
    # Wagtail's site root paths while it was empty.
    assert WagtailSite.objects.filter(is_default_site=True).exists()
    cache.clear()
    # Emails link to the site's address: here, the live server's, so a test can follow them.
    settings.SITE_URL = url

    class Site:
        def __call__(self, path):
            return f"{url}{path}"

    Site.url = url
    return Site()


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live server's address (pytest-django's, WSGI), with a helper to build addresses."""
    return site_at(live_server.url, settings)


@pytest.fixture
def asgi_site(asgi_live_server, transactional_db, settings):
    """The same for the ASGI server (uvicorn, tests/conftest.py): pages hold real live-updates
    streams there. Use it instead of `site` in a test that needs the push channel."""
    return site_at(asgi_live_server.url, settings)


def assert_accessible(page):
    """axe-core with the WCAG 2.2 AA rule tags finds no violation on the current page."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def open_menu(page):
    """On a phone the site's links sit behind the menu button; on a laptop it is always open."""
    toggle = page.locator(".site-menu__toggle")
    if toggle.is_visible() and page.locator("details.site-menu").get_attribute("open") is None:
        toggle.click()


def link_in(message):
    return re.search(r"http://\S+", message.body).group(0)


@pytest.fixture(autouse=True)
def _fail_fast(page):
    # Pages here answer in milliseconds: waiting 30 s for a missing element only hides the error.
    page.set_default_timeout(10_000)


def sign_in(page, site, email, password):
    """Sign in through the form; an account with TOTP gives the code its app would show."""
    from communaute.models import Member
    from tests.communaute.factories import current_totp_code

    page.goto(site("/comptes/login/"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(site.url) + r"/(comptes/2fa/authenticate/)?$"))
    if "/comptes/2fa/authenticate/" in page.url:
        page.locator("#id_code").fill(current_totp_code(Member.objects.get(email=email)))
        page.locator("#id_code").press("Enter")
        page.wait_for_url(site("/"))
