"""Backup and restore of a whole installation: the database and the private files, in one sealed
file (zicht.core.sealed) with a manifest.

The file is a tar stream inside the sealed stream: the database (SQLite: a copy made with SQLite's
online backup API; PostgreSQL: `pg_dump` in its custom format), every file under MEDIA_ROOT (the
letters' PDFs, uploads) under `bestanden/`, and last `manifest.json`: the format, Zicht's version,
the database vendor, the applied migrations, the number of rows of every table, and the SHA-256 of
the database dump and of every file.

A restore refuses (BackupRefused, a Dutch message) before it changes anything: no key or a wrong
one, a damaged file, a file of another Zicht version (its migrations are not exactly this code's),
of another database vendor, or a target that is not empty (a table in the database, a file under
MEDIA_ROOT). Everything is decrypted and checked in a temporary directory first; only then is the
database loaded (PostgreSQL: in one transaction) and the files copied, and the row counts compared
with the manifest.

Rows counted and rows dumped are the same rows: on PostgreSQL the counts are read in a
repeatable-read transaction whose snapshot `pg_dump --snapshot` shares; on SQLite they are counted
in the copy.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from zicht.core.sealed import SealedReader, SealedWriter, SealError, parse_key
from zicht.core.version import zicht_version

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "bestanden"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_READ = 1024 * 1024


class BackupRefused(Exception):
    """Refused before anything was changed; the message (Dutch) says why and what to do."""


@dataclass(frozen=True)
class Inventory:
    migrations: list[list[str]]
    rows: dict[str, int]


def backup_key() -> bytes:
    text = getattr(settings, "ZICHT_BACKUP_KEY", "")
    if not text:
        raise BackupRefused(
            "Geen sleutel: zet ZICHT_BACKUP_KEY (maak er een met "
            "`manage.py backup --generate-key` en bewaar die buiten de back-up)."
        )
    try:
        return parse_key(text)
    except SealError as error:
        raise BackupRefused(f"ZICHT_BACKUP_KEY: {error}") from None


def _vendor(database: dict[str, Any]) -> str:
    engine = str(database.get("ENGINE", ""))
    for vendor in DUMPS:
        if engine.endswith(vendor + "3") or engine.endswith(vendor):
            return vendor
    raise BackupRefused(f"Back-up van deze databasesoort ({engine}) wordt niet ondersteund.")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables_sql(vendor: str) -> str:
    if vendor == "sqlite":
        return (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    return "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"


def _inventory(cursor: Any, vendor: str) -> Inventory:
    cursor.execute(_tables_sql(vendor))
    tables = [row[0] for row in cursor.fetchall()]
    rows = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608  # a catalog name
        rows[table] = int(cursor.fetchone()[0])
    migrations: list[list[str]] = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [[app, name] for app, name in cursor.fetchall()]
    return Inventory(migrations=migrations, rows=rows)


def _pg_connect_args(database: dict[str, Any]) -> dict[str, str]:
    names = {"NAME": "dbname", "HOST": "host", "PORT": "port", "USER": "user"}
    names["PASSWORD"] = "password"  # noqa: S105  # the name of the argument
    return {arg: str(database[key]) for key, arg in names.items() if database.get(key)}


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    """pg_dump and pg_restore get the connection from the environment, never on the command
    line (where a password would show in the process list)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    names = {"NAME": "PGDATABASE", "HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER"}
    names["PASSWORD"] = "PGPASSWORD"  # noqa: S105  # the name of the variable
    env.update({var: str(database[key]) for key, var in names.items() if database.get(key)})
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupRefused(f"{command[0]} mislukte: {done.stderr.strip()[-2000:]}")


def dump_database(alias: str, into: Path) -> tuple[str, Path, Inventory]:
    """The database of `alias` into a file in `into`: its vendor, the file and what it holds."""
    connection = connections[alias]
    vendor = _vendor(connection.settings_dict)
    if connection.in_atomic_block:
        # What this transaction wrote is not committed: pg_dump would not see it, and SQLite's
        # backup of a connection holding a write lock waits for ever.
        raise BackupRefused("Een back-up kan niet binnen een open transactie gemaakt worden.")
    target = into / DUMPS[vendor]
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # the online backup API: a consistent copy
            inventory = _inventory(copy.cursor(), vendor)
        finally:
            copy.close()
        return vendor, target, inventory
    import psycopg

    with psycopg.connect(**_pg_connect_args(connection.settings_dict)) as pg:  # type: ignore[arg-type]
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pg.read_only = True
        with pg.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]  # type: ignore[index]
            inventory = _inventory(cursor, vendor)
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            command += [f"--snapshot={snapshot}", f"--file={target}"]
            _run(command, _pg_env(connection.settings_dict))
    return vendor, target, inventory


