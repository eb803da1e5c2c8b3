"""`make lighthouse`: Lighthouse's mobile audit of the pages the issue names, anonymous and signed
in, on the site served as in production (gunicorn, DEBUG off, the static files collected and
precompressed, the HTML gzipped as nginx does: passerelles/settings/lighthouse.py).

Lighthouse is not a dependency of the project: it is a Node program, installed apart
(`npm install --prefix ~/lighthouse lighthouse`) and found through LIGHTHOUSE or the PATH; without
it the command says how to install it and stops without failing. Chromium is Debian's
(CHROME_PATH, by default /usr/bin/chromium). The member's session goes in a Cookie header
(--extra-headers): Chromium leaves it off the live updates' stream (EventSource), which answers 403
in the audit, hence one console error and best practices at 96 for members, an artefact of the
audit (a browser sends its cookie with the stream too).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.request import urlopen

from django.conf import settings
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from communaute.models import Member, Space, Topic
from passerelles.management.commands.bench import MANAGE, free_port
from passerelles.management.commands.bench import Command as BenchCommand

PAGES = ("site home", "community home", "topic page", "catalogue")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# User pictures are left out of the weight budget (issue 16): uploaded ones and monograms.
PICTURES = ("/media/", "/communaute/monogrammes/")


def audited_pages() -> dict[str, str]:
    """The pages, on whatever content the database holds: the public topic with the most posts
    that still fit on one page (20 with seed_bench's data, fewer with the demo's alone)."""
    topic = (
        Topic.objects.filter(space__visibility=Space.Visibility.PUBLIC, post_count__lte=20)
        .order_by("-post_count", "pk")
        .first()
    )
    if topic is None:
        raise CommandError("No public topic: run `manage.py seed_demo` first.")
    return {
        "site home": "/",
        "community home": reverse("communaute:home"),
        "topic page": topic.get_absolute_url(),
        "catalogue": reverse("ressources:catalogue"),
    }


def summary(report: dict) -> dict:
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    weight = sum(item.get("transferSize", 0) for item in requests)
    pictures = sum(
        item.get("transferSize", 0)
        for item in requests
        if any(part in item["url"] for part in PICTURES)
    )
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": weight / 1024,
        "kb_without_pictures": (weight - pictures) / 1024,
        "scripts": sum(1 for item in requests if item.get("resourceType") == "Script"),
        "version": report["lighthouseVersion"],
    }


def table(rows: list[tuple[str, str, dict]]) -> str:
    lines = [
        "| page | reader | perf. | access. | best pr. | SEO | LCP s | TBT ms | CLS "
        "| KB (gzip) | KB w/o pictures | scripts |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, who, found in rows:
        lines.append(
            f"| {page} | {who} | {found['performance']} | {found['accessibility']} "
            f"| {found['best-practices']} | {found['seo']} | {found['lcp_s']:.1f} "
            f"| {found['tbt_ms']:.0f} | {found['cls']:.3f} | {found['kb']:.1f} "
            f"| {found['kb_without_pictures']:.1f} | {found['scripts']} |"
        )
    return "\n".join(lines)


class Command(BenchCommand):
    help = "Audits the site home, community home, a topic and the catalogue with Lighthouse."

    def add_arguments(self, parser):
        parser.add_argument("--member", default="membre@passerelles.test")
        parser.add_argument("--only", choices=PAGES, action="append")
        # The step that runs inside the production settings: pages and a session.
        parser.add_argument("--inspect", action="store_true", help="==SUPPRESS==")

    def handle(self, *args, member, only, inspect, **options):
        if inspect:
            signed_in = Client(HTTP_HOST="127.0.0.1")
            found = Member.objects.filter(email=member, is_active=True).first()
            if found is None:
                raise CommandError(f"No active member {member}: run `manage.py seed_demo`.")
            signed_in.force_login(found)
            session = signed_in.cookies["sessionid"].value
            self.stdout.write(json.dumps({"pages": audited_pages(), "session": session}))
            return
        lighthouse = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
        if not lighthouse:
            self.stdout.write(
                "Lighthouse is not installed; skipped. Install it outside the project, e.g. "
                "`npm install --prefix ~/lighthouse lighthouse`, then "
                "`make lighthouse LIGHTHOUSE=~/lighthouse/node_modules/.bin/lighthouse`."
            )
            return
        self.audit(lighthouse, only or PAGES)

    def audit(self, lighthouse: str, pages: tuple[str, ...]) -> None:
        root = Path(settings.BASE_DIR)
        environment = self.production_environment(os.environ["DATABASE_URL"], root)
        environment["DJANGO_SETTINGS_MODULE"] = "passerelles.settings.lighthouse"
        subprocess.run(
            [*MANAGE, "collectstatic", "--noinput", "-v0"], env=environment, check=True, cwd=root
        )
        inspected = json.loads(
            subprocess.run(
                [*MANAGE, "lighthouse", "--inspect"],
                env=environment,
                check=True,
                cwd=root,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
        reports = root / "var" / "lighthouse"
        reports.mkdir(parents=True, exist_ok=True)
        port = free_port()
        server = self.gunicorn("passerelles.wsgi:application", port, environment)
        rows = []
        try:
            self.wait_for(port)
            # A fresh worker's first answers (templates, caches) are not what visitors get, and
            # Lighthouse gives up on a robots.txt that is slow to come.
            for path in [*inspected["pages"].values(), "/robots.txt"]:
                urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()
            for page in pages:
                for who in ("anonyme", "membre"):
                    if page == "site home" and who == "membre":
                        continue
                    cookie = inspected["session"] if who == "membre" else None
                    url = f"http://127.0.0.1:{port}{inspected['pages'][page]}"
                    output = reports / f"{page.replace(' ', '-')}-{who}.json"
                    self.run_lighthouse(lighthouse, url, cookie, output)
                    rows.append((page, who, summary(json.loads(output.read_text()))))
                    self.stdout.write(f"{page}, {who}: done")
        finally:
            server.terminate()
            server.wait(timeout=30)
        version = rows[0][2]["version"] if rows else "?"
        self.stdout.write(
            f"\nLighthouse {version}, mobile preset (simulated slow 4G, CPU ÷4), "
            f"{os.cpu_count()} cores; reports in {reports}/\n"
        )
        self.stdout.write(table(rows))

    def run_lighthouse(self, lighthouse: str, url: str, cookie: str | None, output: Path) -> None:
        chromium = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
        command = [lighthouse, url, "--quiet", "--output=json", f"--output-path={output}"]
        command.append("--chrome-flags=--headless=new --no-sandbox")
        if cookie:
            command.append(f"--extra-headers={json.dumps({'Cookie': f'sessionid={cookie}'})}")
        subprocess.run(
            command, check=True, timeout=180, env={**os.environ, "CHROME_PATH": chromium}
        )
