"""Issue 13, "stored bytes": a file is accepted for what its whole structure is, not for its
first bytes, so a PDF, MP3 or OpenDocument that is also a web page is never stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from communaute.models import Attachment, Post
from communaute.services.forum import create_topic
from tests.communaute.test_forum import make_space
from tests.core.sample_files import (
    minimal_m4a,
    minimal_mp3,
    minimal_odt,
    minimal_ogg,
    minimal_pdf,
    minimal_wav,
    mp4_box,
    ogg_page,
)

pytestmark = pytest.mark.django_db

PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def send(client, member, name, content, content_type):
    topic, _post = create_topic(make_space(), author=member, title="Sujet", body="Un")
    client.force_login(member)
    return topic, client.post(
        f"/communaute/sujets/{topic.pk}/repondre/",
        {
            "body": "Voici le document promis.",
            "attachments": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("rapport.pdf", b"%PDF-1.4\n" + PAGE, "application/pdf"),
        # Even with a PDF's ending, a page right behind the header is refused.
        ("rapport.pdf", b"%PDF-1.4\n" + PAGE + b"\nstartxref\n9\n%%EOF\n", "application/pdf"),
        ("entrevue.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + PAGE, "audio/mpeg"),
        # Genuine frames after the tag do not excuse a page in the tag.
        (
            "entrevue.mp3",
            b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + PAGE,
            "audio/mpeg",
        ),
        ("notes.odt", minimal_odt(extra_members=[("index.html", PAGE)]), ODT_TYPE),
        ("notes.odt", minimal_odt(extra_members=[("deep/a.SVG", b"<svg/>")]), ODT_TYPE),
        ("notes.odt", minimal_odt(extra_members=[("Scripts/run.js", b"alert(1)")]), ODT_TYPE),
        ("notes.odt", minimal_odt(mimetype="text/html"), ODT_TYPE),
        ("notes.odt", b"PK\x03\x04" + PAGE, ODT_TYPE),
        # Audio containers: each announces its own length, so nothing can follow unnoticed.
        ("voix.ogg", b"OggS\x00" + PAGE, "audio/ogg"),
        ("voix.ogg", minimal_ogg() + PAGE, "audio/ogg"),
        # Well-formed pages, but no codec: a page carried as the first packet.
        ("voix.ogg", ogg_page(PAGE, sequence=0, header_type=2), "audio/ogg"),
        ("voix.wav", b"RIFF\x00\x00\x00\x00WAVE" + PAGE, "audio/wav"),
        ("voix.wav", minimal_wav() + PAGE, "audio/wav"),
        ("voix.m4a", b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom" + PAGE, "audio/mp4"),
        ("voix.m4a", minimal_m4a() + PAGE, "audio/mp4"),
        ("voix.m4a", minimal_m4a() + mp4_box(b"html", PAGE), "audio/mp4"),
        # A film is not a recording.
        ("voix.m4a", minimal_m4a(handler=b"vide"), "audio/mp4"),
    ],
)
def test_a_file_that_is_also_a_web_page_is_refused_and_the_reply_kept(
    client, member, name, content, content_type
):
    topic, response = send(client, member, name, content, content_type)
    html = response.content.decode()
    assert response.status_code == 400
    assert "endommagé ou contient autre chose" in html or "pas accepté" in html
    assert "Voici le document promis." in html
    assert not Attachment.objects.exists()
    assert Post.objects.filter(topic=topic).count() == 1


def test_the_polyglots_get_the_clear_error(client, member):
    _topic, response = send(client, member, "a.pdf", b"%PDF-1.4\n" + PAGE, "application/pdf")
    assert "Ce fichier est endommagé ou contient autre chose qu&#x27;un document" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "kind", "extension"),
    [
        ("rapport.pdf", minimal_pdf(), "application/pdf", "pdf", "pdf"),
        ("entrevue.mp3", minimal_mp3(), "audio/mpeg", "audio", "mp3"),
        ("notes.odt", minimal_odt(), ODT_TYPE, "office", "odt"),
        ("voix.ogg", minimal_ogg(), "audio/ogg", "audio", "ogg"),
        ("voix.wav", minimal_wav(), "audio/wav", "audio", "wav"),
        ("voix.m4a", minimal_m4a(), "audio/mp4", "audio", "m4a"),
        # A drawing inserted in a document is kept as SVG among its pictures.
        (
            "notes.odt",
            minimal_odt(extra_members=[("Pictures/schema.svg", b"<svg/>")]),
            ODT_TYPE,
            "office",
            "odt",
        ),
    ],
)
def test_genuine_small_files_are_still_accepted(
    client, member, name, content, content_type, kind, extension
):
    _topic, response = send(client, member, name, content, content_type)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == kind and attachment.file.name.endswith(f".{extension}")
