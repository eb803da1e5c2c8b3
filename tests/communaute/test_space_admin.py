"""Spaces are opened in Django admin; link cards can be reviewed there."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from communaute.models import LinkPreview, Space, SpaceMembership
from tests.communaute.factories import activate_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    activate_totp(staff)
    client.force_login(staff)
    return client


def cover(size=(3000, 1500)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile("couverture.png", buffer.getvalue(), content_type="image/png")


def space_form(member, **overrides):
    data = {
        "name": "Arts visuels en région",
        "slug": "arts-visuels",
        "description": "Expositions, ateliers partagés.",
        "visibility": "members",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-member": member.pk,
        "memberships-0-role": "animator",
    }
    return data | overrides


def test_an_admin_opens_a_space_with_its_animator_and_a_reduced_cover(admin_client, member):
    response = admin_client.post("/admin/communaute/space/add/", space_form(member, cover=cover()))
    assert response.status_code == 302
    space = Space.objects.get(slug="arts-visuels")
    assert SpaceMembership.objects.get(space=space).member == member
    assert space.cover.name.endswith(".webp")
    with Image.open(space.cover.path) as image:
        assert max(image.size) == 1600
    html = admin_client.get(f"/communaute/espaces/{space.slug}/").content.decode()
    assert f'src="{space.cover.url}"' in html


def test_a_cover_that_is_not_an_image_is_refused_and_the_form_kept(admin_client, member):
    fake = SimpleUploadedFile("couverture.png", b"pas une image", content_type="image/png")
    response = admin_client.post("/admin/communaute/space/add/", space_form(member, cover=fake))
    html = response.content.decode()
    assert response.status_code == 200 and not Space.objects.exists()
    assert "Téléversez une image valide" in html
    assert 'value="Arts visuels en région"' in html


def test_link_cards_can_be_listed_and_removed_by_an_admin(admin_client):
    preview = LinkPreview.objects.create(url="https://exemple.ca/", status="ok", title="Exemple")
    assert "Exemple" in admin_client.get("/admin/communaute/linkpreview/").content.decode()
    admin_client.post(f"/admin/communaute/linkpreview/{preview.pk}/delete/", {"post": "yes"})
    assert not LinkPreview.objects.exists()


def test_members_cannot_reach_the_space_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/communaute/space/add/", follow=True).status_code == 403
