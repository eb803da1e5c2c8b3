"""{% load i18n %} in the site's templates: Django's library, with {% translate %} of a fixed text
remembered (passerelles/core/templatetags/kept_i18n.py). It must write what Django's tag writes."""

import functools
from pathlib import Path

import pytest
from django.template import Context, Engine, engines
from django.utils import translation
from django.utils.autoreload import file_changed

from passerelles.core.templatetags.kept_i18n import KeptTranslateNode

# No query here; the project's session fixture reads the database all the same.
pytestmark = pytest.mark.django_db

TEMPLATES = [
    '{% translate "Répondre" %}',
    "{% translate 'Répondre' %}",
    '{% translate "Pages du sujet" %}|{% translate "Répondre" as label %}<b>{{ label }}</b>',
    '{% translate "1 nouveau message — l\'afficher" context "topic" %}',
    '{% translate "Texte & <balise> « 100 %% »" %}',
    '{% translate "Répondre" noop %}',
    '{% autoescape off %}{% translate "l\'écart & co" %}{% endautoescape %}',
    '{% translate message %}|{% translate "Répondre"|upper %}|{% translate "x" context kind %}',
    "{% blocktranslate %}Page {{ number }} sur {{ pages }}{% endblocktranslate %}",
]
VALUES = {"message": "Répondre", "kind": "topic", "number": 2, "pages": 3}


@functools.cache
def site_template(source):
    # One compiled template for every language: its nodes keep what they wrote.
    return engines["django"].from_string("{% load i18n %}" + source)


def site_render(source):
    return site_template(source).render(VALUES)


def django_render(source):
    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return engine.from_string("{% load i18n %}" + source).render(Context(VALUES))


@pytest.mark.parametrize("source", TEMPLATES)
def test_it_writes_what_djangos_tag_writes_in_each_language(source):
    for language in ("fr", "en", "fr", "en", "fr"):
        with translation.override(language):
            assert site_render(source) == django_render(source), language


def test_the_site_draws_english_after_french_and_back():
    template = engines["django"].from_string('{% load i18n %}{% translate "Répondre" %}')
    with translation.override("fr"):
        assert template.render({}) == "Répondre"
    with translation.override("en"):
        assert template.render({}) == "Respond"
    with translation.override("fr"):
        assert template.render({}) == "Répondre"


def test_only_fixed_texts_are_kept():
    template = engines["django"].from_string(
        '{% load i18n %}{% translate "Répondre" %}{% translate message %}'
        '{% translate "Répondre"|upper %}{% translate "x" context kind %}'
        '{% translate "x" context "topic" %}'
    )
    kept = [isinstance(node, KeptTranslateNode) for node in template.template.nodelist[1:]]
    assert kept == [True, False, False, False, True]


def test_a_change_of_settings_is_not_hidden_by_what_was_kept(settings):
    template = engines["django"].from_string('{% load i18n %}{% translate "Répondre" %}')
    with translation.override("en"):
        assert template.render({}) == "Respond"
        # Another catalog (as a test switching LOCALE_PATHS does): drawn again.
        settings.LOCALE_PATHS = []
        assert template.render({}) == "Répondre"


def test_the_replaced_library_passes_the_checks_and_another_shared_name_still_warns(settings):
    assert engines["django"].check() == []
    options = settings.TEMPLATES[0]["OPTIONS"]
    libraries = {**options["libraries"], "posts": "passerelles.core.templatetags.kept_urls"}
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**options, "libraries": libraries}}]
    warnings = engines["django"].check()
    assert [warning.id for warning in warnings] == ["templates.W003"]
    assert warnings[0].msg.startswith("'posts' is used for multiple template tag modules")


def test_a_recompiled_catalog_is_drawn_again_under_runserver():
    template = engines["django"].from_string('{% load i18n %}{% translate "Répondre" %}')
    with translation.override("en"):
        template.render({})
        kept = dict(template.template.nodelist[1]._kept)
        answers = file_changed.send(sender=None, file_path=Path("locale/en/LC_MESSAGES/x.mo"))
        assert all(
            answer is None
            for _receiver, answer in answers
            if _receiver.__module__ == ("passerelles.core.templatetags.kept_i18n")
        )
        template.render({})
        assert set(template.template.nodelist[1]._kept) != set(kept)
