"""The production storage of static files (passerelles/core/static_storage.py): the manifest's
hashed addresses, found once per process."""

import json

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from passerelles.core.static_storage import StaticStorage

# A setting changed tells the site's receivers, some of which read content types.
pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {
                "version": "1.1",
                "hash": "x",
                "paths": {"css/site.css": "css/site.0123456789ab.css"},
            }
        )
    )
    return StaticStorage(location=tmp_path, base_url="/static/")


def test_an_address_is_the_manifests_and_found_once(storage, monkeypatch):
    asked = []
    found = ManifestStaticFilesStorage.url

    def counting(self, name, force=False):
        asked.append(name)
        return found(self, name, force)

    monkeypatch.setattr(ManifestStaticFilesStorage, "url", counting)
    for _ in range(3):
        assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    assert asked == ["css/site.css"]


def test_a_name_the_manifest_lacks_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/absent.css")


def test_in_debug_names_are_served_as_they_are(storage, settings):
    settings.DEBUG = True
    assert storage.url("css/site.css") == "/static/css/site.css"
    settings.DEBUG = False
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
