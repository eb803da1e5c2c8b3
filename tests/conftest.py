import pytest

_serialized_database = {}


@pytest.fixture(scope="session", autouse=True)
def _keep_serialized_database(django_db_setup, django_db_blocker):
    """Remember the database as migrations left it (home page, roles, vocabularies).

    Django keeps this snapshot on the connection object, which is context-local: Playwright's
    greenlet sees another connection object without it, so the browser tests put it back
    (see tests/browser/conftest.py) before the database is restored for them.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    # Restoring the snapshot builds Wagtail pages before their content types are back, and
    # Page.__init__ looks its content type up: the cache answers, instead of a duplicate row.
    with django_db_blocker.unblock():
        ContentType.objects.get_for_models(*apps.get_models())
    snapshot = getattr(connections["default"], "_test_serialized_contents", None)
    if snapshot is not None:
        _serialized_database["default"] = snapshot


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _french_by_default():
    # A request to /en/ leaves English active in this thread; each test starts in French,
    # as a visitor does at an unprefixed address.
    from django.utils import translation

    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache: one test's attempts must not limit the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    from tests.communaute.factories import MemberFactory

    return MemberFactory(display_name="Sophie Gagnon")


@pytest.fixture
def other_member(db):
    from tests.communaute.factories import MemberFactory

    return MemberFactory(display_name="Nadia Chartrand")


@pytest.fixture
def staff(db):
    from tests.communaute.factories import MemberFactory

    return MemberFactory(display_name="Équipe du portail", is_staff=True, is_superuser=True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests on the migrated data first, transactional tests after them, and those that do
    not restore the migrated data last.

    A transactional test ends with a flush; their flush re-creates content types and the site
    under new ids, so a browser test restoring the snapshot after them would meet duplicates.
    pytest groups tests that share fixtures, which can put ordinary tests after a transactional
    one: this order holds whatever that grouping or the command line did.
    """

    def rank(item):
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction")) or (
            "transactional_db" in getattr(item, "fixturenames", ())
        )
        if not transactional:
            return 0
        # A transactional test empties the database when it ends: every test that expects the
        # migrated data (the site, the groups) must have run before, whatever pytest's own
        # grouping by shared fixtures did.
        return 1 if marker and marker.kwargs.get("serialized_rollback") else 2

    items.sort(key=rank)


# --- The ASGI server (uvicorn) for tests that hold live-updates streams -----------------------


class EventStream:
    """A Server-Sent Events client for tests: GET a stream and read it block by block.

    Each block is a dict: {"event": name, "data": parsed JSON} for an event, {"retry": ms},
    {"comment": text} for a heartbeat line. Reading waits at most `timeout` seconds.
    """

    def __init__(self, url, path, cookies=None, timeout=10):
        import http.client
        from urllib.parse import urlsplit

        address = urlsplit(url)
        self.connection = http.client.HTTPConnection(
            address.hostname, address.port, timeout=timeout
        )
        headers = {"Accept": "text/event-stream"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.connection.request("GET", path, headers=headers)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = {name.lower(): value for name, value in self.response.getheaders()}

    def body(self):
        return self.response.read()

    def next(self):
        import json

        block = {}
        while True:
            line = self.response.readline()
            if not line:
                raise EOFError("the stream ended")
            line = line.decode().rstrip("\n")
            if not line:
                if block:
                    return block
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "":
                block["comment"] = value
            elif field == "event":
                block["event"] = value
            elif field == "data":
                block["data"] = json.loads(value)
            elif field == "retry":
                block["retry"] = int(value)

    def next_event(self):
        """The next named event, skipping heartbeats and retry lines."""
        while "event" not in (block := self.next()):
            pass
        return block

    def close(self):
        self.connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class AsgiLiveServer:
    """uvicorn serving passerelles.asgi in a thread of the test process, on a loopback port.

    Pages, static files (from the source folders) and public media are served as `make run`
    serves them; the streams use the broker settings.LIVE_REDIS_URL names (the in-process one
    in the suite: the test process's publish() reaches them).
    """

    def __init__(self):
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.thread = None

    @staticmethod
    def application():
        from django.conf import settings
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        from passerelles.asgi import django_application
        from passerelles.core.views import development_media

        class MediaFilesHandler(ASGIStaticFilesHandler):
            """Public uploads, as the development server serves them (never prive/)."""

            def get_base_url(self):
                return settings.MEDIA_URL

            def serve(self, request):
                return development_media(request, self.file_path(request.path))

        return ASGIStaticFilesHandler(MediaFilesHandler(django_application))

    def start(self):
        import threading
        import time

        import uvicorn

        config = uvicorn.Config(
            self.application(),
            lifespan="off",
            log_level="warning",
            access_log=False,
            # Streams still open when the suite ends are cut after this long.
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)

    def stop(self):
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(timeout=10)
        self.socket.close()

    def stream(self, path, cookies=None, timeout=10):
        """Open an event stream (see EventStream) on this server."""
        return EventStream(self.url, path, cookies=cookies, timeout=timeout)


@pytest.fixture(scope="session")
def _asgi_server():
    server = AsgiLiveServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def asgi_live_server(_asgi_server, transactional_db):
    """The site served by uvicorn (ASGI) on the test database, for tests that hold real
    live-updates streams: `asgi_live_server.url`, `asgi_live_server.stream(path, cookies)`.

    Like pytest-django's live_server: one server for the session, the test's data committed
    (transactional_db) so that the server's threads see it. Browser tests use `asgi_site`
    (tests/browser/conftest.py), the `site` of this server. A stream's cookies:
    `session_cookies(client)` after `client.force_login(member)`.
    """
    return _asgi_server


def session_cookies(client):
    """The cookies a test client holds (after force_login), for a stream or a browser."""
    return {name: morsel.value for name, morsel in client.cookies.items()}


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Writes as they happen on the site: their on-commit work (cache bumps, emails) runs."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


@pytest.fixture
def cache_lookups(monkeypatch):
    """The keys of each look-up in the site's cache, one set per round trip (get or get_many)."""
    from django.core.cache import cache

    lookups = []
    real_get, real_get_many = cache.get, cache.get_many
    inside_many = []

    def get(key, *args, **kwargs):
        if not inside_many:  # the test cache's get_many asks get() for each key
            lookups.append({key})
        return real_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        lookups.append(set(keys))
        inside_many.append(True)
        try:
            return real_get_many(keys, *args, **kwargs)
        finally:
            inside_many.pop()

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    return lookups
