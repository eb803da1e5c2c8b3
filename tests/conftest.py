import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
