"""The files joined to demo posts, made from data/documents.toml rather than taken from
anywhere: real files of their type (the library detects them as such) that any reader opens."""

import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from passerelles.core.files import JoinedFile
from passerelles.demo.loader import load


def _pdf(lines):
    """A one-page PDF of plain lines."""

    def literal(text):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped}) '"

    stream = "\n".join(["BT /F1 12 Tf 72 740 Td 18 TL", *map(literal, lines), "ET"]).encode(
        "cp1252"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    document = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(document)


def _odt(paragraphs):
    """An OpenDocument text with the given paragraphs (LibreOffice and Word open it)."""
    body = "".join(f"<text:p>{escape(paragraph)}</text:p>" for paragraph in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype comes first and uncompressed: that is how readers recognise the format.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            "<office:document-content"
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>",
        )
    return buffer.getvalue()


def _route_map(stops):
    """A sketch of a shared route through its stops."""
    image = Image.new("RGB", (900, 420), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    draw.line([(stop["x"], stop["y"]) for stop in stops], fill=(20, 80, 120), width=8)
    for stop in stops:
        x, y = stop["x"], stop["y"]
        draw.ellipse((x - 14, y - 14, x + 14, y + 14), fill=(180, 40, 40))
        draw.text((x - 30, y + 22), stop["name"], fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# What each kind of file is made of, in its entry of documents.toml.
MAKERS = {
    "pdf": lambda spec: _pdf(spec["lines"]),
    "odt": lambda spec: _odt(spec["paragraphs"]),
    "png": lambda spec: _route_map(spec["stops"]),
}


def demo_documents(name):
    """The uploads joined to a demo post: the demo document called name (its extension says
    how it is made), or none for a post that has none."""
    if not name:
        return []
    spec = load("documents")[name]
    upload = SimpleUploadedFile(name, MAKERS[name.rpartition(".")[2]](spec))
    # An image says what it shows, as a member is asked to at upload.
    return [JoinedFile(upload, spec.get("alt", ""))]
