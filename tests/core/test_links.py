"""Addresses reversed once per language (passerelles/core/links.py)."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from passerelles.core.links import reversed_with_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["communaute:post_edit", "communaute:post_flag"])
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("pk", [1, 42, 987654321, 2**40])
def test_an_address_around_an_id_is_the_one_reverse_gives(name, language, pk):
    with override(language):
        assert reversed_with_id(name, pk) == reverse(name, kwargs={"pk": pk})


def test_an_id_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        reversed_with_id("communaute:post_edit", "1/../../admin")
