"""Link cards read on the server: against a page server of the suite's own on 127.0.0.1."""

import io
import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from communaute.models import LinkPreview
from communaute.services import previews
from communaute.services.forum import create_topic, reply
from passerelles.core import unfurl
from tests.communaute.test_forum import make_space

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Titre de repli</title>
<meta property="og:title" content="Fonds pour la mutualisation &amp; la diffusion">
<meta property="og:description"
 content="Un appel de projets pour les organismes qui partagent leurs ressources.">
<meta property="og:site_name" content="Exemple culturel">
<meta property="og:image" content="/image.png">
</head><body><p>Le contenu de la page.</p></body></html>"""

HOSTILE = """<html><head>
<meta property="og:title" content="<script>alert('titre')</script>Appel">
<meta property="og:description" content="<img src=x onerror=alert(1)>">
<meta property="og:image" content="javascript:alert(1)">
</head><body></body></html>"""


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


class PageServer:
    """Pages that behave well and badly; records which paths were asked for."""

    def __init__(self):
        self.hits = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send(self, status, body=b"", content_type="text/html; charset=utf-8", **headers):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                server.hits.append(self.path)
                routes = {
                    "/page": lambda: self.send(200, PAGE.encode()),
                    "/hostile": lambda: self.send(200, HOSTILE.encode()),
                    "/image.png": lambda: self.send(200, png_bytes(), "image/png"),
                    "/document.pdf": lambda: self.send(200, b"%PDF-1.4", "application/pdf"),
                    "/missing": lambda: self.send(404, b"absent"),
                    "/to-page": lambda: self.send(302, Location="/page"),
                    "/to-metadata": lambda: self.send(
                        302, Location="http://169.254.169.254/latest/meta-data/"
                    ),
                    "/to-loopback": lambda: self.send(
                        302, Location=f"http://127.0.0.2:{server.port}/page"
                    ),
                    "/to-nat64": lambda: self.send(
                        302, Location=f"http://[64:ff9b::7f00:1]:{server.port}/page"
                    ),
                    "/to-ipv6-loopback": lambda: self.send(
                        302, Location=f"http://[::1]:{server.port}/page"
                    ),
                    "/loop": lambda: self.send(302, Location="/loop"),
                    "/big": self.big,
                    "/slow": self.slow,
                    "/drip": self.drip,
                }
                routes.get(self.path, lambda: self.send(404))()

            def big(self):
                head = b'<html><head><meta property="og:title" content="Grande page"></head><body>'
                self.send(200, head + b"x" * (3 * 1024 * 1024))

            def slow(self):
                time.sleep(3)
                self.send(200, PAGE.encode())

            def drip(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(30):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def pages():
    server = PageServer()
    yield server
    server.stop()


@pytest.fixture
def allow_local(settings):
    """The one exception the suite makes: its own server's address may be fetched."""
    settings.LINK_PREVIEW_ALLOWED_ADDRESSES = ("127.0.0.1",)
    settings.LINK_PREVIEW_TIMEOUT = 1
    settings.LINK_PREVIEWS_ENABLED = True


def fetch(url, **kwargs):
    options = {"accept": "text/html", "max_bytes": 64 * 1024, "timeout": 1} | kwargs
    return unfurl.fetch(url, **options)


# The guard


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.10",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fd00:ec2::254",
        "fe80::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_non_public_addresses_are_refused_before_any_connection(address):
    with pytest.raises(unfurl.UnsafeAddress):
        unfurl.resolve_public(address, 80, timeout=1)


