"""The registry behind /recherche/: each app contributes what visitors may find.

An app registers a provider in its AppConfig.ready(); the provider answers a query for one
visitor with the results that visitor may see. The search page only asks and displays.
"""

import html
import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import (
    CombinedSearchQuery,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
)
from django.db.models import Count, F, Func, QuerySet, TextField, Value, Window
from django.utils.safestring import mark_safe

# PostgreSQL text search configurations (core's migrations 0002 and 0005). All three ignore
# accents and case and match whole words only:
# - french_unaccent: French stems ("équipements" and "equipement" give "equip"), stop words
#   dropped; queries use it, and Wagtail (settings.WAGTAILSEARCH_BACKENDS).
# - french_unaccent_words: the same stems, every word kept; stored documents use it, so that a
#   query made only of a stop word ("son", a show's sound) still finds that word, and only it.
# - simple_unaccent: no stemming, for names ("cote" finds "Côté").
FRENCH_SEARCH_CONFIG = "french_unaccent"
DOCUMENT_SEARCH_CONFIG = "french_unaccent_words"
NAME_SEARCH_CONFIG = "simple_unaccent"
# A name query keeps its first words: enough for any name, and the query stays small.
MAX_NAME_WORDS = 5


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
    # search(query, user) -> a HitSequence (lazy: sliced, counted or head() by the page)
    search: Callable


_providers: dict[str, SearchProvider] = {}


def register(key, label, order, search):
    _providers[key] = SearchProvider(key=key, label=label, order=order, search=search)


def providers():
    return sorted(_providers.values(), key=lambda provider: provider.order)


def clean_query(raw, max_length):
    """What a search box searches for: control characters (a NUL byte, which PostgreSQL refuses
    in text) dropped, spaces collapsed, at most max_length characters."""
    printable = "".join(" " if unicodedata.category(char) == "Cc" else char for char in raw)
    return " ".join(printable.split())[:max_length]


def document(*parts):
    """A search document from (expression, weight) pairs, weight "A" (titles) to "D"."""
    return reduce(
        operator.add,
        [
            SearchVector(expression, weight=weight, config=DOCUMENT_SEARCH_CONFIG)
            for expression, weight in parts
        ],
    )


