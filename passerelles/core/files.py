"""What an uploaded file really is, read from its content (never from its name).

The first bytes name a type; the structure behind them must then hold, so that a file that is
also something else (a "polyglot": %PDF- then a web page, an ID3 tag then a script, an
OpenDocument zip holding index.html) is refused rather than stored.
"""

import re
import unicodedata
import zipfile
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from passerelles.core.images import validate_image

PDF, IMAGE, OFFICE, AUDIO = "pdf", "image", "office", "audio"
OFFICE_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
# The type a kept file goes out as, by the extension it was stored under. Uploads are stored
# under the extension detected from their content (images re-encoded to WebP), never the one
# the member typed, so a PDF named page.html can only ever come back as a PDF.
SERVED_TYPES = {
    "pdf": "application/pdf",
    "webp": "image/webp",
    **{extension: mimetype for mimetype, extension in OFFICE_MIMETYPES.items()},
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
}
# What a browser may show in the tab; everything else is downloaded. PDFs are downloaded too:
# members' files go out under a sandboxing policy, which Chromium's PDF viewer refuses to run in.
INLINE_TYPES = {"image/webp"}


# Where a file reader stops looking for a web page hidden behind the header.
HTML_WINDOW = 1024
HTML_STARTS = re.compile(rb"<\s*(?:!doctype\s+html|html|script|body|iframe|svg)\b", re.IGNORECASE)
# Members no document needs and a browser would run or render, at any depth of a zip; SVG only
# where office suites keep a document's images (an inserted drawing is saved as SVG there).
ACTIVE_MEMBER = re.compile(r"\.(?:html?|xhtml|js|mjs)$", re.IGNORECASE)
SVG_MEMBER = re.compile(r"\.svg$", re.IGNORECASE)
IMAGE_FOLDERS = ("Pictures/", "word/media/", "xl/media/", "ppt/media/")


def _active_member(name):
    if ACTIVE_MEMBER.search(name):
        return True
    return bool(SVG_MEMBER.search(name)) and not name.startswith(IMAGE_FOLDERS)


# Readers look for the end of a PDF in its last kilobyte; a little slack for trailing junk.
PDF_TAIL = 2048


def _read(upload, start, length):
    upload.seek(start)
    data = upload.read(length)
    upload.seek(0)
    return data


def _hides_html(upload, offset=0):
    return bool(HTML_STARTS.search(_read(upload, offset, HTML_WINDOW + 16)))


def _tail(upload, length):
    upload.seek(0, 2)
    size = upload.tell()
    return _read(upload, max(0, size - length), length)


