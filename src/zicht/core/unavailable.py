"""The answer to an error nobody caught: 503 with `Retry-After` when the database is away, else 500.

During a PostgreSQL restart (a failover, an upgrade) every request fails on its connection. A
500 tells a worker and a partner system "something is broken, report it"; the truth is "wait a
moment and send it again", and that is what 503 with `Retry-After` says (RFC 9110 §15.6.4) — a
police system's retry logic keys on it. Whether the database is away is asked of the database
itself, after the error: an OperationalError of a reachable database (a bug in a query) stays a
500 with its trace in the log. SQLite's "database is locked" is a wait, too.

The page is rendered without the request: its context processors would ask the database for the
user and the session. Under /api/ and in the register the answer is problem+json (RFC 9457), the
500 included, as every other API answer.
"""

import contextlib
import sys

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
)
from django.http import HttpRequest, HttpResponse
from django.template import loader

from zicht.core.problems import problem_json

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (
    "Zicht kan de database nu niet bereiken. Er is niets half opgeslagen: probeer het over "
    "een halve minuut opnieuw."
)
BROKEN = (
    "Er ging iets mis in Zicht; er is niets half opgeslagen. Blijft dit gebeuren, meld het dan "
    "bij de functioneel beheerder, met de tijd waarop het gebeurde."
)


def database_away(error: BaseException | None) -> bool:
    """Whether `error` is the database being unreachable (or locked) rather than a fault."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    if "database is locked" in str(error):
        return True
    # The request could not even open its connection ("the database system is starting up"):
    # away, even if it answers by now — a probe a moment later would call it a fault.
    if connections[DEFAULT_DB_ALIAS].connection is None:
        return True
    return not _database_answers()


def _database_answers() -> bool:
    # A connection of its own: the request's may be broken or inside an aborted transaction, and
    # is closed by Django when the request ends.
    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False
    finally:
        with contextlib.suppress(DatabaseError):
            probe.close()


def _answer(request: HttpRequest, *, api: bool) -> HttpResponse:
    away = database_away(sys.exc_info()[1])
    status = 503 if away else 500
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if away else None
    if api:
        return problem_json(request, status, UNAVAILABLE if away else BROKEN, headers=headers)
    page = loader.get_template("503.html" if away else "500.html").render()
    return HttpResponse(page, status=status, headers=headers)


def server_error(request: HttpRequest) -> HttpResponse:
    """Zicht's handler500: a Dutch page, or problem+json under /api/."""
    return _answer(request, api=request.path.startswith("/api/"))


def api_server_error(request: HttpRequest) -> HttpResponse:
    """The register's handler500: it only speaks problem+json."""
    return _answer(request, api=True)
