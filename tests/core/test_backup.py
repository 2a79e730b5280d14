"""Backup and restore (issue 18.5): a populated database and its files round-trip, on SQLite and
on PostgreSQL, and every refusal changes nothing."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from zicht.core import backup
from zicht.core.backup import BackupRefused, make_backup, restore_backup
from zicht.core.sealed import new_key
from zicht.demo.reference import seed_reference_data
from zicht.demo.scale import seed_scale

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL round trip"
)

# A backup reads committed data only (pg_dump is another process; SQLite's backup API waits for
# the test's own write lock), so the tests that make one commit what they write.
committed = pytest.mark.django_db(transaction=True)

FILES = {
    "letters/2026/12/brief-1.pdf": b"%PDF-1.7 een brief\n" * 300,
    "uploads/verslag.txt": "Verslag van het gesprek, met é en ü.".encode(),
}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "bestanden"
    settings.ZICHT_BACKUP_KEY = new_key()
    return Path(settings.MEDIA_ROOT)


def populate() -> None:
    """Reference data, synthetic cases with households and deadlines, and stored files."""
    seed_reference_data()
    seed_scale(6, seed=18)
    for name, content in FILES.items():
        default_storage.save(name, ContentFile(content))


def rows_of(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    """Every row of every table, in a stable order (by its text; PostgreSQL's json has no order)."""
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  # a catalog name
        found[table] = sorted(repr(row) for row in cursor.fetchall())
    return found


def source_tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_a_populated_sqlite_database_and_its_files_round_trip(media, tmp_path):
    """Issue 18.5: backup → restore into a new database file and an empty folder: every table has
    the same rows (compared row by row), every file the same bytes, and the counts the manifest
    recorded."""
    populate()
    archive = tmp_path / "zicht.backup"
    manifest = make_backup(archive)
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "terug.sqlite3")}
    restored_media = tmp_path / "teruggezet"

    restore_backup(archive, database=target, media=restored_media)

    tables = source_tables()
    with connection.cursor() as cursor:
        expected = rows_of(cursor, tables)
    # The same converters as Django's connection, so that both sides read values alike.
    with sqlite3.connect(target["NAME"], detect_types=sqlite3.PARSE_DECLTYPES) as restored:
        assert rows_of(restored.cursor(), tables) == expected
    assert sum(len(rows) for rows in expected.values()) > 100
    assert manifest["rows"]["cases_case"] == 6
    assert files_under(restored_media) == FILES
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only


@pytest.fixture
def fresh_postgresql_database() -> Iterator[dict[str, Any]]:
    """A database of its own on the same server, dropped afterwards."""
    import psycopg
    from psycopg import sql

    settings_dict = dict(connection.settings_dict)
    name = f"{settings_dict['NAME']}_terug"
    server = {**backup._pg_connect_args(settings_dict), "dbname": "postgres"}
    with psycopg.connect(**server, autocommit=True) as pg:
        pg.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        pg.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**settings_dict, "NAME": name}
    finally:
        with psycopg.connect(**server, autocommit=True) as pg:
            pg.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_populated_postgresql_database_and_its_files_round_trip(
    media, tmp_path, fresh_postgresql_database
):
    """Issue 18.5 on PostgreSQL: pg_dump (custom format) → pg_restore into a database created for
    the test; every table's rows, every file and the manifest's counts are the same."""
    import psycopg

    populate()
    archive = tmp_path / "zicht.backup"
    manifest = make_backup(archive)
    restored_media = tmp_path / "teruggezet"

    restore_backup(archive, database=fresh_postgresql_database, media=restored_media)

    tables = source_tables()
    # Both sides read by the same driver alike (Django's cursor turns off psycopg's JSON loading).
    source = backup._pg_connect_args(connection.settings_dict)
    with psycopg.connect(**source) as original, original.cursor() as cursor:
        expected = rows_of(cursor, tables)
    target = backup._pg_connect_args(fresh_postgresql_database)
    with psycopg.connect(**target) as restored, restored.cursor() as cursor:
        assert rows_of(cursor, tables) == expected
        # The append-only trigger of the access log came along (it is created after the data).
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_accesslogentry'::regclass "
            "AND NOT tgisinternal"
        )
        assert cursor.fetchone()[0] >= 1
    assert sum(len(rows) for rows in expected.values()) > 100
    assert manifest["vendor"] == "postgresql"
    assert manifest["rows"]["cases_case"] == 6
    assert files_under(restored_media) == FILES


@pytest.mark.django_db
def test_no_backup_without_a_key(media, tmp_path, settings):
    """Issue 18.5 bad input: without ZICHT_BACKUP_KEY nothing is written; the command exits
    non-zero with a Dutch message."""
    settings.ZICHT_BACKUP_KEY = ""
    archive = tmp_path / "zicht.backup"
    with pytest.raises(CommandError, match="Geen sleutel: zet ZICHT_BACKUP_KEY"):
        call_command("backup", str(archive))
    assert not list(tmp_path.glob("zicht.backup*"))