def _office_extension(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if any(_active_member(name.rstrip("/")) for name in names):
                return None
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace")
                return OFFICE_MIMETYPES.get(declared)
            if "[Content_Types].xml" in names:
                for folder, extension in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return extension
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _pdf_holds(upload):
    """A header, no web page behind it, and the end every reader looks for: startxref, %%EOF."""
    if _hides_html(upload, offset=5):
        return False
    tail = _tail(upload, PDF_TAIL)
    end = tail.rfind(b"%%EOF")
    return end != -1 and re.search(rb"startxref\s+\d+\s*$", tail[:end]) is not None


def _id3_end(header):
    """Where the audio starts after an ID3v2 tag (its size is four 7-bit bytes)."""
    if len(header) < 10 or any(byte & 0x80 for byte in header[6:10]):
        return None
    size = int.from_bytes(bytes(byte & 0x7F for byte in header[6:10]), "big")
    footer = 10 if header[5] & 0x10 else 0
    return 10 + size + footer


def _mp3_holds(upload):
    """An MPEG audio frame right where the audio starts (after an ID3 tag and its padding)."""
    start = 0
    if _read(upload, 0, 3) == b"ID3":
        start = _id3_end(_read(upload, 0, 10))
        if start is None:
            return False
    following = _read(upload, start, 4096).lstrip(b"\x00")
    if len(following) < 2 or following[0] != 0xFF or following[1] & 0xE0 != 0xE0:
        return False
    return not _hides_html(upload, offset=3)


# Codecs an Ogg file announces in its first packet (Vorbis, Opus, FLAC, Speex).
OGG_CODECS = (b"\x01vorbis", b"OpusHead", b"\x7fFLAC", b"Speex   ")
OGG_PAGE_HEADER = 27
# How many pages are walked: enough to reach past anything glued to the start of a real
# recording, without reading a long one whole (a page holds up to 64 KB).
OGG_MAX_PAGES = 4096


def _size(upload):
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def _ogg_holds(upload):
    """Ogg pages one after the other to the end of the file, the first naming an audio codec.

    Each page says how long it is (a header, then a table of segment sizes), so anything that
    is not a page (a web page glued to a recording, or in place of one) breaks the chain."""
    size, offset = _size(upload), 0
    for number in range(OGG_MAX_PAGES):
        if offset == size:
            return number > 0
        header = _read(upload, offset, OGG_PAGE_HEADER)
        if len(header) < OGG_PAGE_HEADER or header[:4] != b"OggS" or header[4] != 0:
            return False
        segments = _read(upload, offset + OGG_PAGE_HEADER, header[26])
        if len(segments) < header[26]:
            return False
        body = offset + OGG_PAGE_HEADER + header[26]
        if number == 0 and not _read(upload, body, 8).startswith(OGG_CODECS):
            return False
        offset = body + sum(segments)
        if offset > size:
            return False
    return True


def _wav_holds(upload):
    """RIFF chunks that fill exactly the size the header declares, with a format and data."""
    size = _size(upload)
    declared = int.from_bytes(_read(upload, 4, 4), "little") + 8
    # An odd-sized last chunk may be followed by its padding byte, counted or not.
    if declared not in (size, size - 1) or size > declared + 1:
        return False
    offset, seen = 12, set()
    while offset + 8 <= declared:
        chunk = _read(upload, offset, 8)
        chunk_id, length = chunk[:4], int.from_bytes(chunk[4:], "little")
        if not all(32 <= byte < 127 for byte in chunk_id):
            return False
        if chunk_id == b"fmt " and length < 16:
            return False
        seen.add(chunk_id)
        offset += 8 + length + (length & 1)
    return offset in (declared, declared + 1) and {b"fmt ", b"data"} <= seen


# Boxes of an MP4 file that hold other boxes, on the way to a track's handler.
MP4_CONTAINERS = {b"moov", b"trak", b"mdia"}
MP4_MAX_BOXES = 4096


def _mp4_boxes(upload, start, end, budget):
    """(type, start of content, end) of each box between start and end; None if they do not
    fill it exactly or there are too many to walk."""
    boxes, offset = [], start
    while offset < end:
        if len(boxes) >= budget:
            return None
        header = _read(upload, offset, 16)
        if len(header) < 8:
            return None
        length, box_type = int.from_bytes(header[:4], "big"), header[4:8]
        content = offset + 8
        if length == 1:  # the size follows, on 64 bits
            if len(header) < 16:
                return None
            length, content = int.from_bytes(header[8:16], "big"), offset + 16
        elif length == 0:  # the last box runs to the end
            length = end - offset
        if not all(32 <= byte < 127 for byte in box_type) or length < content - offset:
            return None
        if offset + length > end:
            return None
        boxes.append((box_type, content, offset + length))
        offset += length
    return boxes


def _mp4_handlers(upload, boxes, budget):
    """The handler type of every track (b"soun" for sound, b"vide" for pictures...)."""
    handlers = []
    for box_type, content, end in boxes:
        if box_type == b"hdlr":
            # version and flags (4 bytes), pre-defined (4), then the handler type
            handlers.append(_read(upload, content + 8, 4))
        elif box_type in MP4_CONTAINERS:
            inner = _mp4_boxes(upload, content, end, budget)
            if inner is None:
                return None
            found = _mp4_handlers(upload, inner, budget)
            if found is None:
                return None
            handlers.extend(found)
    return handlers


def _m4a_holds(upload):
    """Boxes that fill the file from its type to its end, with a movie of sound and no
    pictures (chapter and text tracks, as podcasts carry, are welcome)."""
    boxes = _mp4_boxes(upload, 0, _size(upload), MP4_MAX_BOXES)
    if not boxes or boxes[0][0] != b"ftyp":
        return False
    types = [box_type for box_type, _start, _end in boxes]
    if b"moov" not in types:
        return False
    handlers = _mp4_handlers(upload, boxes, MP4_MAX_BOXES)
    return handlers is not None and b"soun" in handlers and b"vide" not in handlers


AUDIO_STRUCTURES = {"mp3": _mp3_holds, "ogg": _ogg_holds, "wav": _wav_holds, "m4a": _m4a_holds}


def _sniff(upload):
    """(kind, extension) the first bytes announce; None when they announce nothing accepted."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF, "pdf"
    if head.startswith(b"PK\x03\x04"):
        return OFFICE, None
    if head.startswith((b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")):
        return AUDIO, "mp3"
    if head.startswith(b"OggS"):
        return AUDIO, "ogg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return AUDIO, "wav"
    if head[4:8] == b"ftyp" and head[8:11] in {b"M4A", b"mp4", b"iso"}:
        return AUDIO, "m4a"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return IMAGE, None
    return None


def _checked(upload, kind, extension):
    """(kind, extension) once the structure behind the first bytes holds; None otherwise."""
    if kind == OFFICE:
        extension = _office_extension(upload)
        upload.seek(0)
        return (OFFICE, extension) if extension else None
    if kind == PDF:
        holds = _pdf_holds(upload)
    elif kind == AUDIO:
        holds = AUDIO_STRUCTURES[extension](upload) and not _hides_html(upload, offset=4)
    else:  # Images are opened and re-encoded by validate_image and bounded_webp.
        holds = True
    return (kind, extension) if holds else None


def detect(upload):
    """(kind, extension) of a PDF, image, office document or audio file; None otherwise."""
    announced = _sniff(upload)
    return _checked(upload, *announced) if announced else None


# Characters that reorder text: "facture\u202eFDP.exe" reads as "factureexe.PDF" on screen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Invisible format characters a name needs: the joiners of Persian, Indic scripts and emoji.
KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")


def clean_file_name(name, *, max_length=150):
    """A member's file name as it is kept and shown: its last part, one line, nothing invisible.

    Bidi controls, control characters and other invisible format characters are dropped, line
    breaks and odd spaces become one space. Empty when nothing readable is left.
    """
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for character in name:
        category = unicodedata.category(character)
        if character in BIDI_CONTROLS or category in {"Cc", "Cs", "Co", "Cn"}:
            kept.append(" " if character in "\t\n\r\x0b\x0c\x85" else "")
        elif category == "Cf" and character not in KEPT_FORMAT_CHARACTERS:
            continue
        elif category.startswith("Z"):
            kept.append(" ")
        else:
            kept.append(character)
    return " ".join("".join(kept).split())[:max_length].strip()


# The words describing an image (StoredFile.alt_text): a sentence or two.
ALT_TEXT_MAX_LENGTH = 250


class JoinedFile(NamedTuple):
    """A file a member joins to what they write, with the words that describe it when it is an
    image (empty: the file's name stands in for them, see StoredFile.alt)."""

    upload: UploadedFile
    alt_text: str = ""


def served_type(extension):
    return SERVED_TYPES.get(extension.lower(), "application/octet-stream")


def validate_attachment(upload, *, max_bytes):
    if upload.size > max_bytes:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la limite est de %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )
    announced = _sniff(upload)
    if announced is None:
        raise ValidationError(
            _(
                "Ce type de fichier n'est pas accepté. Joignez un PDF, une image, un document "
                "de bureautique (Word, Excel, PowerPoint, LibreOffice) ou un fichier audio."
            )
        )
    detected = _checked(upload, *announced)
    if detected is None:
        raise ValidationError(
            _(
                "Ce fichier est endommagé ou contient autre chose qu'un document de son type "
                "(par exemple une page web) : il ne peut pas être joint. Enregistrez-le de "
                "nouveau depuis son logiciel, puis réessayez."
            )
        )
    if detected[0] == IMAGE:
        validate_image(upload, max_bytes=max_bytes)
    return detected


__all__ = [
    "ALT_TEXT_MAX_LENGTH",
    "AUDIO",
    "IMAGE",
    "INLINE_TYPES",
    "OFFICE",
    "PDF",
    "JoinedFile",
    "clean_file_name",
    "detect",
    "served_type",
    "validate_attachment",
]
