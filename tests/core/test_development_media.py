"""The development server's /media/ serves public uploads and never a file under prive/."""

import os

import pytest
from django.core.files.base import ContentFile

from passerelles.core.storage import private_storage
from passerelles.core.views import is_private_media

pytestmark = [pytest.mark.urls("tests.core.development_urls"), pytest.mark.django_db]

SECRET = b"%PDF-1.4 proces-verbal confidentiel"


@pytest.fixture
def private_file():
    return private_storage.save("abc123/proces-verbal.pdf", ContentFile(SECRET))


@pytest.fixture
def public_file(settings):
    folder = settings.MEDIA_ROOT / "avatars"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photo.webp").write_bytes(b"RIFF0000WEBPVP8 ")
    return "avatars/photo.webp"


def test_a_public_upload_is_served(client, public_file):
    response = client.get(f"/media/{public_file}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"RIFF0000WEBPVP8 "


@pytest.mark.parametrize(
    "address",
    [
        "/media/prive/{name}",
        "/media//prive/{name}",
        "/media///prive/{name}",
        "/media/./prive/{name}",
        "/media/%2e/prive/{name}",
        "/media/%2E/prive/{name}",
        "/media/prive%2f{name}",
        "/media/prive%2F{name}",
        "/media/%70rive/{name}",
        "/media/%252e/prive/{name}",
        "/media/prive%252f{name}",
        "/media/avatars/../prive/{name}",
        "/media/avatars/%2e%2e/prive/{name}",
        "/media/../media/prive/{name}",
        "/media/%2e%2e/prive/{name}",
        "/media/prive/./{name}",
        "/media/prive\\{name}",
        "/media/.\\prive/{name}",
        # Case-insensitive disks (macOS, Windows) would open prive/ for these.
        "/media/PRIVE/{name}",
        "/media/Prive/{name}",
        "/media/prive./{name}",
        "/media/prive/",
        "/media/prive",
    ],
)
def test_no_trick_of_the_address_serves_a_private_file(client, private_file, address):
    response = client.get(address.format(name=private_file))
    assert response.status_code == 404
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in content


def test_a_link_on_disk_into_the_private_folder_is_not_followed(client, settings, private_file):
    os.symlink(settings.MEDIA_ROOT / "prive", settings.MEDIA_ROOT / "raccourci")
    response = client.get(f"/media/raccourci/{private_file}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "private"),
    [
        ("avatars/photo.webp", False),
        ("apercus/carte.webp", False),
        ("privee/document.pdf", False),
        ("prive-pas/document.pdf", False),
        ("prive/document.pdf", True),
        ("/prive/document.pdf", True),
        ("a/../../prive/x", True),
        ("../media/prive/x", False),  # rooted: MEDIA_ROOT/media/prive/x, which is public
    ],
)
def test_the_decision_is_made_on_the_normalized_path(path, private):
    assert is_private_media(path) is private
