"""The query language every box shares (passerelles/core/search.py), on rows of its own."""

import pytest

from passerelles.core.search import highlight, ranked
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
