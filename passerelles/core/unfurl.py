"""Fetch a page somebody linked to and read its OpenGraph card, without becoming a proxy.

The server makes the request, so a member could point it at addresses only the server reaches
(the cloud metadata service, the database, the admin of a router). Every hop is therefore
resolved first and refused unless every address it resolves to is public; the connection is
made to the address that was checked (no second lookup an attacker's DNS could answer
differently); redirects are followed by hand so each new address is checked again. Reads stop
at a size cap and a deadline, and the HTML is only tokenised, never run.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings

USER_AGENT = "PasserellesCulture-apercu/1.0 (+https://passerellesculture.ca)"
MAX_REDIRECTS = 3


class UnfurlError(Exception):
    """The page could not be read; the post is shown without a card."""


class UnsafeAddress(UnfurlError):
    """The address (or one a redirect leads to) is not a public one."""


@dataclass
class Fetched:
    url: str
    content_type: str
    charset: str
    body: bytes
    truncated: bool


@dataclass
class Card:
    title: str = ""
    description: str = ""
    image_url: str = ""
    site_name: str = ""


def _allowed_for_tests(address):
    # Only the suite sets this, to fetch from its own server on 127.0.0.1.
    return str(address) in getattr(settings, "LINK_PREVIEW_ALLOWED_ADDRESSES", ())


def _networks(*cidrs):
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


# The IANA special-purpose registries (IPv4 and IPv6), whole: a link card is read from an
# ordinary public server, so even the ranges IANA calls globally reachable (AS112, AMT, the
# protocol assignments) are refused, as are the private, shared, reserved and documentation
# ones. Python's is_global differs between versions and misses some of them (NAT64 among them).
SPECIAL_IPV4 = _networks(
    "0.0.0.0/8",  # "this network"
    "10.0.0.0/8",  # private
    "100.64.0.0/10",  # shared address space (carrier-grade NAT)
    "127.0.0.0/8",  # loopback
    "169.254.0.0/16",  # link-local (cloud metadata services)
    "172.16.0.0/12",  # private
    "192.0.0.0/24",  # IETF protocol assignments
    "192.0.2.0/24",  # documentation (TEST-NET-1)
    "192.31.196.0/24",  # AS112
    "192.52.193.0/24",  # AMT
    "192.88.99.0/24",  # deprecated 6to4 relay anycast
    "192.168.0.0/16",  # private
    "192.175.48.0/24",  # AS112 direct delegation
    "198.18.0.0/15",  # benchmarking
    "198.51.100.0/24",  # documentation (TEST-NET-2)
    "203.0.113.0/24",  # documentation (TEST-NET-3)
    "224.0.0.0/4",  # multicast
    "240.0.0.0/4",  # reserved, and 255.255.255.255 (broadcast) with it
)
# Only global unicast (2000::/3) is read, less its special-purpose blocks. Outside it lie
# ::/128, ::1, IPv4-compatible ::/96, discard 100::/64, local-use NAT64 64:ff9b:1::/48,
# SRv6 5f00::/16, unique local fc00::/7, link-local fe80::/10, site-local fec0::/10 and
# multicast ff00::/8: all refused. IPv4-mapped and NAT64 addresses are judged by the IPv4
# address they carry (a DNS64 resolver answers with NAT64 addresses for IPv4-only sites).
IPV6_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
SPECIAL_IPV6 = _networks(
    "2001::/23",  # IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID...
    "2001:db8::/32",  # documentation
    "3fff::/20",  # documentation
)
IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


def _embedded_ipv4(address):
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), or None."""
    if address in IPV4_MAPPED or address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in SIX_TO_FOUR:
        return ipaddress.IPv4Address((int(address) >> 80) & 0xFFFFFFFF)
    return None


