"""Members' faces: their photo, else a monogram (initials on a colour of their own) drawn by the
site, else a neutral mark for an account that is gone.

A monogram's address carries only its initials and a colour number (never a handle or an id):
whoever sees the page already sees the name, so the image tells nothing more, the view asks
no question of the database, and a new name makes a new address that no cache has seen.
"""

import re
import unicodedata
from urllib.parse import quote

from django.templatetags.static import static
from django.utils.html import escape

from passerelles.core.links import reversed_prefix

# Background colours, each with white text at a contrast of at least 6:1 (AA asks 4.5:1 for
# text; tests/communaute/test_avatars.py computes it). Append new colours at the end: a
# member's colour is their id modulo the length, and the order keeps the ones already seen.
PALETTE = (
    "#1f5f8b",
    "#8a3b12",
    "#2e6b30",
    "#6b3fa0",
    "#a12a5e",
    "#00636b",
    "#5c5a00",
    "#3d4f7c",
)
TEXT_COLOUR = "#ffffff"
DELETED_MARK = "img/avatar-deleted.svg"
MONOGRAM_SIDE = 64

_WORDS = re.compile(r"\s+")


def _first_character(word: str) -> str:
    for character in word:
        if character.isalnum():
            upper = character.upper()
            # "ß".upper() is "SS": one letter stays one letter.
            return upper if len(upper) == 1 else character
    return ""


def initials(name: str) -> str:
    """One or two letters for a name: the first of its first and last words (of the two
    halves of a lone hyphenated word: « Jean-Luc » gives « JL »), accents kept."""
    name = unicodedata.normalize("NFC", name or "")
    words = [word for word in _WORDS.split(name) if _first_character(word)]
    if len(words) == 1:
        words = [part for part in words[0].split("-") if _first_character(part)] or words
    if not words:
        return ""
    letters = _first_character(words[0])
    if len(words) > 1:
        letters += _first_character(words[-1])
    return letters


def are_initials(text: str) -> bool:
    """What a monogram's address may carry: one or two letters or digits, nothing else."""
    return 1 <= len(text) <= 2 and all(character.isalnum() for character in text)


def colour_number(member) -> int:
    # From the id, not the name: a member keeps their colour when they rename themselves.
    return member.pk % len(PALETTE)


def monogram_svg(letters: str, colour: int) -> str:
    """The monogram as an SVG document: a square (the page rounds it), the letters centred."""
    side = MONOGRAM_SIDE
    size = 30 if len(letters) == 1 else 26
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'width="{side}" height="{side}">'
        f'<rect width="{side}" height="{side}" fill="{PALETTE[colour]}"/>'
        f'<text x="50%" y="50%" dy=".35em" text-anchor="middle" fill="{TEXT_COLOUR}" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif\" "
        f'font-size="{size}" font-weight="600">{escape(letters)}</text></svg>'
    )


def is_gone(member) -> bool:
    """An account deleted (the content stays, authorless) or closed: no face, no name."""
    return member is None or not member.is_active


def avatar_url(member) -> str:
    """Where the member's face is: their photo, their monogram, or the neutral mark."""
    if is_gone(member):
        return static(DELETED_MARK)
    if member.avatar:
        return member.avatar.url
    letters = initials(member.public_name)
    if not letters:
        return static(DELETED_MARK)
    return monogram_url(colour_number(member), letters)


def monogram_url(colour: int, letters: str) -> str:
    prefix = reversed_prefix("communaute:monogram", {"colour": 0, "letters": "x"}, "0/x.svg")
    # reverse() quotes the same way: the letters are letters or digits, any other byte escaped.
    return f"{prefix}{colour}/{quote(letters)}.svg"