class _Hashing:
    """A file object that hashes what is read through it (tarfile reads each file once)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.sha256.update(data)
        return data


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as raw:
        hashing = _Hashing(raw)
        tar.addfile(info, hashing)
    return {"path": name, "size": info.size, "sha256": hashing.sha256.hexdigest()}


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def make_backup(path: Path, alias: str = "default") -> dict[str, Any]:
    """Writes the sealed backup to `path` (never over an existing file); returns the manifest."""
    key = backup_key()
    if path.exists():
        raise BackupRefused(f"{path} bestaat al; een back-up overschrijft nooit een bestand.")
    partial = path.with_name(path.name + ".deel")
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="zicht-backup-") as work:
        vendor, dump, inventory = dump_database(alias, Path(work))
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                sealed = SealedWriter(raw, key)
                manifest = _write_archive(sealed, vendor, dump, inventory, media)
                sealed.close()
                raw.flush()
                os.fsync(raw.fileno())
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _write_archive(
    sealed: SealedWriter, vendor: str, dump: Path, inventory: Inventory, media: Path
) -> dict[str, Any]:
    with tarfile.open(fileobj=sealed, mode="w|") as tar:  # type: ignore[call-overload]
        database = _add(tar, dump, dump.name)
        files = [
            _add(tar, file, f"{FILES}/{file.relative_to(media).as_posix()}")
            for file in _media_files(media)
        ]
        manifest = {
            "format": FORMAT,
            "zicht_version": zicht_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "migrations": inventory.migrations,
            "rows": inventory.rows,
            "database": database,
            "files": files,
        }
        body = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        info.mtime = int(datetime.now(UTC).timestamp())
        tar.addfile(info, _Bytes(body))
    return manifest


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)

    def read(self, size: int = -1) -> bytes:
        size = len(self._data) if size < 0 else size
        chunk, self._data = bytes(self._data[:size]), self._data[size:]
        return chunk


# Restore ---------------------------------------------------------------------------------------


def _database_is_empty(database: dict[str, Any], vendor: str) -> bool:
    if vendor == "sqlite":
        name = str(database["NAME"])
        uri = name.startswith("file:")  # an in-memory database shared with Django's connection
        if not uri and not Path(name).exists():
            return True
        with sqlite3.connect(name, uri=uri) as db:
            return not db.execute(_tables_sql(vendor)).fetchall()
    import psycopg

    with psycopg.connect(**_pg_connect_args(database)) as pg:  # type: ignore[arg-type]
        return not pg.execute(_tables_sql(vendor)).fetchall()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_READ):
            digest.update(chunk)
    return digest.hexdigest()


def _unpack(path: Path, key: bytes, into: Path) -> dict[str, Any]:
    """Decrypts and unpacks the whole file into `into`, authenticating every byte, and returns
    the manifest once every checksum in it is found right."""
    try:
        with path.open("rb") as raw:
            reader = SealedReader(raw, key)
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                tar.extractall(into, filter="data")
    except SealError as error:
        raise BackupRefused(str(error)) from None
    except (tarfile.TarError, OSError) as error:
        raise BackupRefused(f"Het back-upbestand is beschadigd: {error}") from None
    try:
        manifest: dict[str, Any] = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupRefused("Het back-upbestand is beschadigd: het overzicht ontbreekt.") from None
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"Onbekende indeling {manifest.get('format')} van de back-up.")
    listed = [manifest["database"], *manifest["files"]]
    for entry in listed:
        file = into / entry["path"]
        if not file.is_file() or _sha256(file) != entry["sha256"]:
            raise BackupRefused(
                f"Het back-upbestand is beschadigd: {entry['path']} klopt niet met het overzicht."
            )
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()}
    extra = present - {e["path"] for e in listed} - {MANIFEST}
    if extra:
        raise BackupRefused(
            f"Het back-upbestand is beschadigd: {sorted(extra)[0]} staat niet in het overzicht."
        )
    return manifest


def _check_version(manifest: dict[str, Any]) -> None:
    ours = {tuple(node) for node in MigrationLoader(None, ignore_no_migrations=True).graph.nodes}
    theirs = {tuple(item) for item in manifest["migrations"]}
    if ours != theirs:
        missing, unknown = sorted(ours - theirs), sorted(theirs - ours)
        differences = []
        if missing:
            differences.append(f"niet in de back-up: {'.'.join(missing[0])}")
        if unknown:
            differences.append(f"onbekend in deze versie: {'.'.join(unknown[0])}")
        example = "; ".join(differences)
        raise BackupRefused(
            f"De back-up is van een andere versie van Zicht ({manifest.get('zicht_version')}; "
            f"{len(missing) + len(unknown)} migraties verschillen, {example}). Zet hem terug "
            "met de versie waarmee hij gemaakt is, en migreer daarna."
        )


def _load_database(database: dict[str, Any], vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(dump)
        target = sqlite3.connect(str(database["NAME"]))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    command += ["--single-transaction", f"--dbname={database['NAME']}", str(dump)]
    _run(command, _pg_env(database))


def _count_rows(database: dict[str, Any], vendor: str) -> dict[str, int]:
    if vendor == "sqlite":
        with sqlite3.connect(str(database["NAME"])) as db:
            return _inventory(db.cursor(), vendor).rows
    import psycopg

    with psycopg.connect(**_pg_connect_args(database)) as pg, pg.cursor() as cursor:  # type: ignore[arg-type]
        return _inventory(cursor, vendor).rows


def _media_is_empty(media: Path) -> bool:
    return not media.exists() or not any(media.iterdir())


def restore_backup(
    path: Path, database: dict[str, Any] | None = None, media: Path | None = None
) -> dict[str, Any]:
    """Restores `path` into `database` (a settings dict; default: the default alias's) and `media`
    (default: MEDIA_ROOT), both of which must be empty. Returns the manifest."""
    key = backup_key()
    database = dict(database or connections["default"].settings_dict)
    media = Path(media or settings.MEDIA_ROOT)
    vendor = _vendor(database)
    if not path.is_file():
        raise BackupRefused(f"Het back-upbestand {path} bestaat niet.")
    if not _database_is_empty(database, vendor):
        raise BackupRefused(
            f"De database ({database['NAME']}) is niet leeg. Zet een back-up alleen terug in "
            "een nieuwe, lege database (zonder tabellen: nog niet gemigreerd)."
        )
    if vendor == "sqlite" and str(database["NAME"]).startswith("file:"):
        raise BackupRefused("Terugzetten in een database in het geheugen kan niet.")
    if not _media_is_empty(media):
        raise BackupRefused(
            f"De map voor bestanden ({media}) is niet leeg. Zet een back-up alleen terug in een "
            "lege map."
        )
    with tempfile.TemporaryDirectory(prefix="zicht-restore-") as work:
        manifest = _unpack(path, key, Path(work))
        _check_version(manifest)
        if manifest["vendor"] != vendor:
            raise BackupRefused(
                f"De back-up is van een {manifest['vendor']}-database; deze installatie "
                f"gebruikt {vendor}. Zet hem terug in een database van dezelfde soort."
            )
        _load_database(database, vendor, Path(work) / manifest["database"]["path"])
        media.mkdir(parents=True, exist_ok=True)
        if (Path(work) / FILES).is_dir():
            shutil.copytree(Path(work) / FILES, media, dirs_exist_ok=True)
    rows = _count_rows(database, vendor)
    if rows != manifest["rows"]:
        wrong = sorted(
            t for t in set(rows) | set(manifest["rows"]) if rows.get(t) != manifest["rows"].get(t)
        )
        raise BackupRefused(
            f"Na het terugzetten kloppen de aantallen rijen niet ({', '.join(wrong[:5])}): "
            "gebruik deze database niet; zet hem opnieuw terug in een lege database."
        )
    return manifest


def describe(manifest: dict[str, Any]) -> str:
    """One line for the command's output (no personal data: counts and names of tables)."""
    rows = sum(manifest["rows"].values())
    return (
        f"{manifest['vendor']}, Zicht {manifest['zicht_version']}, "
        f"{len(manifest['migrations'])} migraties, {len(manifest['rows'])} tabellen met "
        f"{rows} rijen, {len(manifest['files'])} bestanden"
    )
