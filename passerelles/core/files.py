"""What an uploaded file really is, read from its first bytes (never from its name)."""

import unicodedata
import zipfile

from django.core.exceptions import ValidationError
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


def _office_extension(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return OFFICE_MIMETYPES.get(archive.read("mimetype").decode("ascii", "ignore"))
            if "[Content_Types].xml" in names:
                for folder, extension in OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return extension
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect(upload):
    """(kind, extension) of a PDF, image, office document or audio file; None otherwise."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF, "pdf"
    if head.startswith(b"PK\x03\x04"):
        extension = _office_extension(upload)
        upload.seek(0)
        return (OFFICE, extension) if extension else None
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


def served_type(extension):
    return SERVED_TYPES.get(extension.lower(), "application/octet-stream")


def validate_attachment(upload, *, max_bytes):
    if upload.size > max_bytes:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la limite est de %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )
    detected = detect(upload)
    if detected is None:
        raise ValidationError(
            _(
                "Ce type de fichier n'est pas accepté. Joignez un PDF, une image, un document "
                "de bureautique (Word, Excel, PowerPoint, LibreOffice) ou un fichier audio."
            )
        )
    if detected[0] == IMAGE:
        validate_image(upload, max_bytes=max_bytes)
    return detected


__all__ = [
    "AUDIO",
    "IMAGE",
    "INLINE_TYPES",
    "OFFICE",
    "PDF",
    "clean_file_name",
    "detect",
    "served_type",
    "validate_attachment",
]
