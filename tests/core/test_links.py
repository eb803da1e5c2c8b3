"""Addresses reversed once per language (passerelles/core/links.py), and {% url %} with them
(passerelles/core/templatetags/kept_urls.py)."""

import functools

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils.translation import override

from passerelles.core import links
from passerelles.core.links import holds_addresses, kept_reverse, reversed_with_id

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


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("communaute:home", (), {}),
        ("communaute:space", (), {"slug": "diffusion-et-tournees"}),
        ("communaute:topic", (), {"pk": 12, "slug": "un-camion"}),
        ("communaute:bookmark_set", ("post", 7), {}),
        ("wagtail_serve", ("actualites/",), {}),
    ],
)
def test_a_kept_address_is_the_one_reverse_gives(language, name, args, kwargs):
    with override(language):
        expected = reverse(name, args=args, kwargs=kwargs)
        assert kept_reverse(name, args=args, kwargs=kwargs) == expected
        # Asked again, from memory: the same.
        assert kept_reverse(name, args=args, kwargs=kwargs) == expected


def test_a_kept_address_follows_the_script_prefix():
    reverse_home = kept_reverse("communaute:home")
    set_script_prefix("/portail/")
    try:
        assert kept_reverse("communaute:home") == "/portail" + reverse_home
    finally:
        set_script_prefix("/")
    assert kept_reverse("communaute:home") == reverse_home


@pytest.fixture
def reverses(monkeypatch):
    """The addresses Django's reverse() is asked for by the kept ones."""
    calls = []
    real = links.reverse

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(links, "reverse", counting)
    return calls


def test_an_argument_of_another_kind_is_reversed_each_time(reverses):
    class Handle(str):
        pass

    calls = reverses
    for _ in range(2):
        assert kept_reverse("communaute:member", kwargs={"handle": Handle("ana")}).endswith("/ana/")
    assert len(calls) == 2


def test_another_urlconf_forgets_the_kept_addresses(settings):
    kept_reverse("communaute:home")
    settings.ROOT_URLCONF = "passerelles.bench_urls"
    with pytest.raises(NoReverseMatch):
        kept_reverse("communaute:home")


TEMPLATE = (
    "{% url 'communaute:space' slug %}|{% url 'communaute:topic' pk=pk slug=slug as address %}"
    "{{ address }}|{% url 'nowhere' as missing %}[{{ missing }}]|{% url target %}"
)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_url_tag_gives_djangos_addresses(language):
    context = {"slug": "diffusion", "pk": 5, "target": "communaute:home"}
    with override(language):
        html = engines["django"].from_string(TEMPLATE).render(context)
        assert html == (
            f"{reverse('communaute:space', args=['diffusion'])}|"
            f"{reverse('communaute:topic', kwargs={'pk': 5, 'slug': 'diffusion'})}|[]|"
            f"{reverse('communaute:home')}"
        )


def test_the_url_tag_refuses_an_unknown_address():
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'nowhere' %}").render({})


def test_a_long_argument_is_reversed_each_time(reverses):
    """A path a client made up (the language links of any address) fills no memory."""
    path = "inventee/" * 20
    for _ in range(2):
        assert kept_reverse("wagtail_serve", args=(path,)).endswith(path)
    assert len(reverses) == 2


def test_the_url_tag_reverses_each_address_once(reverses):
    """A template's literals are safe text: remembered like any text."""
    calls = reverses
    template = engines["django"].from_string(
        "{% url 'communaute:space' slug %}|{% url 'communaute:topic' pk=pk slug=slug %}"
    )
    context = {"slug": "une-adresse-comptee", "pk": 6}
    first = template.render(context)
    assert len(calls) == 2
    assert template.render(context) == first
    assert len(calls) == 2


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_address_around_an_id_keeps_its_other_arguments_apart(language):
    with override(language):
        for kind in ("topic", "service", "need", "topic"):
            assert reversed_with_id(
                "communaute:bookmark_set", 42, id_name="object_id", kind=kind
            ) == reverse("communaute:bookmark_set", args=[kind, 42])


def test_caches_holding_addresses_are_emptied_with_the_urlconf(settings):
    @holds_addresses
    @functools.lru_cache
    def drawn(language):
        return kept_reverse("communaute:home")

    drawn("fr")
    settings.SITE_URL = "https://ailleurs.example"  # another setting: kept
    assert drawn.cache_info().currsize == 1
    settings.ROOT_URLCONF = "passerelles.bench_urls"
    assert drawn.cache_info().currsize == 0
