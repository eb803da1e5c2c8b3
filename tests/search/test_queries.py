"""The query language every box shares (passerelles/core/search.py), on rows of its own."""

import pytest
from django.db import connection

from passerelles.core.search import fold, highlight, ranked, text_query
from ressources.models import Need
from tests.communaute.factories import MemberFactory
from tests.ressources.factories import make_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs():
    author = MemberFactory()
    make_need(author, title="Un concert avec son et lumières", description="En plein air.")
    make_need(author, title="Un concert acoustique", description="Dans une église.")
    make_need(author, title="Des répétitions", description="Pour un trio.")


def found(text):
    return list(ranked(Need.objects.all(), text).values_list("title", flat=True))


def test_an_excluded_word_is_excluded_even_when_french_drops_it_as_a_stop_word(needs):
    assert set(found("concert")) == {"Un concert acoustique", "Un concert avec son et lumières"}
    assert found("concert -son") == ["Un concert acoustique"]
    assert found("concerts -lumiere") == ["Un concert acoustique"]


def test_an_excluded_word_is_not_highlighted():
    excerpt = highlight("Un concert avec son et lumières", "concert -son")
    assert "<mark>concert</mark>" in excerpt
    assert "<mark>son</mark>" not in excerpt


def test_a_query_without_stop_words_asks_for_each_word_once():
    # The French and every-word halves agree: the index is asked for each word once.
    def query_text(text):
        return Need.objects.annotate(query=text_query(text)).values_list("query", flat=True)

    make_need(MemberFactory(), title="Un besoin", description="")
    assert list(query_text("xylophones culture")) == ["'xylophon' & 'cultur'"]
    assert list(query_text("son")) == ["'son'"]
    assert list(query_text("concert son")) == ["'concert' | 'concert' & 'son'"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Équipements Gagnon-Côté", "equipements gagnon-cote"),
        ("ﬁn Ǆ", "fin dz"),
        ("Ελληνικά", "ελληνικα"),
        ("x\u034fy", "x\u034fy"),  # a combining grapheme joiner is no accent: kept
    ],
)
def test_fold_drops_accents_in_every_script(text, folded):
    assert fold(text) == folded


def test_the_posts_search_index_keeps_a_short_pending_list():
    # Every search reads the GIN's pending list in full (415 pages at its default 4 MB).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname IN "
            "('post_search_vector_gin', 'communaute_post') ORDER BY relname"
        )
        options = [row[0] for row in cursor.fetchall()]
    assert options == [["parallel_workers=0"], ["gin_pending_list_limit=64"]]
