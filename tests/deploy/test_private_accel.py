"""PRIVATE_MEDIA_ACCEL_REDIRECT: the view checks, nginx sends (deploy/nginx/passerelles.conf)."""

from communaute.models import Space, SpaceMembership
from communaute.services.forum import create_topic, reply
from tests.communaute.test_forum import make_space
from tests.communaute.test_library import pdf, png
from tests.core.sample_files import minimal_pdf


def private_attachment(member):
    space = make_space("Cercle privé", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=space, member=member)
    topic, _first = create_topic(space, author=member, title="Budget", body="Le budget")
    return reply(topic, author=member, body="Compte rendu", attachments=[pdf()]).attachments.get()


def test_with_the_setting_the_view_names_the_file_for_nginx_and_sends_no_bytes(
    client, member, settings
):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_prive/"
    attachment = private_attachment(member)
    client.force_login(member)

    response = client.get(f"/communaute/fichiers/{attachment.pk}/")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_prive/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert response["Cache-Control"] == "private, max-age=3600"


def test_an_image_thumbnail_goes_through_nginx_with_a_long_private_cache(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_prive/"
    space = make_space("Cercle privé", Space.Visibility.PRIVATE)
    SpaceMembership.objects.create(space=space, member=member)
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            space, author=member, title="Affiche", body="Ci-dessous", attachments=[png()]
        )
    image = post.attachments.get()
    client.force_login(member)

    response = client.get(f"/communaute/fichiers/{image.pk}/vignette/")

    assert response["X-Accel-Redirect"] == f"/_prive/{image.thumbnail.name}"
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"


def test_a_file_name_is_quoted_in_the_header(client, member, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_prive"
    attachment = private_attachment(member)
    attachment.file.name = f"{attachment.file.name.split('/')[0]}/été 2026.pdf"
    attachment.save(update_fields=["file"])
    client.force_login(member)

    response = client.get(f"/communaute/fichiers/{attachment.pk}/")

    assert response["X-Accel-Redirect"].endswith("/%C3%A9t%C3%A9%202026.pdf")
    assert response["X-Accel-Redirect"].startswith("/_prive/")


def test_a_non_member_gets_no_redirect_to_the_file(client, member, other_member, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_prive/"
    attachment = private_attachment(member)
    client.force_login(other_member)

    response = client.get(f"/communaute/fichiers/{attachment.pk}/")

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_without_the_setting_django_streams_the_file_itself(client, member, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = ""
    attachment = private_attachment(member)
    client.force_login(member)

    response = client.get(f"/communaute/fichiers/{attachment.pk}/")

    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == minimal_pdf()