@pytest.mark.django_db
def test_a_key_that_is_not_32_bytes_is_refused(media, tmp_path, settings):
    settings.ZICHT_BACKUP_KEY = "te-kort"
    with pytest.raises(BackupRefused, match="sleutel is ongeldig"):
        make_backup(tmp_path / "zicht.backup")
    assert not list(tmp_path.glob("zicht.backup*"))


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused(media, tmp_path):
    with pytest.raises(BackupRefused, match="binnen een open transactie"):
        make_backup(tmp_path / "zicht.backup")
    assert not list(tmp_path.glob("zicht.backup*"))


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(media, tmp_path):
    existing = tmp_path / "zicht.backup"
    existing.write_bytes(b"vorige back-up")
    with pytest.raises(BackupRefused, match="bestaat al"):
        make_backup(existing)
    assert existing.read_bytes() == b"vorige back-up"


@pytest.fixture
def archive(media, tmp_path) -> Path:
    for name, content in FILES.items():
        default_storage.save(name, ContentFile(content))
    path = tmp_path / "zicht.backup"
    make_backup(path)
    return path


def refused_into_a_new_target(path: Path, tmp_path: Path, match: str) -> None:
    """The restore is refused and the target database and folder are still not there. (A SQLite
    target on PostgreSQL too: each of these is refused before the vendors are compared.)"""
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "terug.sqlite3")}
    with pytest.raises(BackupRefused, match=match):
        restore_backup(path, database=target, media=tmp_path / "teruggezet")
    assert not (tmp_path / "terug.sqlite3").exists()
    assert not (tmp_path / "teruggezet").exists()


@committed
def test_a_restore_into_a_database_that_is_not_empty_is_refused(archive, tmp_path):
    """Issue 18.5 bad input: the restore refuses this (migrated) database and changes nothing."""
    before = connection.introspection.table_names()
    with pytest.raises(CommandError, match=r"Niets teruggezet: De database .* is niet leeg"):
        call_command("restore", str(archive))
    assert connection.introspection.table_names() == before


@committed
def test_a_restore_into_a_folder_with_files_is_refused(archive, tmp_path):
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "terug.sqlite3")}
    folder = tmp_path / "teruggezet"
    folder.mkdir()
    (folder / "iets.pdf").write_bytes(b"al hier")
    with pytest.raises(BackupRefused, match=r"map voor bestanden .* is niet leeg"):
        restore_backup(archive, database=target, media=folder)
    assert not (tmp_path / "terug.sqlite3").exists()
    assert [p.name for p in folder.iterdir()] == ["iets.pdf"]


@committed
def test_a_damaged_backup_is_refused(archive, tmp_path):
    """Issue 18.5 bad input: one byte changed in the middle fails authentication, and the
    message names the part (which one depends on the backup's size: 1 MiB parts)."""
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    refused_into_a_new_target(archive, tmp_path, r"beschadigd: deel \d+ is veranderd")


@committed
def test_a_backup_cut_short_is_refused(archive, tmp_path):
    archive.write_bytes(archive.read_bytes()[:-100])
    refused_into_a_new_target(archive, tmp_path, "beschadigd: het houdt te vroeg op")


@committed
def test_a_backup_with_another_key_is_refused(archive, tmp_path, settings):
    """Issue 18.5 bad input: the wrong key is named as such, before anything is decrypted."""
    settings.ZICHT_BACKUP_KEY = new_key()
    refused_into_a_new_target(archive, tmp_path, "met een andere sleutel versleuteld")


@committed
def test_a_restore_without_a_key_is_refused(archive, tmp_path, settings):
    settings.ZICHT_BACKUP_KEY = ""
    refused_into_a_new_target(archive, tmp_path, "Geen sleutel")


@committed
def test_a_backup_of_another_version_is_refused(media, tmp_path, monkeypatch):
    """Issue 18.5 bad input: a file whose migrations are not this code's (here: one migration
    more, as a newer Zicht would have) is refused, naming the difference."""
    counted = backup._inventory

    def newer(cursor: Any, vendor: str) -> backup.Inventory:
        found = counted(cursor, vendor)
        return backup.Inventory([*found.migrations, ["letters", "9999_toekomst"]], found.rows)

    monkeypatch.setattr(backup, "_inventory", newer)
    path = tmp_path / "zicht.backup"
    make_backup(path)
    monkeypatch.setattr(backup, "_inventory", counted)
    refused_into_a_new_target(
        path, tmp_path, r"andere versie van Zicht .* onbekend in deze versie: letters.9999_toekomst"
    )


def test_not_a_backup_file_is_refused(media, tmp_path):
    path = tmp_path / "iets.pdf"
    path.write_bytes(b"%PDF-1.7 geen back-up" * 10)
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "terug.sqlite3")}
    with pytest.raises(BackupRefused, match="geen back-upbestand van Zicht"):
        restore_backup(path, database=target, media=tmp_path / "teruggezet")
    assert not (tmp_path / "terug.sqlite3").exists()
