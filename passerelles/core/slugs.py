from django.utils.text import slugify

# Django's slugify drops what has no ASCII decomposition: "œuvres" would become "uvres".
LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})


def french_slugify(text: str) -> str:
    """Like slugify, but keeps the French ligatures as their letters: "Œuvres" -> "oeuvres"."""
    return slugify(str(text).translate(LIGATURES))


def free_slug(queryset, field, text, *, fallback, max_length=32):
    """A readable slug not yet taken in `queryset`: "Léa Roy" -> "lea-roy", then "lea-roy-2"."""
    base = french_slugify(text)[:max_length].strip("-") or fallback
    taken = set(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