# Every special-purpose range of the IANA registries, and the IPv6 forms that carry an IPv4
# address (mapped, NAT64, 6to4) judged by the address they carry.
SPECIAL_PURPOSE_ADDRESSES = [
    ("0.0.0.0", "this network"),
    ("0.1.2.3", "this network"),
    ("10.0.0.1", "private"),
    ("100.64.0.1", "shared address space (CGNAT)"),
    ("100.127.255.254", "shared address space (CGNAT)"),
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("169.254.169.254", "link-local, cloud metadata"),
    ("172.16.0.5", "private"),
    ("172.31.255.255", "private"),
    ("192.0.0.8", "IETF protocol assignments"),
    ("192.0.0.9", "IETF protocol assignments (PCP anycast)"),
    ("192.0.2.1", "documentation"),
    ("192.31.196.1", "AS112"),
    ("192.52.193.1", "AMT"),
    ("192.88.99.1", "6to4 relay anycast"),
    ("192.168.1.10", "private"),
    ("192.175.48.1", "AS112 direct delegation"),
    ("198.18.0.1", "benchmarking"),
    ("198.19.255.255", "benchmarking"),
    ("198.51.100.7", "documentation"),
    ("203.0.113.9", "documentation"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "broadcast"),
    ("::", "unspecified"),
    ("::1", "loopback"),
    ("::127.0.0.1", "IPv4-compatible (deprecated)"),
    ("::8.8.8.8", "IPv4-compatible (deprecated)"),
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
    ("::ffff:10.0.0.1", "IPv4-mapped private"),
    ("::ffff:169.254.169.254", "IPv4-mapped metadata"),
    ("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254"),
    ("64:ff9b::7f00:1", "NAT64 of 127.0.0.1"),
    ("64:ff9b::a00:1", "NAT64 of 10.0.0.1"),
    ("64:ff9b::c0a8:101", "NAT64 of 192.168.1.1"),
    ("64:ff9b:1::808:808", "local-use NAT64"),
    ("100::1", "discard-only"),
    ("2001::1", "Teredo"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ("2001:2::1", "benchmarking"),
    ("2001:10::1", "ORCHID"),
    ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation"),
    ("2002:7f00:1::1", "6to4 of 127.0.0.1"),
    ("2002:a9fe:a9fe::1", "6to4 of 169.254.169.254"),
    ("2002:a00:1::1", "6to4 of 10.0.0.1"),
    ("5f00::1", "SRv6 SIDs"),
    ("fc00::1", "unique local"),
    ("fd00:ec2::254", "unique local, cloud metadata"),
    ("fe80::1", "link-local"),
    ("fec0::1", "site-local (deprecated)"),
    ("ff02::1", "multicast"),
]


@pytest.mark.parametrize(("address", "why"), SPECIAL_PURPOSE_ADDRESSES)
def test_every_special_purpose_address_is_refused(address, why):
    assert not unfurl.is_public_address(ipaddress.ip_address(address)), why
    with pytest.raises(unfurl.UnsafeAddress):
        unfurl.resolve_public(address, 80, timeout=1)


PUBLIC_ADDRESSES = [
    "8.8.8.8",
    "1.1.1.1",
    "2001:4860:4860::8888",
    "2606:4700:4700::1111",
    # A server behind DNS64 reaches IPv4-only sites through NAT64: their card is still read.
    "64:ff9b::808:808",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
]


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_addresses_pass_the_guard(address):
    found = unfurl.resolve_public(address, 443, timeout=1)
    assert found == [ipaddress.ip_address(address)]


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", 80)),
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a9fe:a9fe", 80, 0, 0)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(unfurl.UnsafeAddress):
        unfurl.resolve_public("melange.exemple.ca", 80, timeout=1)


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]/",
        "http://[::1]:8000/admin/",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1%25eth0]/",
        "https://[fd00:ec2::254]/",
    ],
)
def test_ipv6_literals_are_checked_like_any_other_address(url):
    with pytest.raises(unfurl.UnsafeAddress):
        fetch(url)


def test_an_invalid_ipv6_literal_is_an_ordinary_failure():
    with pytest.raises(unfurl.UnfurlError):
        fetch("http://[pas-une-adresse]/")


def test_a_post_with_an_ipv6_literal_records_the_link_and_gets_no_card(
    member, settings, django_capture_on_commit_callbacks
):
    settings.LINK_PREVIEWS_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        _topic, post = create_topic(
            make_space(), author=member, title="Un", body="Voir http://[::1]:8000/admin. Merci"
        )
    assert list(post.links.values_list("url", flat=True)) == ["http://[::1]:8000/admin"]
    assert 'href="http://[::1]:8000/admin"' in post.body_html
    assert LinkPreview.objects.get(url="http://[::1]:8000/admin").status == "failed"


def test_a_name_that_resolves_to_loopback_is_refused(pages):
    with pytest.raises(unfurl.UnsafeAddress):
        fetch(f"http://localhost:{pages.port}/page")
    assert pages.hits == []


def test_the_suites_server_is_refused_without_its_allow_list(pages):
    with pytest.raises(unfurl.UnsafeAddress):
        fetch(pages.url("/page"))
    assert pages.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "ftp://exemple.ca/fichier",
        "file:///etc/passwd",
        "gopher://exemple.ca/",
        "http://utilisateur:secret@exemple.ca/",
        "http:///sans-hote",
    ],
)
def test_other_schemes_and_credentials_are_refused(url):
    with pytest.raises(unfurl.UnfurlError):
        fetch(url)


def test_a_redirect_to_the_metadata_address_is_refused(pages, allow_local):
    with pytest.raises(unfurl.UnsafeAddress):
        fetch(pages.url("/to-metadata"))
    assert pages.hits == ["/to-metadata"]


def test_a_redirect_to_another_loopback_address_is_refused(pages, allow_local):
    with pytest.raises(unfurl.UnsafeAddress):
        fetch(pages.url("/to-loopback"))
    assert pages.hits == ["/to-loopback"]


@pytest.mark.parametrize("path", ["/to-nat64", "/to-ipv6-loopback"])
def test_a_redirect_to_an_ipv6_form_of_loopback_is_refused(pages, allow_local, path):
    with pytest.raises(unfurl.UnsafeAddress):
        fetch(pages.url(path))
    assert pages.hits == [path]


def test_a_redirect_to_a_public_page_is_followed(pages, allow_local):
    page = fetch(pages.url("/to-page"))
    assert page.url == pages.url("/page") and b"og:title" in page.body
    assert pages.hits == ["/to-page", "/page"]