def words_of(expression):
    """A file name or an address as words: "fiche_technique-2026.pdf" -> "fiche technique 2026
    pdf" (the text search parser keeps file names and addresses whole otherwise)."""
    return Func(
        expression,
        Value("[^[:alnum:]]+"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def words_document(expression):
    """A document of a file name, an address or a short title (no weights, every word)."""
    return SearchVector(words_of(expression), config=DOCUMENT_SEARCH_CONFIG)


def text_query(text):
    """What a visitor typed, as a full-text query on documents made by document().

    Accents, case and plurals are forgiven (French stems), only whole words match ("son" does
    not find "saison"), and "quotes", "or" and -word work as on search engines. French stop
    words are left out of a query, unless it has nothing else ("son" looks for the word).
    """
    query = _FrenchOrWords(
        SearchQuery(text, config=FRENCH_SEARCH_CONFIG, search_type="websearch"),
        SearchQuery(text, config=DOCUMENT_SEARCH_CONFIG, search_type="websearch"),
    )
    excluded = _excluded_words(text)
    if excluded:
        # The French half drops an excluded stop word ("-son") with the rest of its kind: the
        # exclusion must hold on its own, whichever half matched.
        query &= SearchQuery(
            " ".join(f"-{word}" for word in excluded),
            config=DOCUMENT_SEARCH_CONFIG,
            search_type="websearch",
        )
    return query


class _FrenchOrWords(CombinedSearchQuery):
    """The French query or the every-word one, as one query: the French one alone when both
    are the same (a query without stop words, the usual case). The GIN index looks each word
    up once per occurrence in a query: a doubled « xylophone culture » read the common word's
    whole list of posts twice (800 pages at 1,000,000 posts). PostgreSQL folds the test when
    it plans the query, so the index and the row estimates see the plain query."""

    def __init__(self, french, words):
        super().__init__(french, SearchQuery.BITOR, words, french.config, SearchQueryField())

    def as_sql(self, compiler, connection, **extra_context):
        (french, french_params), (words, words_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"(CASE WHEN {french} = {words} THEN {french} ELSE {french} || {words} END)"
        return sql, [*french_params, *words_params, *french_params, *french_params, *words_params]


def _excluded_words(text):
    return re.findall(r"(?:^|\s)-(\w+)", text)


def any_word_query(*texts, limit=20):
    """A query matching documents that share any significant word (four letters or more) with
    these texts, for "this looks like..." suggestions; None when no word is significant."""
    words = sorted({word.lower() for word in re.findall(r"[^\W_]{4,}", " ".join(texts))})
    if not words:
        return None
    return SearchQuery(" | ".join(words[:limit]), config=FRENCH_SEARCH_CONFIG, search_type="raw")


def ranked(rows, text, *then, vector="search_vector"):
    """The rows whose document (a field or an annotation) matches `text`, the best first, then
    by `then`. The filter is served by the document's GIN index."""
    return by_rank(rows.filter(**{vector: text_query(text)}), text, *then, vector=vector)


def by_rank(rows, text, *then, vector="search_vector"):
    """Rows known to match `text` (a few, picked by id), the best first, then by `then`:
    without ranked()'s filter, which would have PostgreSQL ask the GIN index again."""
    return rows.annotate(rank=SearchRank(F(vector), text_query(text))).order_by("-rank", *then)


def name_document(expression):
    return SearchVector(expression, config=NAME_SEARCH_CONFIG)


def name_query(text, *, prefix=True):
    """Names that have a word starting with each word typed, accents and case forgiven
    ("gag" and "cote" find "Gagnon-Côté", "on" does not); with prefix=False, whole words only
    (to rank them first). None when nothing can be searched."""
    words = re.findall(r"[^\W_]+", fold(text))[:MAX_NAME_WORDS]
    if not words:
        return None
    suffix = ":*" if prefix else ""
    raw = " & ".join(f"'{word}'{suffix}" for word in words)
    return SearchQuery(raw, config=NAME_SEARCH_CONFIG, search_type="raw")


# Latin text decomposes into characters below U+0370, where the combining marks are those of
# one block: a regular expression drops them in one C loop, where testing each character in
# Python took half of a forum search's own time (issue #16). Other scripts take the long way.
_LATIN_MARKS = re.compile(
    "[{}]".format("".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))))
)
_BEYOND_LATIN = re.compile("[^\x00-\u036f]")


def fold(text):
    """Lower case without accents: "Équipements" -> "equipements"."""
    decomposed = unicodedata.normalize("NFKD", text)
    if _BEYOND_LATIN.search(decomposed):
        decomposed = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _LATIN_MARKS.sub("", decomposed).lower()


def query_stems(query):
    # A rough French stem (the word less its last letters) so that "chevaux" marks "cheval".
    excluded = set(_excluded_words(query))
    words = {
        fold(word) for word in re.findall(r"\w+", query) if len(word) >= 3 and word not in excluded
    }
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
    """A lazy, sliceable view of a queryset or search result set, read as SearchHits.

    A search that ranks a bounded set of candidates knows its total already (total=) and
    whether more matched than it kept (capped=True: pages say "more than" that total)."""

    def __init__(self, results, to_hit, *, total=None, capped=False):
        self.results = results
        self.to_hit = to_hit
        self.total = total
        self.capped = capped

    def count(self):
        return self.results.count() if self.total is None else self.total

    def head(self, size):
        """The first `size` hits and how many there are in all, without a count query when
        it can be spared: a queryset's rows carry the total (a window count, computed over the
        matches the ranking sorts anyway), and a list shorter than `size` is the whole of it."""
        if self.total is not None:
            return self[:size], self.total
        if isinstance(self.results, QuerySet) and not self.results.query.distinct:
            # DISTINCT applies after the window: such rows would count their duplicates.
            rows = list(self.results.annotate(matches_in_all=Window(Count("*")))[:size])
            return [self.to_hit(row) for row in rows], rows[0].matches_in_all if rows else 0
        hits = self[:size]
        return hits, len(hits) if len(hits) < size else self.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.to_hit(item) for item in self.results[index]]
        return self.to_hit(self.results[index])
