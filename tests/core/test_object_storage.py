"""Media on S3-compatible object storage (issue 13, item 6), against moto's S3 server on
loopback (no real object store can be installed here). Public media get plain addresses that
work; private attachments go under prive/ with no public ACL and only out, to people who may
read them, as presigned addresses valid AWS_PRIVATE_URL_SECONDS.

moto checks neither ACLs nor signatures (its authentication is off): an unsigned or tampered
GET of a private object answers 200 there. So the tests check what a real store decides from —
the object's ACL grants nothing to everyone, and the address the site gives is signed (v4) and
expires in 60 s — and that the site never hands out an unsigned address for a private file."""

import io
import urllib.request
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage

from communaute.models import Attachment, Space, SpaceMembership
from communaute.services.forum import create_topic
from communaute.services.members import update_profile
from passerelles.core.storage import private_storage
from passerelles.settings.env import object_storage_config
from tests.communaute.factories import MemberFactory
from tests.communaute.test_forum import make_space
from tests.core.sample_files import minimal_pdf
from tests.redis_server import free_port

pytestmark = pytest.mark.django_db

BUCKET = "passerelles-media"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        **object_storage_config(
            bucket=BUCKET,
            private_bucket="",
            endpoint_url=s3_endpoint,
            region="us-east-1",
            access_key="test",
            secret_key="test",
            public_acl="public-read",
            custom_domain="",
            addressing_style="path",
            private_url_seconds=60,
        ),
    }
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def public_read(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(
        grant["Grantee"].get("URI") == ALL_USERS and grant["Permission"] == "READ"
        for grant in grants
    )


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def png_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 60, 20)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def private_topic():
    space = make_space("Comité de programmation", Space.Visibility.PRIVATE)
    owner = MemberFactory()
    SpaceMembership.objects.create(space=space, member=owner)
    topic, _post = create_topic(space, author=owner, title="Procès-verbal", body="Ci-joint.")
    return owner, topic


def post_attachment(client, owner, topic):
    client.force_login(owner)
    upload = SimpleUploadedFile("procès-verbal.pdf", minimal_pdf(), "application/pdf")
    response = client.post(
        f"/communaute/sujets/{topic.pk}/repondre/",
        {"body": "Le procès-verbal de la réunion.", "attachments": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Attachment.objects.get(post__topic=topic)


def test_a_private_attachment_lands_under_prive_without_a_public_acl(client, bucket, private_topic):
    owner, topic = private_topic
    attachment = post_attachment(client, owner, topic)
    key = f"prive/{attachment.file.name}"
    assert keys(bucket) == [key]
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == minimal_pdf()
    assert not public_read(bucket, key)
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url(attachment.file.name)
    # Nothing on disk: MEDIA_ROOT stays empty.


def test_the_owner_is_redirected_to_a_short_lived_signed_address_that_works(
    client, bucket, private_topic
):
    owner, topic = private_topic
    attachment = post_attachment(client, owner, topic)
    response = client.get(f"/communaute/fichiers/{attachment.pk}/")
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    query = parse_qs(urlparse(signed).query)
    assert urlparse(signed).path == f"/{BUCKET}/prive/{attachment.file.name}"
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    status, headers, body = fetch(signed)
    assert status == 200
    assert body == minimal_pdf()
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == "attachment; filename*=utf-8''proc%C3%A8s-verbal.pdf"


def test_a_non_member_and_a_visitor_get_no_address(client, bucket, private_topic):
    owner, topic = private_topic
    attachment = post_attachment(client, owner, topic)
    client.logout()
    assert client.get(f"/communaute/fichiers/{attachment.pk}/").status_code in {302, 404}
    assert "Amz" not in client.get(f"/communaute/fichiers/{attachment.pk}/").get("Location", "")
    client.force_login(MemberFactory())
    response = client.get(f"/communaute/fichiers/{attachment.pk}/")
    assert response.status_code == 404
    assert "Location" not in response


def test_a_profile_photo_is_public_in_the_bucket_and_its_address_works(
    bucket, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        update_profile(
            member,
            actor=member,
            changes={},
            avatar=SimpleUploadedFile("moi.png", png_bytes(), "image/png"),
        )
    # The photo as sent waits, private, for the worker to re-encode it.
    member.refresh_from_db()
    pending = f"prive/{member.pending_avatar.name}"
    assert keys(bucket) == [pending]
    assert not public_read(bucket, pending)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    member.refresh_from_db()
    key = member.avatar.name
    assert key.startswith("avatars/") and keys(bucket) == [key]
    assert public_read(bucket, key)
    url = member.avatar.url
    assert url.startswith(f"{bucket.meta.endpoint_url}/{BUCKET}/avatars/")
    assert "Signature" not in url
    status, _headers, body = fetch(url)
    assert status == 200 and body[:4] == b"RIFF"  # re-encoded as WebP


def test_wagtail_images_and_their_renditions_live_in_the_bucket(bucket):
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(
        title="Affiche", file=ContentFile(png_bytes((300, 200)), name="affiche.png")
    )
    rendition = image.get_rendition("fill-100x100")
    stored = keys(bucket)
    assert image.file.name in stored and rendition.file.name in stored
    assert rendition.file.name.startswith("images/")
    status, _headers, body = fetch(rendition.url)
    assert status == 200
    assert PILImage.open(io.BytesIO(body)).size == (100, 100)


def test_wagtail_documents_live_in_the_bucket_and_go_out_through_wagtail_s_view(client, bucket):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Rapport annuel", file=ContentFile(minimal_pdf("rapport"), name="rapport.pdf")
    )
    assert document.file.name in keys(bucket)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf("rapport")
