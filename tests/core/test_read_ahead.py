"""Cache entries a request reads in one round trip (passerelles/core/read_ahead.py)."""

import pytest
from django.core.cache import cache

from passerelles.core import read_ahead


@pytest.fixture
def asked(monkeypatch):
    """The keys of each round trip to the cache."""
    rounds = []
    real_get = cache.get

    def get(key, *args, **kwargs):
        rounds.append([key])
        return real_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        rounds.append(list(keys))
        return {key: value for key in keys if (value := real_get(key)) is not None}

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    return rounds


@pytest.fixture
def entries():
    cache.set_many({"ra:a": "A", "ra:b": "B"})
    yield
    cache.delete_many(["ra:a", "ra:b", "ra:c"])


def test_entries_read_ahead_come_in_one_round_trip_once_each(asked, entries):
    with read_ahead.request_scope():
        read_ahead.ahead(["ra:a", "ra:b", "ra:a", "ra:c"])
        assert asked == [["ra:a", "ra:b", "ra:c"]]
        assert read_ahead.get("ra:a") == "A"
        assert read_ahead.get("ra:c") is None
        assert len(asked) == 1
        # Used once: asked again, from the cache, which a write may have changed.
        cache.set("ra:a", "A2")
        assert read_ahead.get("ra:a") == "A2"
        assert asked[-1] == ["ra:a"]


def test_an_entry_used_is_not_read_ahead_again(asked, entries):
    with read_ahead.request_scope():
        read_ahead.ahead(["ra:a", "ra:b"])
        read_ahead.get("ra:a")
        read_ahead.ahead(["ra:a", "ra:b"])
        assert asked == [["ra:a", "ra:b"]]
        # Discarded after a write: read again.
        read_ahead.discard("ra:b")
        read_ahead.ahead(["ra:a", "ra:b"])
        assert asked[-1] == ["ra:b"]


def test_an_entry_kept_is_read_as_it_was_at_the_start(asked, entries):
    with read_ahead.request_scope():
        read_ahead.ahead(["ra:a"])
        cache.set("ra:a", "later")
        assert read_ahead.get("ra:a", keep=True) == "A"
        assert read_ahead.get("ra:a", keep=True) == "A"


def test_outside_a_request_every_get_asks_the_cache(asked, entries):
    read_ahead.ahead(["ra:a"])
    assert asked == []
    assert read_ahead.get("ra:a") == "A"
    assert asked == [["ra:a"]]


def test_a_view_declares_the_entries_its_address_names():
    def keys_of(request, member_id, pk):
        return [f"thing:{pk}", f"mine:{member_id}"]

    @read_ahead.declare(keys_of)
    def view(request, pk):
        return pk

    assert read_ahead.declared(view, None, 7, {"pk": 3}) == ["thing:3", "mine:7"]
    assert read_ahead.declared(lambda request: None, None, 7, {}) == []
