"""The smallest genuine files of each accepted kind, for tests that attach one."""

import io
import zipfile

ODT = "application/vnd.oasis.opendocument.text"


def minimal_pdf(text="un compte rendu"):
    """A PDF reduced to what readers check: header, one object, xref, startxref and %%EOF."""
    document = b"%PDF-1.4\n"
    body = b"1 0 obj\n<< /Type /Catalog /Title (" + text.encode("latin-1") + b") >>\nendobj\n"
    xref = len(document) + len(body)
    return (
        document
        + body
        + b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
        + b"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )


def minimal_mp3(title="une entrevue"):
    """An ID3v2 tag with a title, then MPEG-1 layer III frames (silence)."""
    frame_text = b"\x03" + title.encode("utf-8")
    frame = b"TIT2" + len(frame_text).to_bytes(4, "big") + b"\x00\x00" + frame_text
    size = len(frame).to_bytes(4, "big")  # under 128 bytes: the same in 7-bit bytes
    tag = b"ID3\x03\x00\x00" + size + frame
    mpeg_frame = b"\xff\xfb\x90\x64" + b"\x00" * 413
    return tag + mpeg_frame * 3


def minimal_odt(paragraph="Bonjour", extra_members=(), mimetype=ODT):
    """An OpenDocument text built with zipfile: mimetype first and stored, then its parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            "<manifest:manifest xmlns:manifest="
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT}"/>'
            "</manifest:manifest>",
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text><text:p>{paragraph}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
        for name, content in extra_members:
            archive.writestr(name, content)
    return buffer.getvalue()
