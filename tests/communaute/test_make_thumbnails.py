"""`manage.py make_thumbnails`: images joined before thumbnails existed get theirs, in every
model that keeps members' files, once."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from communaute.models import Attachment, MessageAttachment
from communaute.services.files import THUMBNAIL_WIDTH, stored_file_models
from communaute.services.forum import create_topic
from communaute.services.messaging import start_conversation
from ressources.models import RequestAttachment
from tests.communaute.factories import MemberFactory
from tests.communaute.test_attachments_inline import picture
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db


def as_before_thumbnails(stored):
    """The row as an image kept before thumbnails existed: re-encoded, but no thumbnail."""
    stored.thumbnail.delete(save=False)
    type(stored).objects.filter(pk=stored.pk).update(thumbnail="", width=None, height=None)
    stored.refresh_from_db()
    assert not stored.shows_inline
    return stored


@pytest.fixture
def old_images(member, django_capture_on_commit_callbacks):
    other = MemberFactory(in_directory=True)
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(),
            author=member,
            title="Photos",
            body="Ci-dessous",
            attachments=[picture("scene.jpg", (2400, 1600), "JPEG")],
        )
        _conversation, sent = start_conversation(
            member, [other], body="La salle", attachments=[picture("salle.png", (300, 200))]
        )
    forum = as_before_thumbnails(post.attachments.get())
    message = as_before_thumbnails(sent.attachments.get())
    return forum, message


def run(*args):
    output = io.StringIO()
    call_command("make_thumbnails", *args, stdout=output)
    return output.getvalue()


def test_every_model_that_keeps_files_is_covered():
    assert {Attachment, MessageAttachment, RequestAttachment} <= set(stored_file_models())


def test_old_images_get_their_thumbnail_and_size_and_show_inline(old_images):
    output = run()
    forum, message = (stored.__class__.objects.get(pk=stored.pk) for stored in old_images)
    assert (forum.width, forum.height) == (THUMBNAIL_WIDTH, 533)
    assert (message.width, message.height) == (300, 200)
    for stored in (forum, message):
        assert stored.shows_inline
        with Image.open(stored.thumbnail.path) as opened:
            assert opened.format == "WEBP"
            assert opened.size == (stored.width, stored.height)
    assert "communaute.Attachment: 1 thumbnail(s) made, of 1." in output
    assert "communaute.MessageAttachment: 1 thumbnail(s) made, of 1." in output


def test_running_it_again_changes_nothing(old_images):
    run()
    forum = Attachment.objects.get(pk=old_images[0].pk)
    output = run()
    assert Attachment.objects.get(pk=forum.pk).thumbnail.name == forum.thumbnail.name
    assert "communaute.Attachment: 0 thumbnail(s) made, of 0." in output


def test_a_dry_run_only_counts(old_images):
    output = run("--dry-run")
    assert "communaute.Attachment: 1 image(s) without a thumbnail." in output
    assert not Attachment.objects.get(pk=old_images[0].pk).thumbnail


def test_queued_the_worker_makes_them(old_images):
    # The test settings run a queued task at once, as the worker would later.
    output = run("--queue")
    assert "communaute.Attachment: 1 thumbnail(s) queued." in output
    assert Attachment.objects.get(pk=old_images[0].pk).shows_inline


def test_an_unreadable_image_stays_a_card_and_the_others_are_made(old_images):
    forum, message = old_images
    forum.file.save("abime.webp", ContentFile(b"RIFF not really a picture"), save=True)
    output = run()
    assert not Attachment.objects.get(pk=forum.pk).thumbnail
    assert MessageAttachment.objects.get(pk=message.pk).shows_inline
    assert "communaute.Attachment: 0 thumbnail(s) made, of 1." in output


def test_files_that_are_not_images_are_left_alone(member, django_capture_on_commit_callbacks):
    from tests.communaute.test_attachments_inline import pdf

    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(), author=member, title="Programme", body="Joint", attachments=[pdf()]
        )
    run()
    assert not post.attachments.get().thumbnail
