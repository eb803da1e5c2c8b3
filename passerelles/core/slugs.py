from anyascii import anyascii
from django.utils.text import slugify

# Django's slugify drops what has no ASCII decomposition: "œuvres" would become "uvres".
LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})


def french_slugify(text: str) -> str:
    """Like slugify, but every script becomes letters an address can carry: the French
    ligatures ("Œuvres" -> "oeuvres"), Inuktitut syllabics ("ᐃᓄᒃᑎᑐᑦ" -> "inuktitut"), Chinese
    ("文化" -> "wenhua"). Punctuation alone still gives "": see slug_or."""
    return slugify(anyascii(str(text).translate(LIGATURES)))


def slug_or(text: str, fallback: str, *, max_length: int = 50) -> str:
    """A slug for `text`, never empty: "!!!" gives the fallback."""
    return french_slugify(text)[:max_length].strip("-") or fallback


def free_slug(queryset, field, text, *, fallback, max_length=32):
    """A readable slug not yet taken in `queryset`: "Léa Roy" -> "lea-roy", then "lea-roy-2"."""
    base = slug_or(text, fallback, max_length=max_length)
    taken = set(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
