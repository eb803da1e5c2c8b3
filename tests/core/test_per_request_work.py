"""The work every page repeats (issue 16, item 3): one Redis client per process and server, the
site root paths read once per page for all the footer's links, and the loops rendered without
localizing their numbers printing exactly as before."""

import threading

import pytest
from django.core.cache import caches
from django.urls import reverse
from wagtail.models import Site

from passerelles.core import cache as resilient
from tests.core.test_redis_resilience import redis_server  # noqa: F401

pytestmark = pytest.mark.django_db


def test_one_redis_client_serves_every_call_and_every_thread(redis_server):  # noqa: F811
    cache = caches["default"]
    cache.set("un", 1)
    first = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is first
    assert cache.get("un") == 1
    seen = {}

    def other_thread():
        other = caches["default"]
        seen["same object"] = other is cache
        seen["client"] = other._cache.get_client()
        seen["value"] = other.get("un")

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join(5)
    assert seen["same object"] is False
    assert seen["client"] is first
    assert seen["value"] == 1


def test_the_shared_client_survives_redis_restarting(redis_server):  # noqa: F811
    cache = caches["default"]
    cache.set("avant", 1)
    redis_server.stop()
    assert cache.get("avant") is None  # served by the fallback table
    redis_server.start()
    cache.set("apres", 2)
    assert cache.get("apres") == 2
    assert resilient._clients


def test_the_footer_reads_the_site_root_paths_once_per_page(client, monkeypatch):
    from passerelles.pages.models import FooterLinks

    site = Site.objects.get(is_default_site=True)
    root = site.root_page
    links = FooterLinks.for_site(site)
    for field in ("about_page", "code_of_conduct_page", "privacy_page", "accessibility_page"):
        setattr(links, field, root)
    links.save()
    calls = []
    original = Site.get_site_root_paths

    def counted():
        calls.append(1)
        return original()

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(counted))
    response = client.get(reverse("communaute:home"))
    assert response.status_code == 200
    assert len(calls) <= 1
    footer = response.content.decode().split('class="site-footer"')[1]
    assert footer.count(f'href="{root.url}"') == 4
