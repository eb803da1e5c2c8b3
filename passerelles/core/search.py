"""The registry behind /recherche/: each app contributes what visitors may find.

An app registers a provider in its AppConfig.ready(); the provider answers a query for one
visitor with the results that visitor may see. The search page only asks and displays.
"""

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import mark_safe

# The PostgreSQL text search configuration created by core's migration 0002 (French stemming,
# accents ignored); every app's full-text search uses it.
FRENCH_SEARCH_CONFIG = "french_unaccent"


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    text: str = ""
    meta: str = ""


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str
    order: int
    # search(query, user) -> a sliceable sequence of SearchHit (a lazy sequence with count())
    search: Callable


_providers: dict[str, SearchProvider] = {}


def register(key, label, order, search):
    _providers[key] = SearchProvider(key=key, label=label, order=order, search=search)


def providers():
    return sorted(_providers.values(), key=lambda provider: provider.order)


def fold(text):
    """Lower case without accents: "Équipements" -> "equipements"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def query_stems(query):
    # A rough French stem (the word less its last letters) so that "chevaux" marks "cheval".
    words = {fold(word) for word in re.findall(r"\w+", query) if len(word) >= 3}
    return sorted({word[: max(3, len(word) - 2)] for word in words}, key=len, reverse=True)


def highlight(text, query, *, width=240):
    """An excerpt of `text` around the first match, matches wrapped in <mark>, HTML-escaped."""
    text = " ".join(text.split())
    stems = query_stems(query)
    folded = fold(text)
    # fold() keeps one character per character for Latin text, so positions line up.
    aligned = len(folded) == len(text)
    spans = []
    if stems and aligned:
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*")
        spans = [match.span() for match in pattern.finditer(folded)]
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


class HitSequence:
    """A lazy, sliceable view of a queryset or search result set, read as SearchHits."""

    def __init__(self, results, to_hit):
        self.results = results
        self.to_hit = to_hit

    def count(self):
        return self.results.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.to_hit(item) for item in self.results[index]]
        return self.to_hit(self.results[index])
