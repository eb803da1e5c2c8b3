"""The backup drill: back the demo up, restore it into a fresh database, compare everything.

pg_dump and pg_restore run in other processes: they see committed rows only, hence the
transactional drill. The refusals use one small backup of the test database, copied and
damaged per test.
"""

import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import uuid
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from psycopg import sql

from passerelles.core import backups

TIMEOUT = 300


def server_params(dbname):
    return backups.connection_params(connections["default"].settings_dict, dbname=dbname)


def tables(dbname):
    """Every table of the database with its row count and a digest of its rows."""
    found = {}
    with psycopg.connect(**server_params(dbname), autocommit=True) as connection:
        names = connection.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' "
            "AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        for schema, table in names:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                "FROM {}.{} AS t"
            ).format(sql.Identifier(schema), sql.Identifier(table))
            found[f"{schema}.{table}"] = connection.execute(query).fetchone()
    return found


def media_digests(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def empty_database():
    """A new, empty database on the test server (<test database>_restore_…), dropped after."""
    name = f"{connections['default'].settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**server_params("postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**server_params("postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def database_is_empty(dbname):
    with psycopg.connect(**server_params(dbname), autocommit=True) as connection:
        return backups.database_relations(connection) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_drill_restores_every_row_and_every_media_file_of_the_demo(
    settings, tmp_path, empty_database
):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    media = Path(settings.MEDIA_ROOT)
    (media / "avatars").mkdir(parents=True, exist_ok=True)
    (media / "avatars" / "portrait élise.webp").write_bytes(b"RIFF\x00public" * 50)
    (media / "prive" / "espace-test").mkdir(parents=True, exist_ok=True)
    (media / "prive" / "espace-test" / "procès-verbal.pdf").write_bytes(b"%PDF-1.4 private")
    original_media = media_digests(media)
    assert any(name.startswith("prive/") for name in original_media)

    out = StringIO()
    call_command("backup", output=tmp_path / "backups", timeout=TIMEOUT, stdout=out)
    (backup,) = (tmp_path / "backups").iterdir()
    assert f"Backup written: {backup}" in out.getvalue()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["row_counts"]["public.communaute_member"] > 5
    assert manifest["media"]["files"] == len(original_media)
    assert manifest["versions"]["pg_dump_major"] >= manifest["versions"]["postgresql_server_major"]
    assert manifest["migrations"]["communaute"]
    for name in ("database.dump", "media.tar.gz"):
        digest = hashlib.sha256((backup / name).read_bytes()).hexdigest()
        assert manifest["files"][name]["sha256"] == digest

    restored_media = tmp_path / "restored-media"
    out = StringIO()
    call_command(
        "restore",
        backup,
        database_name=empty_database,
        media_root=restored_media,
        timeout=TIMEOUT,
        stdout=out,
    )
    assert "Every table has the row count of the manifest" in out.getvalue()

    original = tables(connections["default"].settings_dict["NAME"])
    restored = tables(empty_database)
    assert set(restored) == set(original)
    assert {table: rows for table, (rows, _) in restored.items()} == manifest["row_counts"]
    assert restored == original
    assert media_digests(restored_media) == original_media


# --- Refusals, on one small backup of the test database -------------------------------------


@pytest.fixture(scope="module")
def small_backup(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    (media / "prive" / "a").mkdir(parents=True)
    (media / "prive" / "a" / "note.pdf").write_bytes(b"%PDF-1.4 note")
    (media / "avatars").mkdir()
    (media / "avatars" / "x.webp").write_bytes(b"RIFF....WEBP")
    with django_db_blocker.unblock():
        result = backups.create_backup(
            connections["default"].settings_dict,
            tmp_path_factory.mktemp("backups"),
            media_root=media,
            timeout=TIMEOUT,
        )
    return result.path


@pytest.fixture
def backup_copy(small_backup, tmp_path):
    return Path(shutil.copytree(small_backup, tmp_path / small_backup.name))


def restore(backup, database, media_root):
    call_command(
        "restore",
        backup,
        database_name=database,
        media_root=media_root,
        timeout=TIMEOUT,
        stdout=StringIO(),
    )


def test_verify_backup_accepts_an_intact_backup(backup_copy):
    out = StringIO()
    call_command("verify_backup", backup_copy, timeout=TIMEOUT, stdout=out)
    assert "is intact" in out.getvalue()


def test_a_corrupted_backup_is_refused_and_nothing_is_restored(
    backup_copy, empty_database, tmp_path
):
    dump = backup_copy / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=r"corrupted: database\.dump does not match"):
        call_command("verify_backup", backup_copy, stdout=StringIO())
    with pytest.raises(CommandError, match="corrupted"):
        restore(backup_copy, empty_database, tmp_path / "media")
    assert database_is_empty(empty_database)
    assert not (tmp_path / "media").exists()


def test_a_backup_missing_its_media_archive_is_refused(backup_copy, empty_database, tmp_path):
    (backup_copy / "media.tar.gz").unlink()

    with pytest.raises(CommandError, match=r"incomplete: media\.tar\.gz is missing"):
        restore(backup_copy, empty_database, tmp_path / "media")
    assert database_is_empty(empty_database)


def test_restore_says_when_the_target_database_does_not_exist(backup_copy, tmp_path):
    refusal = r"(?s)Cannot connect to the database 'absente_.*createdb NAME"
    with pytest.raises(CommandError, match=refusal):
        restore(backup_copy, f"absente_{uuid.uuid4().hex[:8]}", tmp_path / "media")
    assert not (tmp_path / "media").exists()


def test_restore_refuses_a_database_that_is_not_empty(backup_copy, tmp_path):
    test_database = connections["default"].settings_dict["NAME"]

    with pytest.raises(CommandError, match=f"The database '{test_database}' is not empty"):
        restore(backup_copy, test_database, tmp_path / "media")
    assert not (tmp_path / "media").exists()


def test_restore_refuses_a_database_with_only_an_empty_table(backup_copy, empty_database, tmp_path):
    with psycopg.connect(**server_params(empty_database), autocommit=True) as connection:
        connection.execute("CREATE TABLE leftover (id int)")

    with pytest.raises(CommandError, match="is not empty"):
        restore(backup_copy, empty_database, tmp_path / "media")


def test_restore_refuses_a_media_folder_that_is_not_empty(backup_copy, empty_database, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "kept.txt").write_text("already here")

    with pytest.raises(CommandError, match=r"media folder .* is not empty"):
        restore(backup_copy, empty_database, media)
    assert database_is_empty(empty_database)
    assert [path.name for path in media.iterdir()] == ["kept.txt"]


def replace_media_archive(backup, *members):
    """Swap in a hostile archive with a matching checksum: only the member check stands."""
    archive = backup / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            tar.addfile(member, io.BytesIO(data) if data is not None else None)
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"]["media.tar.gz"] = {
        "sha256": hashlib.sha256(archive.read_bytes()).hexdigest(),
        "size": archive.stat().st_size,
    }
    (backup / "manifest.json").write_text(json.dumps(manifest))


def file_member(name, data=b"payload"):
    member = tarfile.TarInfo(name)
    member.size = len(data)
    return member, data


def link_member(name, target, kind=tarfile.SYMTYPE):
    member = tarfile.TarInfo(name)
    member.type = kind
    member.linkname = target
    return member, None


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (file_member("../outside.txt"), "a path leaving the media folder"),
        (file_member("avatars/../../outside.txt"), "a path leaving the media folder"),
        (file_member("/tmp/outside.txt"), "an absolute path"),
        (link_member("avatars/link", "../../outside"), "a link leading out of the media folder"),
        (link_member("avatars/link", "/etc/passwd"), "a link to an absolute path"),
        (link_member("hard", "../outside", tarfile.LNKTYPE), "a link leading out"),
        (link_member("device", "", tarfile.CHRTYPE), "a device, pipe or other special file"),
    ],
    ids=["parent", "nested-parent", "absolute", "symlink-out", "symlink-abs", "hardlink", "dev"],
)
def test_a_media_archive_that_could_write_outside_its_folder_is_refused(
    backup_copy, empty_database, tmp_path, member, reason
):
    replace_media_archive(backup_copy, file_member("avatars/fine.webp"), member)
    media = tmp_path / "area" / "media"

    with pytest.raises(CommandError, match=f"is refused: its member .* is {reason}"):
        restore(backup_copy, empty_database, media)
    assert database_is_empty(empty_database)
    assert not (tmp_path / "area").exists()
    assert not (tmp_path / "outside.txt").exists()


