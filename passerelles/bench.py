"""The benchmark's pieces (`make bench`, passerelles/management/commands/bench.py): which pages it
measures, how it counts their queries in process, and how it loads them over loopback.

The load comes from wrk when it is installed (best), else from a small client of threads with
keep-alive connections (it shares the two cores with the server, so its figures are lower).
"""

import http.client
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from communaute import bench_data
from communaute.models import Conversation, Member, Topic
from communaute.permissions.viewer import Viewer
from communaute.services.messaging import start_conversation
from passerelles.pages.models import ArticleIndexPage
from ressources.selectors.gatherings import visible_gatherings

ANONYMOUS = "anonyme"
MEMBER = "membre"
BARE = "bare"
UNCACHED = "anonyme, sans cache"
UNCACHED_PARAMETER = "banc-sans-cache"
MEMBER_PATH = "bare view behind the site's middleware"
MEMBER_PATH_URLCONF = "passerelles.bench_member_urls"
DJANGO_DEFAULT = "bare view behind Django's default middleware"
DJANGO_DEFAULT_SETTINGS = "passerelles.settings.bench_django_default"
# Run by `manage.py shell` under those settings, as inspect_pages does for the site: the queries
# and bytes of both reference rows (third request), and the Cookie header of a signed-in user.
DJANGO_DEFAULT_INSPECT = (
    f"ANONYMOUS, MEMBER = {ANONYMOUS!r}, {MEMBER!r}\n"
    + """
import json
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
found = {}
member = Client()
member.force_login(User.objects.get_or_create(username="bench")[0])
for who, client, url in ((ANONYMOUS, Client(), "/"), (MEMBER, member, "/membre/")):
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    found[who] = {
        "status": response.status_code, "queries": len(queries), "bytes": len(response.content)
    }
name = settings.SESSION_COOKIE_NAME
print(json.dumps({"pages": found, "cookie": f"{name}={member.cookies[name].value}"}))
"""
)


@dataclass(frozen=True)
class BenchPage:
    name: str
    url: str
    # Who the page is measured for: both, or members only (it redirects visitors).
    members_only: bool = False


@dataclass
class Measure:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    errors: int


def bench_member() -> Member:
    return bench_data.bench_members().order_by("email").first()


def conversation_of(member: Member) -> Conversation:
    """The member's private conversation with the next bench member, started once."""
    existing = Conversation.objects.filter(participants__member=member).order_by("pk").first()
    if existing is not None:
        return existing
    other = bench_data.bench_members().exclude(pk=member.pk).order_by("email").first()
    conversation, _message = start_conversation(
        member, [other], body="Bonjour, une question sur la culture en région.", subject="Banc"
    )
    return conversation


def bench_pages() -> list[BenchPage]:
    """The issue's pages, on the bench set (seed_bench) and the demo content beside it."""
    spaces = bench_data.bench_spaces()
    topics = Topic.objects.filter(space__in=spaces)
    long_topic = topics.order_by("-post_count", "pk").first()
    topic_20 = topics.filter(post_count__gte=20).exclude(pk=long_topic.pk).order_by("pk").first()
    topic_20 = topic_20 or long_topic
    space = spaces.order_by("slug").last()
    search = reverse("search:search")
    pages = [
        BenchPage("site home", "/"),
        BenchPage("community home", reverse("communaute:home")),
        BenchPage(
            "space, topic list page 1", reverse("communaute:space", kwargs={"slug": space.slug})
        ),
        BenchPage(f"topic of {min(20, topic_20.post_count)} posts", topic_20.get_absolute_url()),
        BenchPage(f"{long_topic.post_count}-post topic, first page", long_topic.get_absolute_url()),
        BenchPage(
            f"{long_topic.post_count}-post topic, last page",
            long_topic.get_page_url(long_topic.page_count),
        ),
        BenchPage("search, a common word", f"{search}?q={bench_data.COMMON_WORD}"),
        BenchPage("search, a rare word", f"{search}?q={bench_data.RARE_WORD}"),
    ]
    publications = ArticleIndexPage.objects.live().first()
    if publications is not None:
        pages.append(BenchPage("publications", publications.url))
    pages += [
        BenchPage("catalogue", reverse("ressources:catalogue")),
        BenchPage("needs", reverse("ressources:needs")),
        BenchPage("portrait", reverse("ressources:portrait")),
        BenchPage("calendar", reverse("ressources:calendar")),
        BenchPage("funding calls", reverse("ressources:funding_calls")),
    ]
    # The demo's gatherings, when it is there: one a visitor may read.
    gathering = visible_gatherings(Viewer(AnonymousUser())).order_by("-starts_at", "pk").first()
    if gathering is not None:
        pages.append(BenchPage("event page", gathering.get_absolute_url()))
    pages += [
        BenchPage("notifications", reverse("communaute:notifications"), members_only=True),
        BenchPage(
            "private conversation",
            conversation_of(bench_member()).get_absolute_url(),
            members_only=True,
        ),
    ]
    return pages


