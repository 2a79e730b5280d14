"""What the benchmarks share: their own PostgreSQL database and Django set up against it."""

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Another server with BENCH_DATABASE_SERVER: bench/faults.py restarts the server it runs on.
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")


def prepare_database(db_name: str, fresh: bool) -> None:
    """DROP and CREATE the bench database when asked, or when it is missing or empty."""
    import psycopg
    from psycopg import sql

    name = sql.Identifier(db_name)
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db_name]
        ).fetchone()
        empty = True
        if exists and not fresh:
            with psycopg.connect(f"{SERVER}/{db_name}") as bench:
                row = bench.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                ).fetchone()
                empty = not row or row[0] == 0
        if exists and (fresh or empty):
            server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        if not exists or fresh or empty:
            server.execute(sql.SQL("CREATE DATABASE {}").format(name))
            print(f"Database {db_name} aangemaakt.")


def setup_django(db_name: str, url: str | None = None) -> None:
    """Django against the bench database: PostgreSQL `db_name`, or `url` (a SQLite file)."""
    os.environ["DATABASE_URL"] = url or f"{SERVER}/{db_name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.conf.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def queue_letter(user: Any, case: Any, note: str) -> int:
    """A letter to a professional on `case`, queued as the services queue one (its PDF is made by
    the task worker after the commit); returns its id."""
    from zicht.letters import services
    from zicht.letters.models import RecipientKind

    letter = services.letter_queue(
        user=user,
        case=case,
        template_code="vt_initiated_report_decision",
        recipient_name="Huisartsenpraktijk De Linde",
        recipient_address="Lindelaan 4\n1234 AB Testdorp",
        recipient_kind=RecipientKind.PROFESSIONAL,
        context={"professional_name": "dr. A. de Vries", "decision_date": "3 december 2026",
                 "decision": note, "grounds": note},
    )  # fmt: skip
    return letter.pk
