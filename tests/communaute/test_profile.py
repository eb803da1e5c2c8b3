import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from passerelles.core.models import Discipline

pytestmark = pytest.mark.django_db


def jpeg(size=(900, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 80, 120)).save(buffer, format="JPEG")
    return SimpleUploadedFile("moi.jpg", buffer.getvalue(), content_type="image/jpeg")


def profile_data(**overrides):
    data = {
        "display_name": "Sophie Gagnon",
        "disciplines": ["theatre", "music"],
        "province": "QC",
        "organization_name": "Théâtre du Bas-du-Fleuve",
        "bio": "Metteuse en scène à Rimouski.",
        "website": "https://theatre.exemple.test",
        "in_directory": "on",
    }
    data.update(overrides)
    return data


def test_visitors_are_sent_to_sign_in_before_seeing_a_profile(client, member):
    response = client.get(member.get_absolute_url())
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_members_see_public_fields_but_never_the_email(client, member, other_member):
    other_member.bio = "Artiste en arts visuels à Saint-Boniface."
    other_member.save()
    client.force_login(member)
    response = client.get(other_member.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nadia Chartrand" in html
    assert "Saint-Boniface" in html
    assert other_member.email not in html
    assert "Modifier mon profil" not in html


def test_a_deactivated_members_profile_is_not_found(client, member, other_member):
    other_member.is_active = False
    other_member.save()
    client.force_login(member)
    assert client.get(other_member.get_absolute_url()).status_code == 404


def test_a_member_edits_their_profile(client, member):
    client.force_login(member)
    response = client.post("/comptes/profil/", profile_data())
    assert response.status_code == 302
    assert response["Location"] == member.get_absolute_url()
    member.refresh_from_db()
    assert member.province == "QC"
    assert member.in_directory is True
    assert set(member.disciplines.values_list("code", flat=True)) == {"theatre", "music"}
    page = client.get(response["Location"]).content.decode()
    assert "Votre profil est enregistré." in page
    assert "Théâtre" in page


def test_a_refused_form_explains_and_keeps_what_was_typed(client, member):
    client.force_login(member)
    response = client.post(
        "/comptes/profil/",
        profile_data(display_name="", website="pas une adresse", bio="Un texte soigné."),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 2 erreurs." in html
    assert "Un texte soigné." in html
    assert "pas une adresse" in html
    member.refresh_from_db()
    assert member.display_name == "Sophie Gagnon"
    assert member.bio == ""


def test_an_avatar_is_cropped_to_a_square_webp_by_the_worker(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/comptes/profil/", {**profile_data(), "avatar": jpeg()})
    assert response.status_code == 302
    member.refresh_from_db()
    # Until the worker has run, the photo as sent waits privately; none is shown yet.
    assert not member.avatar and member.pending_avatar
    sent = member.pending_avatar.path
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    member.refresh_from_db()
    assert not member.pending_avatar and not os.path.exists(sent)
    assert member.avatar.name.startswith("avatars/")
    assert member.avatar.name.endswith(".webp")
    with Image.open(member.avatar.path) as image:
        assert image.size == (400, 400)


def test_replacing_and_removing_the_avatar_deletes_old_files(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/profil/", {**profile_data(), "avatar": jpeg()})
    member.refresh_from_db()
    first = member.avatar.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/profil/", {**profile_data(), "remove_avatar": "on"})
    member.refresh_from_db()
    assert not member.avatar
    assert not os.path.exists(first)


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message(client, member):
    client.force_login(member)
    fake = SimpleUploadedFile("moi.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post("/comptes/profil/", {**profile_data(), "avatar": fake})
    assert response.status_code == 200
    assert "n&#x27;est pas une image lisible" in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar


def test_the_profile_form_lists_every_discipline_with_a_label(client, member):
    client.force_login(member)
    html = client.get("/comptes/profil/").content.decode()
    assert Discipline.objects.count() == 11
    assert "Arts du cirque et de la rue" in html
    assert '<label for="id_province"' in html


def test_visitors_cannot_reach_the_profile_form(client):
    response = client.get("/comptes/profil/")
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_a_tiny_png_announcing_a_huge_picture_is_refused_as_avatar_and_the_form_kept(
    client, member, monkeypatch
):
    from PIL import ImageFile

    from tests.core.test_images import png_header_claiming

    def no_decoding(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    client.force_login(member)
    response = client.post(
        "/comptes/profil/",
        {
            **profile_data(bio="Ma nouvelle présentation."),
            "avatar": png_header_claiming(5000, 5000),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette image mesure 5000 × 5000 pixels" in html
    assert "Ma nouvelle présentation." in html
    member.refresh_from_db()
    assert not member.avatar and member.bio != "Ma nouvelle présentation."


def test_the_eleventh_photo_change_within_the_hour_waits_and_the_form_is_kept(client, member):
    client.force_login(member)
    for _ in range(10):
        response = client.post("/comptes/profil/", {**profile_data(), "avatar": jpeg((120, 80))})
        assert response.status_code == 302
    member.refresh_from_db()
    tenth = member.avatar.name
    response = client.post(
        "/comptes/profil/",
        {**profile_data(bio="Texte gardé."), "avatar": jpeg((120, 80))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vous avez déjà changé de photo 10 fois cette heure-ci" in html
    assert "Texte gardé." in html
    member.refresh_from_db()
    assert member.avatar.name == tenth and member.bio != "Texte gardé."
    # Other changes of the profile are not limited.
    response = client.post("/comptes/profil/", {**profile_data(bio="Sans photo.")})
    assert response.status_code == 302


def test_a_newer_photo_sent_before_the_worker_ran_is_the_one_kept(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks() as first:
        client.post("/comptes/profil/", {**profile_data(), "avatar": jpeg()})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/profil/", {**profile_data(), "avatar": jpeg()})
    member.refresh_from_db()
    kept = member.avatar.name
    assert kept and not member.pending_avatar
    for callback in first:  # the first run comes late: the photo it was for is gone
        callback()
    member.refresh_from_db()
    assert member.avatar.name == kept