def uncached_url(url: str) -> str:
    """The page with a parameter no page knows: the page cache lets it through, as on a miss."""
    return f"{url}{'&' if '?' in url else '?'}{UNCACHED_PARAMETER}=1"


def inspect_pages(pages: list[BenchPage], member: Member) -> dict:
    """In process: status, queries and HTML bytes of each page for each reader (the third
    request, caches warm, as under load), and the cookies for the load generator to sign in
    with."""
    anonymous = Client(HTTP_HOST="127.0.0.1")
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(member)
    found = {}
    for page in pages:
        readers = [(ANONYMOUS, anonymous, page.url), (MEMBER, signed_in, page.url)]
        readers.append((UNCACHED, anonymous, uncached_url(page.url)))
        for who, client, url in readers:
            if who != MEMBER and page.members_only:
                continue
            # Twice: a member's first visit writes (the topic read), which makes the pieces
            # kept for them stale, rebuilt by the second; the load measures the third on.
            client.get(url)
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            found[f"{page.name}|{who}"] = {
                "status": response.status_code,
                "queries": len(queries),
                "bytes": len(response.content),
            }
    # A page with forms, so that the member holds the CSRF cookie their browser would.
    signed_in.get(reverse("communaute:home"))
    with override_settings(ROOT_URLCONF=MEMBER_PATH_URLCONF):
        signed_in.get("/")
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get("/")
    found[f"{MEMBER_PATH}|{MEMBER}"] = {
        "status": response.status_code,
        "queries": len(queries),
        "bytes": len(response.content),
    }
    return {"pages": found, "cookie": member_cookie(signed_in)}


def member_cookie(client: Client) -> str:
    """The Cookie header a member's browser sends: the session, and the CSRF cookie once a page
    with a form has set it (without it, each page would draw a new secret and send it back, as
    only a browser's very first page does)."""
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    sent = [f"{name}={client.cookies[name].value}" for name in names if name in client.cookies]
    return "; ".join(sent)


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %f %f %f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def load_with_wrk(url: str, *, seconds: float, connections: int, cookie: str) -> Measure:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
    ]
    command += ["-s", script.name, "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    requests, duration_us, p50_us, p95_us, errors = re.search(
        r"BENCH (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", output
    ).groups()
    return Measure(
        requests_per_second=int(requests) / (float(duration_us) / 1e6),
        p50_ms=float(p50_us) / 1000,
        p95_ms=float(p95_us) / 1000,
        errors=int(errors),
    )


def load_with_threads(url: str, *, seconds: float, connections: int, cookie: str) -> Measure:
    """Each thread keeps one connection open and asks again as soon as it is answered."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(.*)", url).groups()
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run() -> None:
        mine = []
        link = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                link.request("GET", path, headers=headers)
                response = link.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                link.close()
                link = http.client.HTTPConnection(host, int(port), timeout=10)
                continue
            mine.append(time.monotonic() - started)
        link.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if not latencies:
        return Measure(0.0, 0.0, 0.0, errors[0])
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return Measure(
        requests_per_second=len(latencies) / elapsed,
        p50_ms=cuts[49] * 1000,
        p95_ms=cuts[94] * 1000,
        errors=errors[0],
    )


def warm(url: str, *, cookie: str = "") -> None:
    """One request, so that no measure pays a worker's first page."""
    host, port, path = re.match(r"http://([^:/]+):(\d+)(.*)", url).groups()
    link = http.client.HTTPConnection(host, int(port), timeout=30)
    link.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = link.getresponse()
    response.read()
    link.close()
    # A page that redirects (a lost session) would be measured as another page.
    if response.status != 200:
        raise RuntimeError(f"{url} answers {response.status}, not 200.")


def load(url: str, *, seconds: float, connections: int = 8, cookie: str = "") -> Measure:
    loader = load_with_wrk if shutil.which("wrk") else load_with_threads
    return loader(url, seconds=seconds, connections=connections, cookie=cookie)


def table(rows: list[dict]) -> str:
    """One Markdown table, the bare view's rate as the unit of the last column."""
    bare = next(row["measure"].requests_per_second for row in rows if row["who"] == BARE)
    lines = [
        "| page | reader | req/s | p50 ms | p95 ms | queries | HTML bytes | ÷ bare view |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        measure = row["measure"]
        ratio = measure.requests_per_second / bare if bare else 0
        note = f" ({measure.errors} errors)" if measure.errors else ""
        lines.append(
            f"| {row['name']} | {row['who']} | {measure.requests_per_second:,.0f}{note} | "
            f"{measure.p50_ms:.1f} | {measure.p95_ms:.1f} | {row['queries']} | "
            f"{row['bytes']:,} | {ratio:.3f} |"
        )
    return "\n".join(lines)


def dumps(data: dict) -> str:
    return json.dumps(data)