def test_redirect_loops_stop(pages, allow_local):
    with pytest.raises(unfurl.UnfurlError, match="too many redirects"):
        fetch(pages.url("/loop"))
    assert len(pages.hits) == unfurl.MAX_REDIRECTS + 1


def test_an_oversize_page_is_cut_at_the_cap_and_its_head_still_read(pages, allow_local):
    page = fetch(pages.url("/big"), max_bytes=64 * 1024)
    assert page.truncated and len(page.body) == 64 * 1024
    assert unfurl.parse_card(page).title == "Grande page"


def test_a_server_that_does_not_answer_is_given_up_on_time(pages, allow_local):
    started = time.monotonic()
    with pytest.raises(unfurl.UnfurlError):
        fetch(pages.url("/slow"), timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_a_server_that_drips_its_answer_is_cut_at_the_deadline(pages, allow_local):
    started = time.monotonic()
    with pytest.raises(unfurl.UnfurlError):
        fetch(pages.url("/drip"), timeout=0.5)
    assert time.monotonic() - started < 1.5


# The card


def test_a_page_gives_its_card_and_a_copy_of_its_picture(pages, allow_local):
    preview = previews.refresh_preview(pages.url("/page"))
    assert preview.status == LinkPreview.Status.OK
    assert preview.title == "Fonds pour la mutualisation & la diffusion"
    assert preview.description.startswith("Un appel de projets")
    assert preview.site_name == "Exemple culturel"
    # Re-encoded and kept here: readers' browsers never ask the other site.
    assert preview.image.name.startswith("apercus/") and preview.image.name.endswith(".webp")
    with Image.open(preview.image.path) as image:
        assert max(image.size) == previews.IMAGE_MAX_SIDE


def test_a_page_without_opengraph_falls_back_on_its_title():
    page = unfurl.Fetched(
        "https://exemple.ca/", "text/html", "utf-8", b"<title> Simple\n page </title>", False
    )
    assert unfurl.parse_card(page).title == "Simple page"


def test_hostile_tags_are_kept_as_plain_text_and_a_javascript_picture_is_dropped(
    pages, allow_local
):
    preview = previews.refresh_preview(pages.url("/hostile"))
    assert preview.title == "<script>alert('titre')</script>Appel"
    assert not preview.image


def test_what_is_not_a_web_page_gives_no_card(pages, allow_local):
    assert previews.refresh_preview(pages.url("/document.pdf")).status == "failed"
    assert previews.refresh_preview(pages.url("/missing")).status == "failed"


def test_a_failure_is_kept_so_the_page_is_not_asked_again_at_once(pages, allow_local):
    url = pages.url("/missing")
    previews.refresh_preview(url)
    assert previews.stale([url]) == []


# With posts


def test_a_post_gets_its_card_after_commit_and_the_topic_page_shows_it(
    client, member, pages, allow_local, django_capture_on_commit_callbacks
):
    space = make_space()
    with django_capture_on_commit_callbacks(execute=True):
        topic, _post = create_topic(
            space, author=member, title="Un appel", body=f"À lire : {pages.url('/hostile')}"
        )
        reply(topic, author=member, body=f"Et celui-ci : {pages.url('/page')}")
    response = client.get(f"/communaute/sujets/{topic.pk}-{topic.slug}/")
    html = response.content.decode()
    assert "Fonds pour la mutualisation &amp; la diffusion" in html
    assert "/media/apercus/" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;titre&#x27;)" in html
    assert 'rel="nofollow ugc noopener"' in html


def test_a_link_already_read_is_not_fetched_again(
    member, pages, allow_local, django_capture_on_commit_callbacks
):
    space = make_space()
    with django_capture_on_commit_callbacks(execute=True):
        topic, _post = create_topic(space, author=member, title="Un", body=pages.url("/page"))
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic, author=member, body=f"Encore {pages.url('/page')}")
    assert pages.hits.count("/page") == 1


def test_the_post_is_saved_whatever_happens_to_its_card(
    client, member, monkeypatch, allow_local, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("panne du service d'aperçus")

    monkeypatch.setattr(unfurl, "fetch", broken)
    space = make_space()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/communaute/espaces/{space.slug}/nouveau-sujet/",
            {"title": "Un lien", "body": "https://exemple.ca/appel", "checked_similar": "on"},
        )
    assert response.status_code == 302
    assert space.topics.get().posts.get().body == "https://exemple.ca/appel"


def test_no_card_is_asked_for_when_previews_are_off(
    member, settings, pages, django_capture_on_commit_callbacks
):
    settings.LINK_PREVIEWS_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        create_topic(make_space(), author=member, title="Un", body=pages.url("/page"))
    # The other callbacks forget cached pages; none asks for a card.
    assert not any("_enqueue_stale" in callback.__code__.co_names for callback in callbacks)
    assert pages.hits == [] and not LinkPreview.objects.exists()