def is_public_address(address):
    """True for an ordinary public unicast address, outside every special-purpose range."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public_address(embedded)
        if address not in IPV6_GLOBAL_UNICAST or any(address in n for n in SPECIAL_IPV6):
            return False
    elif any(address in network for network in SPECIAL_IPV4):
        return False
    return address.is_global and not address.is_multicast


# getaddrinfo() has no timeout of its own: it runs here, and the caller stops waiting.
_resolver = ThreadPoolExecutor(max_workers=2, thread_name_prefix="unfurl-dns")


def resolve_public(host, port, *, timeout):
    """The addresses of a host, all public, or UnsafeAddress."""
    try:
        # An address written in the link (IPv6 literals with a zone included) is judged as is.
        literal = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        literal = None
    if literal is not None and not (is_public_address(literal) or _allowed_for_tests(literal)):
        raise UnsafeAddress(f"{host} is not a public address")
    lookup = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=max(timeout, 0.01))
    except FutureTimeout as exc:
        raise UnfurlError(f"resolving {host!r} took too long") from exc
    except (OSError, UnicodeError) as exc:
        raise UnfurlError(f"cannot resolve {host!r}") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    # One private address among public ones is enough to refuse: no mixed-answer tricks.
    for address in addresses:
        if not (is_public_address(address) or _allowed_for_tests(address)):
            raise UnsafeAddress(f"{host} resolves to a non-public address")
    if not addresses:
        raise UnfurlError(f"no address for {host!r}")
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks to the address that was checked, whatever the host name says."""

    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = str(address)

    def connect(self):
        # Kept apart from self.sock, which http.client drops once the response owns the socket.
        self.sock = self.pinned_sock = socket.create_connection(
            (self._address, self.port), self.timeout
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, context=ssl.create_default_context(), **kwargs)
        self._address = str(address)

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address.
        self.sock = self.pinned_sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _split(url):
    try:
        parts = urlsplit(url)  # an invalid IPv6 literal ("http://[zz]/") raises
    except ValueError as exc:
        raise UnfurlError("invalid address") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnfurlError("only http and https addresses are fetched")
    if parts.username or parts.password:
        raise UnfurlError("addresses with credentials are not fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnfurlError("invalid port") from exc
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def fetch(url, *, accept, max_bytes, timeout):
    """GET a public address: at most `max_bytes` of body, everything within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = _split(url)
        address = resolve_public(host, port, timeout=deadline - time.monotonic())[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise UnfurlError("deadline passed")
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, address, port=port, timeout=remaining)
        try:
            connection.request(
                "GET",
                path,
                headers={"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"},
            )
            response = connection.getresponse()
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location")
                if not location:
                    raise UnfurlError("redirect without a location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise UnfurlError(f"status {response.status}")
            body, truncated = _read_capped(connection, response, max_bytes, deadline)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset() or ""
            return Fetched(url, content_type, charset, body, truncated)
        except (OSError, http.client.HTTPException) as exc:
            raise UnfurlError(str(exc) or exc.__class__.__name__) from exc
        finally:
            connection.close()
    raise UnfurlError("too many redirects")


def _read_capped(connection, response, max_bytes, deadline):
    """Read at most max_bytes; a server that drips its answer is cut off at the deadline."""
    chunks, size = [], 0
    while size < max_bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise UnfurlError("deadline passed while reading")
        connection.pinned_sock.settimeout(remaining)
        # read1 returns what one read brings, so the deadline is checked between small reads.
        chunk = response.read1(min(16384, max_bytes - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), True


class _HeadParser(HTMLParser):
    """Collects the <title> and the <meta> tags that describe a page; stops at <body>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.title = ""
        self.charset = ""
        self._in_title = False
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "body":
            self.done = True
            return
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            if attributes.get("charset"):
                self.charset = attributes["charset"]
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and key not in self.meta and "content" in attributes:
                self.meta[key] = attributes["content"]

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data):
        if self._in_title and not self.done:
            self.title += data


def _clean(text, limit):
    # One line, no control characters, a bounded length: it is shown as plain text.
    text = " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_card(fetched):
    """The page's card from its OpenGraph tags, falling back on <title> and description."""
    encoding = fetched.charset or "utf-8"
    try:
        text = fetched.body.decode(encoding, errors="replace")
    except LookupError:
        text = fetched.body.decode("utf-8", errors="replace")
    parser = _HeadParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):
        pass  # a broken page still gives what was read before the break
    meta = parser.meta
    image = urljoin(fetched.url, meta.get("og:image", "").strip()) if meta.get("og:image") else ""
    if urlsplit(image).scheme not in {"http", "https"}:
        image = ""
    return Card(
        title=_clean(meta.get("og:title") or meta.get("twitter:title") or parser.title, 200),
        description=_clean(
            meta.get("og:description")
            or meta.get("twitter:description")
            or meta.get("description", ""),
            300,
        ),
        image_url=image[:1000],
        site_name=_clean(meta.get("og:site_name", ""), 100),
    )
