"""`make bench`: the pages under the production settings and server, measured over loopback.

Steps: a database of its own (DATABASE_URL's name + "_bench", or BENCH_DATABASE_URL) migrated,
with the demo content and a seed_bench forum of --posts posts (kept between runs when it has as
many); the static files collected; queries and HTML bytes counted in process; two gunicorns of
2 sync workers each on 127.0.0.1 (the site; the bare view of passerelles/bench_urls.py; that
view behind the site's middleware for a member; behind Django's default middleware for a visitor);
then every page, anonymous and signed in, loaded by 8 connections for --seconds, in 3
interleaved rounds whose best counts. It prints one table.

`bench --smoke` only checks, in process and on the current database, that every page answers.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from passerelles import bench

ROUNDS = 3
MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = urlparse(os.environ.get("DATABASE_URL", ""))
    if not url.path.strip("/"):
        raise CommandError("Set DATABASE_URL (or BENCH_DATABASE_URL): the bench needs PostgreSQL.")
    return urlunparse(url._replace(path=url.path.rstrip("/") + "_bench"))


def create_database(url: str) -> None:
    parts = urlparse(url)
    name = parts.path.strip("/")
    server = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as link:
        if not link.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            link.execute(f'CREATE DATABASE "{name}"')


class Command(BaseCommand):
    help = "Measures the pages under gunicorn and the production settings (see make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=100_000)
        parser.add_argument("--seconds", type=float, default=3.0)
        parser.add_argument("--smoke", action="store_true", help="Check that every page answers.")
        # The steps that run inside the bench database's environment.
        parser.add_argument("--inspect", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, posts, seconds, smoke, inspect, **options):
        if smoke or inspect:
            pages = bench.bench_pages()
            found = bench.inspect_pages(pages, bench.bench_member())
            if inspect:
                listed = [{"name": page.name, "url": page.url} for page in pages]
                self.stdout.write(json.dumps({"listed": listed, **found}))
                return
            failed = {key: page for key, page in found["pages"].items() if page["status"] != 200}
            if failed:
                raise CommandError(f"Pages that do not answer 200: {failed}")
            self.stdout.write(f"{len(found['pages'])} pages answer 200.")
            return
        self.run_bench(posts, seconds)

    def run_bench(self, posts: int, seconds: float) -> None:
        url = bench_database_url()
        create_database(url)
        root = Path(settings.BASE_DIR)
        development = {**os.environ, "DATABASE_URL": url}
        development["DJANGO_SETTINGS_MODULE"] = "passerelles.settings.dev"
        run = lambda *command, env=development: subprocess.run(  # noqa: E731
            [*MANAGE, *command], env=env, check=True, cwd=root
        )
        started = time.monotonic()
        run("migrate", "--noinput", "-v0")
        run("seed_demo", "--if-empty")
        if self.bench_posts(url) != posts:
            run("seed_bench", "--posts", str(posts), "--replace", "--force")
        self.stdout.write(f"Data ready in {time.monotonic() - started:.0f} s.")
        production = self.production_environment(url, root)
        run("collectstatic", "--noinput", "-v0", env=production)
        inspected = json.loads(
            subprocess.run(
                [*MANAGE, "bench", "--inspect"],
                env=production,
                check=True,
                cwd=root,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        settings_of = {
            "site": "passerelles.settings.base",
            "bare": "passerelles.settings.bench_bare",
            # Started beside the others but measured alone, as every page is.
            "member_path": "passerelles.settings.bench_member_path",
            "django_default": "passerelles.settings.bench_django_default",
        }
        ports = {name: free_port() for name in settings_of}
        servers = [
            self.gunicorn(
                "passerelles.wsgi:application",
                ports[name],
                {**production, "DJANGO_SETTINGS_MODULE": module},
            )
            for name, module in settings_of.items()
        ]
        try:
            for port in ports.values():
                self.wait_for(port)
            rows = self.measure(inspected, ports, seconds)
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)
        self.stdout.write(
            f"\n{posts:,} posts; gunicorn 2 sync workers; {os.cpu_count()} cores; "
            f"best of {ROUNDS} rounds of {seconds:g} s, 8 connections, "
            f"{'wrk' if bench.shutil.which('wrk') else 'Python client'}.\n"
        )
        self.stdout.write(bench.table(rows))

    def bench_posts(self, url: str) -> int:
        with psycopg.connect(url) as link:
            return link.execute(
                "SELECT count(*) FROM communaute_post p JOIN communaute_topic t "
                "ON t.id = p.topic_id JOIN communaute_space s ON s.id = t.space_id "
                "WHERE s.slug LIKE 'banc-%%'"
            ).fetchone()[0]

    def production_environment(self, url: str, root: Path) -> dict:
        environment = {**os.environ, "DATABASE_URL": url}
        environment.update(
            DJANGO_SETTINGS_MODULE="passerelles.settings.base",
            DEBUG="0",
            SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-" + "k" * 50),
            ALLOWED_HOSTS="127.0.0.1,testserver",
            # Plain HTTP on loopback: nginx's TLS is not what is measured.
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            STATIC_ROOT=str(root / "var" / "bench" / "static"),
            CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13"),
        )
        return environment

    def gunicorn(self, app: str, port: int, environment: dict) -> subprocess.Popen:
        command = [str(Path(sys.executable).with_name("gunicorn")), app]
        command += ["--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "2", "--worker-class", "sync", "--threads", "1"]
        command += ["--access-logfile", "/dev/null", "--log-level", "warning"]
        return subprocess.Popen(command, env=environment, cwd=settings.BASE_DIR)

    def wait_for(self, port: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"gunicorn did not start on port {port}.")

    def measure(self, inspected: dict, ports: dict[str, int], seconds: float) -> list:
        cookie = inspected["cookie"]
        member_path = inspected["pages"][f"{bench.MEMBER_PATH}|{bench.MEMBER}"]
        site_port = ports["site"]
        targets = [
            ("bare view", bench.BARE, f"http://127.0.0.1:{ports['bare']}/", "", 0, 2),
            (
                bench.MEMBER_PATH,
                bench.MEMBER,
                f"http://127.0.0.1:{ports['member_path']}/",
                cookie,
                member_path["queries"],
                member_path["bytes"],
            ),
            # No query and the same two bytes by construction: nothing of the site runs there.
            (
                bench.DJANGO_DEFAULT,
                bench.ANONYMOUS,
                f"http://127.0.0.1:{ports['django_default']}/",
                "",
                0,
                2,
            ),
        ]
        for page in inspected["listed"]:
            # Anonymous readers twice: from the page cache, and past it (what a miss costs).
            for who in (bench.ANONYMOUS, bench.UNCACHED, bench.MEMBER):
                found = inspected["pages"].get(f"{page['name']}|{who}")
                if found is None:
                    continue
                url = page["url"] if who != bench.UNCACHED else bench.uncached_url(page["url"])
                targets.append(
                    (
                        page["name"],
                        who,
                        f"http://127.0.0.1:{site_port}{url}",
                        cookie if who == bench.MEMBER else "",
                        found["queries"],
                        found["bytes"],
                    )
                )
        best: dict[int, bench.Measure] = {}
        for round_number in range(ROUNDS):
            self.stderr.write(f"Round {round_number + 1} of {ROUNDS} ...")
            for index, (_name, _who, url, cookie_header, _q, _b) in enumerate(targets):
                bench.warm(url, cookie=cookie_header)
                measure = bench.load(url, seconds=seconds, cookie=cookie_header)
                kept = best.get(index)
                if kept is None or measure.requests_per_second > kept.requests_per_second:
                    best[index] = measure
        return [
            {"name": name, "who": who, "queries": queries, "bytes": size, "measure": best[index]}
            for index, (name, who, _url, _cookie, queries, size) in enumerate(targets)
        ]
