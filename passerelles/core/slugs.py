from django.utils.text import slugify


def free_slug(queryset, field, text, *, fallback, max_length=32):
    """A readable slug not yet taken in `queryset`: "Léa Roy" -> "lea-roy", then "lea-roy-2"."""
    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
