"""French plurals for our own strings.

Our strings are French in the source, so French needs no translation of them, except for one
thing: without a French catalog entry, ngettext() picks the singular only for n == 1, and a page
reads "0 services". French takes the singular for 0 and 1 too (Plural-Forms: plural=(n > 1)).

So locale/fr/LC_MESSAGES/django.po ends with an entry for each of our plural strings, its
singular and plural unchanged, below MARKER. `manage.py french_plurals` writes that part from
the plural strings of the English catalog (which `make messages` extracts from the source), and
`manage.py french_plurals --check` (run by the suite) says when one is missing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MARKER = (
    "# Our own plural strings, singular for 0 and 1 as French wants it. Written by "
    "`manage.py french_plurals` from locale/en: do not edit below this line."
)


@dataclass(frozen=True)
class PluralEntry:
    context: str | None
    singular: str
    plural: str
    flags: tuple[str, ...]


def catalog_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def plural_entries(po_text: str) -> list[PluralEntry]:
    """The entries of a .po file that have a plural, in their order (obsolete ones left out)."""
    entries = []
    for block in po_text.split("\n\n"):
        fields: dict[str, str] = {}
        flags: tuple[str, ...] = ()
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                flags = tuple(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            else:
                key, _space, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid") and "msgid_plural" in fields:
            entries.append(
                PluralEntry(fields.get("msgctxt"), fields["msgid"], fields["msgid_plural"], flags)
            )
    return entries


def _quoted(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def render(entries: list[PluralEntry]) -> str:
    blocks = []
    for entry in entries:
        lines = [f"#, {', '.join(entry.flags)}"] if entry.flags else []
        if entry.context is not None:
            lines.append(f"msgctxt {_quoted(entry.context)}")
        lines += [
            f"msgid {_quoted(entry.singular)}",
            f"msgid_plural {_quoted(entry.plural)}",
            f"msgstr[0] {_quoted(entry.singular)}",
            f"msgstr[1] {_quoted(entry.plural)}",
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def french_catalog_text() -> str:
    """The French catalog with its part below MARKER written afresh from the English one."""
    french = catalog_path("fr").read_text(encoding="utf-8")
    overrides = french.split(MARKER)[0].rstrip("\n")
    english = plural_entries(catalog_path("en").read_text(encoding="utf-8"))
    # Third-party plurals (allauth) the overrides translate already keep their translation.
    translated = {(entry.context, entry.singular) for entry in plural_entries(overrides)}
    ours = [entry for entry in english if (entry.context, entry.singular) not in translated]
    return f"{overrides}\n\n{MARKER}\n\n{render(ours)}\n"


def missing_french_plurals() -> list[str]:
    """The plural strings of the English catalog that the French one does not list."""
    french = catalog_path("fr").read_text(encoding="utf-8")
    listed = {(entry.context, entry.singular) for entry in plural_entries(french)}
    english = plural_entries(catalog_path("en").read_text(encoding="utf-8"))
    return [entry.singular for entry in english if (entry.context, entry.singular) not in listed]
