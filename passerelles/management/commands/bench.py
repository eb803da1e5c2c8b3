"""`make bench`: the pages under the production settings and server, measured over loopback.

Steps: a database of its own (DATABASE_URL's name + "_bench", or BENCH_DATABASE_URL) migrated,
with the demo content and a seed_bench forum of --posts posts (kept between runs when it has as
many); the static files collected; queries and HTML bytes counted in process; four gunicorns of
2 sync workers each on 127.0.0.1 (the site; the bare view of passerelles/bench_urls.py; that
view behind the site's middleware for a member; behind Django's defaults, on a database of their
own, for a visitor and a signed-in user);
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
    url = os.environ.get("DATABASE_URL", "")
    if not urlparse(url).path.strip("/"):
        raise CommandError("Set DATABASE_URL (or BENCH_DATABASE_URL): the bench needs PostgreSQL.")
    return with_suffix(url, "_bench")


def with_suffix(url: str, suffix: str) -> str:
    """The same server, the database's name with `suffix` added."""
    parts = urlparse(url)
    return urlunparse(parts._replace(path=parts.path.rstrip("/") + suffix))


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
        started = time.monotonic()
        self.manage("migrate", "--noinput", "-v0", env=development)
        self.manage("seed_demo", "--if-empty", env=development)
        if self.bench_posts(url) != posts:
            seed = ("seed_bench", "--posts", str(posts), "--replace", "--force")
            self.manage(*seed, env=development)
        self.stdout.write(f"Data ready in {time.monotonic() - started:.0f} s.")
        production = self.production_environment(url, root)
        self.manage("collectstatic", "--noinput", "-v0", env=production)
        inspected = json.loads(self.output_of("bench", "--inspect", env=production))
        django_default, inspected["django_default"] = self.django_default(url, root)
        # Started beside one another but measured alone, as every page is.
        environments = {
            "site": production,
            "bare": {**production, "DJANGO_SETTINGS_MODULE": "passerelles.settings.bench_bare"},
            "member_path": {
                **production,
                "DJANGO_SETTINGS_MODULE": "passerelles.settings.bench_member_path",
            },
            "django_default": django_default,
        }
        ports = {name: free_port() for name in environments}
        servers = [
            self.gunicorn("passerelles.wsgi:application", ports[name], environment)
            for name, environment in environments.items()
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

    def django_default(self, url: str, root: Path) -> tuple[dict, dict]:
        """The reference rows' environment, Django's defaults on a database of their own (their user
        model is not the site's), and what their two pages answer in process."""
        environment = self.production_environment(with_suffix(url, "_django"), root)
        environment["DJANGO_SETTINGS_MODULE"] = bench.DJANGO_DEFAULT_SETTINGS
        create_database(environment["DATABASE_URL"])
        self.manage("migrate", "--noinput", "-v0", env=environment)
        # Without the models shell imports and announces: the JSON is the one line printed.
        inspect = ("shell", "--no-imports", "-v", "0", "-c", bench.DJANGO_DEFAULT_INSPECT)
        found = self.output_of(*inspect, env=environment)
        return environment, json.loads(found)

    def manage(self, *command: str, env: dict) -> None:
        """A management command of the bench's steps, its output shown as it goes."""
        subprocess.run([*MANAGE, *command], env=env, check=True, cwd=settings.BASE_DIR)

    def output_of(self, *command: str, env: dict) -> str:
        """The last line a management command prints; what it wrote on stderr if it fails."""
        done = subprocess.run(
            [*MANAGE, *command], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
        )
        lines = done.stdout.strip().splitlines()
        if done.returncode or not lines:
            raise CommandError(
                f"manage.py {command[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}"
            )
        return lines[-1]

    def bench_posts(self, url: str) -> int:
        with psycopg.connect(url) as link:
            return link.execute(
                "SELECT count(*) FROM communaute_post p JOIN communaute_topic t "
                "ON t.id = p.topic_id JOIN communaute_space s ON s.id = t.space_id "
                "WHERE s.slug LIKE 'banc-%%'"
            ).fetchone()[0]

    def production_environment(self, url: str, root: Path) -> dict:
        environment = {**os.environ, "DATABASE_URL": url}
        # The bench's databases have no replica: a deployment's would be read instead of them.
        environment.pop("DATABASE_REPLICA_URL", None)
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
        ]
        reference = inspected["django_default"]
        for who, path, cookie_header in (
            (bench.ANONYMOUS, "", ""),
            (bench.MEMBER, "membre/", reference["cookie"]),
        ):
            found = reference["pages"][who]
            url = f"http://127.0.0.1:{ports['django_default']}/{path}"
            targets.append(
                (bench.DJANGO_DEFAULT, who, url, cookie_header, found["queries"], found["bytes"])
            )
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
