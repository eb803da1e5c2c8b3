"""Several files in a request's conversation: sent through the form, shown in the timeline
(images inline once the worker has made their thumbnail), named in the email to the other side."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ressources.models import RequestAttachment
from ressources.services.access import create_access_request
from tests.core.sample_files import minimal_pdf

pytestmark = pytest.mark.django_db


def pdf(name="preuve-assurance.pdf"):
    return SimpleUploadedFile(name, minimal_pdf("attestation"), "application/pdf")


def png(name="plan-de-scene.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 600), (20, 90, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_a_request_message_takes_several_files_shown_inline_and_named_in_the_email(
    client, service, member, representative, django_capture_on_commit_callbacks
):
    access_request = create_access_request(
        service, member=member, data={"on_behalf": "self", "message": "Une console."}
    )
    mail.outbox.clear()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access_request.get_absolute_url(),
            {
                "message": "Le plan ci-dessous et l'attestation.",
                "attachments": [png(), pdf()],
                "attachments_alt_0": "Le plan de la scène",
            },
        )
    assert response.status_code == 302
    image, document = RequestAttachment.objects.order_by("pk")
    assert (image.alt_text, image.width, image.height) == ("Le plan de la scène", 800, 480)
    assert document.original_name == "preuve-assurance.pdf"
    assert "plan-de-scene.png, preuve-assurance.pdf" in mail.outbox[-1].body

    client.force_login(representative)
    html = client.get(access_request.get_absolute_url()).content.decode()
    assert (
        f'<img src="/ressources/demandes/fichiers/{image.pk}/vignette/" alt="Le plan de la scène"'
    ) in html
    assert f'href="/ressources/demandes/fichiers/{document.pk}/"' in html
    response = client.get(f"/ressources/demandes/fichiers/{image.pk}/vignette/")
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"


def test_a_bad_file_in_a_request_message_is_named_and_the_text_kept(client, service, member):
    access_request = create_access_request(
        service, member=member, data={"on_behalf": "self", "message": "Une console."}
    )
    client.force_login(member)
    fake = SimpleUploadedFile("script.html", b"<html><script>1</script>", "text/html")
    response = client.post(
        access_request.get_absolute_url(),
        {"message": "Mon message gardé", "attachments": [pdf(), fake]},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "« script.html »" in html and "Mon message gardé" in html
    assert not RequestAttachment.objects.exists()


def test_a_deleted_request_takes_its_images_and_their_thumbnails_along(
    service, member, django_capture_on_commit_callbacks
):
    from ressources.services.access import post_request_message

    access_request = create_access_request(
        service, member=member, data={"on_behalf": "self", "message": "Une console."}
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_request_message(member, access_request, body="Le plan", attachments=[png()])
    image = RequestAttachment.objects.get()
    files = [(stored.storage, stored.name) for stored in (image.file, image.thumbnail)]
    assert all(storage.exists(name) for storage, name in files)
    with django_capture_on_commit_callbacks(execute=True):
        access_request.delete()
    assert not any(storage.exists(name) for storage, name in files)