def test_a_link_that_stays_inside_the_media_folder_is_restored(
    backup_copy, empty_database, tmp_path
):
    replace_media_archive(
        backup_copy,
        file_member("avatars/photo.webp", b"photo"),
        link_member("avatars/alias.webp", "photo.webp"),
    )
    media = tmp_path / "media"

    restore(backup_copy, empty_database, media)
    assert (media / "avatars" / "alias.webp").read_bytes() == b"photo"


def test_restore_reports_a_table_whose_row_count_differs_from_the_manifest(
    backup_copy, empty_database, tmp_path
):
    manifest = json.loads((backup_copy / "manifest.json").read_text())
    manifest["row_counts"]["public.django_migrations"] += 1
    (backup_copy / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match=r"public\.django_migrations: \d+ in the manifest"):
        restore(backup_copy, empty_database, tmp_path / "media")


# --- The command line and its tools -----------------------------------------------------------


def test_the_password_goes_through_the_environment_never_the_command_line(
    monkeypatch, tmp_path, django_db_setup
):
    seen = []
    real_run = subprocess.run

    def spying_run(command, *args, **kwargs):
        seen.append((command, kwargs.get("env") or {}))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(backups.subprocess, "run", spying_run)
    settings_dict = {**connections["default"].settings_dict, "PASSWORD": "mot-de-passe-secret"}
    backups.create_backup(settings_dict, tmp_path, media_root=tmp_path / "none", timeout=TIMEOUT)

    (dump_command, environment), *_ = [entry for entry in seen if "--format=custom" in entry[0]]
    assert not any("mot-de-passe-secret" in part for part in dump_command)
    assert environment["PGPASSWORD"] == "mot-de-passe-secret"
    assert environment["PGDATABASE"] == settings_dict["NAME"]


