"""The production kit on loopback: deploy/nginx/passerelles.conf in front of gunicorn
(deploy/gunicorn.conf.py) with production settings, DEBUG off, over TLS.

Skipped only when nginx is not installed; .ci/run installs it.
"""

import gzip
import http.client
import json
import socket
import ssl

import pytest
import requests

from communaute.models import Space, SpaceMembership
from communaute.services.forum import create_topic, reply
from tests.communaute.test_forum import make_space
from tests.communaute.test_library import pdf, png
from tests.core.sample_files import minimal_pdf
from tests.deploy.conftest import free_port, member_who_signs_in, requires_nginx, sign_in

pytestmark = [requires_nginx, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def site(served):
    return served([free_port()])


@pytest.fixture
def private_file(site, settings):
    """A PDF joined to a post of a private space, written where the servers read media."""
    settings.MEDIA_ROOT = site["media_root"]
    space = make_space("Cercle privé", Space.Visibility.PRIVATE)
    owner = member_who_signs_in(display_name="Sophie Gagnon")
    SpaceMembership.objects.create(space=space, member=owner)
    topic, _first = create_topic(space, author=owner, title="Budget", body="Le budget joint")
    post = reply(topic, author=owner, body="Le compte rendu", attachments=[pdf()])
    attachment = post.attachments.get()
    assert (site["media_root"] / "prive" / attachment.file.name).read_bytes() == minimal_pdf()
    return owner, attachment


def test_a_private_image_keeps_its_long_private_cache_through_nginx(site, settings):
    """nginx keeps the app's Cache-Control on an X-Accel-Redirect answer: a thumbnail is kept a
    year by the reader's browser, and by no shared cache."""
    settings.MEDIA_ROOT = site["media_root"]
    space = make_space("Atelier photo", Space.Visibility.PRIVATE)
    owner = member_who_signs_in(display_name="Julie Tremblay")
    SpaceMembership.objects.create(space=space, member=owner)
    _topic, post = create_topic(
        space, author=owner, title="La scène", body="Ci-dessous", attachments=[png()]
    )
    image = post.attachments.get()
    assert image.ready and image.thumbnail
    browser = requests.Session()
    verify = str(site["cert"])
    assert sign_in(browser, site["site_url"], owner.email, verify=verify).status_code == 302
    response = browser.get(
        f"{site['site_url']}/communaute/fichiers/{image.pk}/vignette/", verify=verify, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response.content[8:12] == b"WEBP"


def raw_get(site, path, headers=None):
    """GET exactly `path`, byte for byte: requests and urllib3 would tidy "./" and "//" away."""
    connection = http.client.HTTPSConnection(
        "localhost",
        site["https_port"],
        context=ssl.create_default_context(cafile=str(site["cert"])),
        timeout=30,
    )
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def test_plain_http_is_sent_to_the_https_site_address(site):
    response = requests.get(
        f"http://127.0.0.1:{site['http_port']}/communaute/?page=2",
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 301
    assert response.headers["Location"] == f"{site['site_url']}/communaute/?page=2"


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion:DeprecationWarning")
def test_tls_is_modern_and_http2_is_offered(site):
    context = ssl.create_default_context(cafile=str(site["cert"]))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with (
        socket.create_connection(("127.0.0.1", site["https_port"]), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        assert tls.selected_alpn_protocol() == "h2"
        assert tls.version() == "TLSv1.3"
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.load_verify_locations(str(site["cert"]))
    old.minimum_version = ssl.TLSVersion.TLSv1
    old.maximum_version = ssl.TLSVersion.TLSv1_1
    old.set_ciphers("ALL:@SECLEVEL=0")
    with (
        socket.create_connection(("127.0.0.1", site["https_port"]), timeout=10) as raw,
        pytest.raises(ssl.SSLError),
    ):
        old.wrap_socket(raw, server_hostname="localhost")


def test_pages_carry_the_security_headers_once_and_are_compressed(site):
    status, headers, body = raw_get(site, "/", {"Accept-Encoding": "gzip"})
    assert status == 200
    names = [name.lower() for name, _value in headers]
    values = {name.lower(): value for name, value in headers}
    for name in ("strict-transport-security", "x-content-type-options", "referrer-policy"):
        assert names.count(name) == 1, name
    assert values["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert values["x-content-type-options"] == "nosniff"
    assert values["referrer-policy"] == "same-origin"
    assert values["x-frame-options"] == "DENY"
    assert "default-src 'self'" in values["content-security-policy"]
    assert "server" not in values or values["server"] == "nginx"  # no version given away
    assert values["content-encoding"] == "gzip"
    assert b"Passerelles" in gzip.decompress(body)


def test_hashed_static_files_are_compressed_and_cached_for_a_year(site):
    manifest = json.loads((site["static_root"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    status, headers, body = raw_get(site, f"/static/{hashed}", {"Accept-Encoding": "gzip"})
    values = {name.lower(): value for name, value in headers}
    assert status == 200
    assert values["content-encoding"] == "gzip"
    assert values["cache-control"] == "public, max-age=31536000, immutable"
    assert values["strict-transport-security"].startswith("max-age=31536000")
    assert values["x-content-type-options"] == "nosniff"
    assert gzip.decompress(body) == (site["static_root"] / hashed).read_bytes()
    # The unhashed name may change content: cached, but not for a year.
    status, headers, _body = raw_get(site, "/static/css/site.css")
    assert status == 200
    assert {k.lower(): v for k, v in headers}["cache-control"] == "public, max-age=3600"


def test_public_media_are_served_by_nginx(site):
    folder = site["media_root"] / "avatars"
    folder.mkdir(exist_ok=True)
    (folder / "visage.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    status, headers, body = raw_get(site, "/media/avatars/visage.webp")
    assert status == 200
    assert body == b"RIFF\x00\x00\x00\x00WEBPVP8 "
    assert {k.lower(): v for k, v in headers}["content-security-policy"].startswith("sandbox")


TRICKS = [
    "/media/prive/{name}",
    "/media//prive/{name}",
    "/media///prive/{name}",
    "/media/./prive/{name}",
    "/media/%2e/prive/{name}",
    "/media/%2E/prive/{name}",
    "/media/avatars/../prive/{name}",
    "/media/avatars/%2e%2e/prive/{name}",
    "/media/%70rive/{name}",
    "/media/PRIVE/{name}",
    "/media/Prive/{name}",
    "/media/prive%2f{name}",
    "/media/prive%2F{quoted}",
    "/media%2fprive/{name}",
    "/media/%2fprive/{name}",
    "/media/prive/./{name}",
    "/MEDIA/prive/{name}",
    "/_prive/{name}",
    "/_prive/%2e/{name}",
]


def test_a_private_file_is_refused_at_every_spelling_of_its_direct_path(site, private_file):
    _owner, attachment = private_file
    name = attachment.file.name
    folder, file_name = name.split("/")
    for trick in TRICKS:
        path = trick.format(name=name, quoted=f"{folder}%2f{file_name}")
        status, _headers, body = raw_get(site, path)
        assert status in {400, 403, 404}, (path, status)
        assert b"%PDF" not in body, path


def test_a_private_file_goes_out_through_the_view_and_nginx_to_its_owner_only(site, private_file):
    owner, attachment = private_file
    address = f"{site['site_url']}/communaute/fichiers/{attachment.pk}/"
    verify = str(site["cert"])

    browser = requests.Session()
    assert sign_in(browser, site["site_url"], owner.email, verify=verify).status_code == 302
    response = browser.get(address, verify=verify, timeout=30)
    assert response.status_code == 200
    assert response.content == minimal_pdf()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert "X-Accel-Redirect" not in response.headers

    # The app itself, asked directly with the same session, sent no bytes: nginx did.
    direct = requests.get(
        f"http://127.0.0.1:{site['app_ports'][0]}/communaute/fichiers/{attachment.pk}/",
        headers={"X-Forwarded-Proto": "https", "Host": "localhost"},
        cookies={cookie.name: cookie.value for cookie in browser.cookies},
        allow_redirects=False,
        timeout=30,
    )
    assert direct.status_code == 200
    assert direct.headers["X-Accel-Redirect"] == f"/_prive/{attachment.file.name}"
    assert direct.content == b""

    outsider = member_who_signs_in(display_name="Nadia Chartrand")
    stranger = requests.Session()
    assert sign_in(stranger, site["site_url"], outsider.email, verify=verify).status_code == 302
    refused = stranger.get(address, verify=verify, timeout=30, allow_redirects=False)
    assert refused.status_code == 404
    assert b"%PDF" not in refused.content

    anonymous = requests.get(address, verify=verify, timeout=30, allow_redirects=False)
    assert anonymous.status_code in {302, 404}
    assert b"%PDF" not in anonymous.content
