"""The community home's cards (communaute/templatetags/spaces.py): counts and dates written
in the reader's language, remembered per language."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import override

from communaute.models import Space
from communaute.templatetags.spaces import space_card

pytestmark = pytest.mark.django_db

MONTREAL = ZoneInfo("America/Montreal")


def card(language, **fields):
    space = Space(pk=4, name="Diffusion <en> région", slug="diffusion-en-region", **fields)
    with override(language):
        return space_card(space)


@pytest.mark.parametrize(
    ("language", "meta"),
    [
        ("fr", "Espace public · 1 sujet · 3 messages · dernière activité le 6 décembre 2026"),
        ("en", "Public space · 1 topic · 3 posts · last activity on 6 December 2026"),
    ],
)
def test_a_card_says_its_counts_and_last_activity_in_the_readers_language(language, meta):
    # Late in the evening in Montréal: already the next day in UTC.
    evening = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=MONTREAL)
    for _ in range(2):  # the second from memory
        html = card(language, topic_count=1, post_count=3, last_activity_at=evening)
        assert f'<p class="card__meta">{meta}</p>' in html
        assert "Diffusion &lt;en&gt; région" in html


def test_each_count_is_its_own():
    assert "2 sujets · 5 messages" in card("fr", topic_count=2, post_count=5)
    assert "7 sujets · 1 message" in card("fr", topic_count=7, post_count=1)
    assert "dernière activité" not in card("fr", topic_count=7, post_count=1)