def test_a_unix_socket_folder_is_passed_as_the_host():
    params = backups.connection_params(
        {"NAME": "site", "USER": "web", "HOST": "/run/postgresql", "PORT": "", "OPTIONS": {}}
    )
    assert params == {"host": "/run/postgresql", "user": "web", "dbname": "site"}
    assert backups.libpq_environment(params)["PGHOST"] == "/run/postgresql"


def fake_tool(folder, name, major):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "{name} (PostgreSQL) {major}.2"\n')
    path.chmod(0o755)
    return path


def test_the_oldest_pg_dump_at_least_as_new_as_the_server_is_chosen(monkeypatch, tmp_path):
    folders = [tmp_path / str(major) for major in (18, 14, 16, 17)]
    for folder in folders:
        fake_tool(folder, "pg_dump", int(folder.name))
    monkeypatch.setattr(backups, "_candidate_folders", lambda: folders)

    chosen = backups.find_tool("pg_dump", 15)
    assert (chosen.path, chosen.major) == (tmp_path / "16" / "pg_dump", 16)
    assert chosen.version == "pg_dump (PostgreSQL) 16.2"
    assert backups.find_tool("pg_dump", 17).major == 17


def test_no_suitable_pg_dump_is_refused_with_what_to_do(settings, tmp_path):
    fake_tool(tmp_path / "old", "pg_dump", 14)
    settings.PG_BIN_DIR = str(tmp_path / "old")

    with pytest.raises(backups.BackupError) as refused:
        backups.find_tool("pg_dump", 15)
    message = str(refused.value)
    assert "No pg_dump of PostgreSQL 15 or newer in PG_BIN_DIR" in message
    assert "found: 14" in message
    assert "postgresql-client-15" in message


def test_keep_deletes_the_oldest_complete_backups_only(tmp_path):
    for stamp in ("20260101T000000Z", "20260102T000000Z", "20260103T000000Z"):
        folder = tmp_path / f"passerelles-site-{stamp}"
        folder.mkdir()
        (folder / "manifest.json").write_text("{}")
    (tmp_path / "passerelles-site-20260104T000000Z.partial").mkdir()
    (tmp_path / "notes").mkdir()

    removed = backups.prune_backups(tmp_path, keep=2)

    assert [path.name for path in removed] == ["passerelles-site-20260101T000000Z"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "notes",
        "passerelles-site-20260102T000000Z",
        "passerelles-site-20260103T000000Z",
        "passerelles-site-20260104T000000Z.partial",
    ]
