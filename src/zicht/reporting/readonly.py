"""Reporting reads only: every query of this app runs inside `read_only()`.

The app counts what the service apps registered; it never changes it. Inside `read_only()` any
statement that is not a read is refused before it reaches the database, and on PostgreSQL the
transaction itself is declared READ ONLY, so the database refuses a write as well. The tests run
every reporting product through it and also record each statement it sent.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

# A statement that only reads: a SELECT, a WITH … SELECT, or the SET/SAVEPOINT bookkeeping of a
# transaction. Anything else (INSERT, UPDATE, DELETE, CREATE, COPY FROM, …) is a write.
_READ = re.compile(
    r"^\s*(SELECT|WITH\b(?![\s\S]*\b(INSERT|UPDATE|DELETE)\b)|SET\b|SAVEPOINT\b|RELEASE\b"
    r"|ROLLBACK\b|EXPLAIN\b|PRAGMA\s+\w+\s*$|CLOSE\b"
    # PostgreSQL's server-side cursor of `.iterator()`: a named SELECT.
    r"|DECLARE\s+\S+\s+(NO\s+SCROLL\s+)?CURSOR\s+(WITH(OUT)?\s+HOLD\s+)?FOR\s+SELECT\b)",
    re.IGNORECASE,
)


class WriteRefused(RuntimeError):
    """A reporting product tried to write. A bug, never a user's mistake."""


def is_read(sql: str) -> bool:
    return bool(_READ.match(sql))


def _refuse_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    if not is_read(sql):
        raise WriteRefused(f"Rapportage schrijft niets, maar probeerde: {sql[:80]}")
    return execute(sql, params, many, context)


@contextmanager
def read_only() -> Iterator[None]:
    """One read-only transaction: a consistent picture of the data, and no write gets through."""
    with transaction.atomic(), connection.execute_wrapper(_refuse_writes):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
        yield


def streamed_read_only(rows: Iterator[str]) -> Iterator[str]:
    """`rows` produced inside `read_only()` while a StreamingHttpResponse sends them: the
    transaction spans the whole file and ends when the last row (or the client) is gone."""
    with read_only():
        yield from rows
