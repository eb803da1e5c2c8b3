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
    """Transactional tests that do not restore the migrated data run last.

    Their flush re-creates content types and the site under new ids, so a browser test
    restoring the snapshot after them would meet duplicates; pytest-django already puts the
    transactional tests after the others, this only settles their order among themselves,
    whatever order the paths were given on the command line.
    """

    def flushes_without_restoring(item):
        marker = item.get_closest_marker("django_db")
        return bool(
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        )

    items.sort(key=flushes_without_restoring)
