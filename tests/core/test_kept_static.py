"""{% static %} of a fixed path remembered (passerelles/core/templatetags/kept_static.py)."""

import pytest
from django.template import engines
from django.templatetags.static import StaticNode

from passerelles.core.templatetags import kept_static
from passerelles.core.templatetags.kept_static import KeptStaticNode

pytestmark = pytest.mark.django_db


def test_a_fixed_path_writes_djangos_address_and_is_asked_once(monkeypatch):
    template = engines["django"].from_string(
        "{% load static %}{% static 'css/site.css' %}|"
        "{% static 'css/site.css' as sheet %}{{ sheet }}"
    )
    expected = StaticNode.handle_simple("css/site.css")
    asked = []
    real = StaticNode.handle_simple.__func__

    def counted(cls, path):
        asked.append(path)
        return real(cls, path)

    monkeypatch.setattr(StaticNode, "handle_simple", classmethod(counted))
    monkeypatch.setattr(kept_static, "_addresses", {})
    assert template.render({}) == template.render({}) == f"{expected}|{expected}"
    assert asked == ["css/site.css"]


def test_only_fixed_paths_are_kept():
    template = engines["django"].from_string(
        "{% load static %}{% static 'img/favicon.svg' %}{% static path %}"
        "{% static 'img/favicon.svg'|upper %}"
    )
    kept = [isinstance(node, KeptStaticNode) for node in template.template.nodelist[1:]]
    assert kept == [True, False, False]
    written = [StaticNode.handle_simple(path) for path in ("img/favicon.svg", "js/live.js")]
    # The filter applies to the path, before Django's tag asks its address.
    written.append(StaticNode.handle_simple("IMG/FAVICON.SVG"))
    assert template.render({"path": "js/live.js"}) == "".join(written)


def test_a_change_of_settings_is_not_hidden_by_what_was_kept(settings):
    template = engines["django"].from_string("{% load static %}{% static 'css/site.css' %}")
    template.render({})
    settings.STATIC_URL = "/ailleurs/"
    assert template.render({}).startswith("/ailleurs/css/site")
