"""The first load's budget (issue 16, item 5) without Lighthouse (`make lighthouse` measures the
rest): a member's topic page of 20 posts, community home and catalogue load at most 150 KB
compressed — the HTML and every stylesheet, script and image of the site's own that the page
names, each gzipped here as nginx and WhiteNoise send them. User pictures are left aside."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from communaute import bench_data
from passerelles import bench

pytestmark = pytest.mark.django_db

BUDGET = 150 * 1024
# What a browser fetches before the page is complete: scripts, stylesheets, images.
ASSETS = re.compile(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="(?P<url>[^"]+)"')


def compressed(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def first_load(client, url: str) -> dict[str, int]:
    """The compressed bytes of the page and of each static file it names (once each)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content
    weights = {url: compressed(html)}
    for found in ASSETS.finditer(html.decode()):
        asset = found["url"].split("?")[0]
        if not asset.startswith(settings.STATIC_URL) or asset in weights:
            continue
        path = finders.find(asset.removeprefix(settings.STATIC_URL))
        assert path, f"{asset} named by {url} is not a static file"
        with open(path, "rb") as source:
            weights[asset] = compressed(source.read())
    return weights


@pytest.fixture
def signed_in(client):
    bench_data.build_bench(120, seed=3)
    client.force_login(bench.bench_member())
    return client


def test_a_members_pages_stay_under_the_first_load_budget(signed_in):
    pages = {page.name: page.url for page in bench.bench_pages()}
    topic = next(name for name in pages if name.startswith("topic of"))
    for name in ("community home", topic, "catalogue"):
        weights = first_load(signed_in, pages[name])
        total = sum(weights.values())
        assert total < BUDGET, f"{name}: {total / 1024:.1f} KB compressed: {weights}"


def test_the_members_topic_page_loads_its_scripts_deferred(signed_in):
    topic = next(page for page in bench.bench_pages() if page.name.startswith("topic of"))
    html = signed_in.get(topic.url).content.decode()
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
    assert scripts, "the composer and the live updates need their scripts"
    # A script without defer (or async) blocks the first paint.
    assert all(" defer" in tag or " async" in tag for tag in scripts), scripts
    # Every script is the site's own: no third-party host.
    assert all(f'src="{settings.STATIC_URL}' in tag for tag in scripts), scripts
