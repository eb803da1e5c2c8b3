"""The smallest genuine files of each accepted kind, for tests that attach one."""

import io
import wave
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


def minimal_wav(frames=800):
    """A tenth of a second of 8 kHz mono silence, written by the standard library."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * frames)
    return buffer.getvalue()


def ogg_page(packet, *, sequence, header_type=0):
    """One Ogg page carrying one packet (the checksum is left at zero: nothing here reads it)."""
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    return (
        b"OggS\x00"
        + bytes([header_type])
        + (0).to_bytes(8, "little")
        + (1).to_bytes(4, "little")
        + sequence.to_bytes(4, "little")
        + b"\x00\x00\x00\x00"
        + bytes([len(lacing)])
        + bytes(lacing)
        + packet
    )


def minimal_ogg():
    """An Opus stream: its identification header, its comments, one packet of silence."""
    head = b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
    tags = b"OpusTags" + (4).to_bytes(4, "little") + b"test" + (0).to_bytes(4, "little")
    return (
        ogg_page(head, sequence=0, header_type=2)
        + ogg_page(tags, sequence=1)
        + ogg_page(b"\xf8\xff\xfe", sequence=2, header_type=4)
    )


def mp4_box(box_type, *contents):
    body = b"".join(contents)
    return (8 + len(body)).to_bytes(4, "big") + box_type + body


def minimal_m4a(handler=b"soun"):
    """An MPEG-4 audio file's skeleton: its type, a movie with one track, then the media."""
    hdlr = mp4_box(b"hdlr", b"\x00" * 8, handler, b"\x00" * 12, b"Son\x00")
    movie = mp4_box(b"moov", mp4_box(b"trak", mp4_box(b"mdia", hdlr)))
    return (
        mp4_box(b"ftyp", b"M4A \x00\x00\x00\x00M4A isom") + movie + mp4_box(b"mdat", b"\x00" * 64)
    )
