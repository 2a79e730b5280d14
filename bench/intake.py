"""Reports per second through POST /api/v1/reports, as partner systems deliver them.

    .venv/bin/python bench/intake.py [--seconds 60] [--clients 20] [--fresh] [--existing 20000]
    .venv/bin/python bench/intake.py --floor   # the same load, each request refused at once

Uses its own PostgreSQL database `zicht_bench_intake` (created and migrated on first use, then
filled to `--existing` cases with seed_demo's synthetic households, and VACUUM ANALYZEd). Starts
gunicorn (sync workers, one per core) on a free loopback port, makes a partner-system account with a
token, then runs the clients from a second process: each a thread with one keep-alive connection,
posting reports of 3 persons (one with a BSN) with a unique Idempotency-Key, until the time is up.
Prints reports/s, p50 and p95 latency and the errors; stops gunicorn. Only prints.

With --floor every request carries an empty body, which the API refuses with 400 after the
token is checked and the body parsed: the same server, clients and middleware, but no report.
What that rate costs is what any request costs on this machine before a report's own work.
"""

import argparse
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from io import StringIO
from typing import Any

from common import ROOT, SERVER, prepare_database, setup_django

DB_NAME = "zicht_bench_intake"
HOST = "127.0.0.1"


def setup(existing: int) -> str:
    """Migrates, gives the database a history of `existing` cases (as a VT that has been at work
    for a while: search-before-create scores real candidates, the planner has real statistics),
    makes the partner account, and returns its token."""
    setup_django(DB_NAME)
    from django.core.management import call_command
    from django.db import connection

    from zicht.cases.models import Case

    call_command("migrate", verbosity=0)
    missing = existing - Case.objects.count()
    if missing > 0:
        print(f"{missing} bestaande dossiers toevoegen (seed_demo --scale {missing}) …", flush=True)
        call_command("seed_demo", scale=missing, verbosity=0, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum keeps a live database
    return partner_token()


def partner_token() -> str:
    """A partner-system account (role Koppeling ketenpartner) with a new token for this run."""
    from zicht.accounts import services as account_services
    from zicht.accounts.models import Team, User
    from zicht.accounts.policy import Role
    from zicht.organisation.models import PartnerAgency, PartnerType
    from zicht.reports.models import PartnerSystemAccount

    user, _ = User.objects.get_or_create(
        email="bench-politie@zicht.test",
        defaults={"full_name": "Koppeling politie (bench)", "role": Role.PARTNER_SYSTEM},
    )
    partner, _ = PartnerAgency.objects.get_or_create(
        name="Politie (bench)", defaults={"type": next(iter(PartnerType.values))}
    )
    team, _ = Team.objects.get_or_create(name="Team Intake (bench)")
    PartnerSystemAccount.objects.get_or_create(
        user=user, defaults={"partner": partner, "default_team": team}
    )
    _, key = account_services.api_token_issue(by=user, user=user)  # a new one each run
    return key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_gunicorn(
    port: int, quiet: bool = False, db_name: str = DB_NAME
) -> subprocess.Popen[bytes]:
    """Sync workers, one per core, as behind a proxy: each takes one request at a time, so the
    load spreads over all of them. A threaded worker keeps the keep-alive connections it
    accepted, and with one client process every connection landed on the same worker: one core
    busy, one idle. Registering a report is CPU-bound in Python (the database mostly waits for
    the worker), so workers beyond the cores only take turns: 5 workers gave 17-22 reports/s
    where 2 gave 31-34 in back-to-back runs."""
    env = {k: v for k, v in os.environ.items() if k != "ZICHT_ENV"}
    env["DATABASE_URL"] = f"{SERVER}/{db_name}"
    env["PYTHONPATH"] = str(ROOT / "src")
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "zicht.conf.wsgi",
        "-w", os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 1)),
        "-k", os.environ.get("BENCH_CLASS", "sync"),
        "--threads", os.environ.get("BENCH_THREADS", "1"),
        "--bind", f"{HOST}:{port}",
        "--log-level", "warning",
    ]  # fmt: skip
    # quiet: --floor's thousands of "Bad Request" warnings go to /dev/null (still written).
    stderr = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=stderr)  # noqa: S603  # our own
    for _ in range(100):  # up to 20 s
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn stopte meteen") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn startte niet binnen 20 s")


def wait_until_serving(port: int, timeout: float = 180) -> None:
    """Until /gezondheid answers (200, or 503 about the queue): gunicorn's master listens at once, but its workers still
    import Django (tens of seconds on a busy machine), and a fault must not hit a booting one."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
            connection.request("GET", "/gezondheid")
            if connection.getresponse().status in (200, 503):  # a worker answered
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn antwoordde niet binnen {timeout:.0f} s")


BSNS = ["111222333", "123456782", "999999990"]


def _name_pool(size: int = 400) -> dict[str, list[str]]:
    """Synthetic Dutch names (Faker nl_NL, seeded): as in real intake, many reports share a last
    name with persons already registered, so search-before-create scores real candidates."""
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(2026)
    return {
        "last": [fake.last_name() for _ in range(size)],
        "male": [fake.first_name_male() for _ in range(size)],
        "female": [fake.first_name_female() for _ in range(size)],
    }


NAMES: dict[str, list[str]] = {}


def report_body(n: int) -> bytes:
    """Three persons of one family with full dates of birth (as the police report them); every
    tenth report names a BSN already known, so matching on BSN runs too."""
    import random

    if not NAMES:
        NAMES.update(_name_pool())
    rng = random.Random(n)
    last = rng.choice(NAMES["last"])

    def born(first: int, last_year: int) -> dict[str, int]:
        return {
            "birth_year": rng.randint(first, last_year),
            "birth_month": rng.randint(1, 12),
            "birth_day": rng.randint(1, 28),
        }

    persons: list[dict[str, Any]] = [
        {"first_names": rng.choice(NAMES["male"]), "last_name": last, **born(1970, 1995), "role": "alleged_perpetrator"},
        {"first_names": rng.choice(NAMES["female"]), "last_name": last, **born(1970, 1995), "role": "victim"},
        {"first_names": rng.choice(NAMES["female"]), "last_name": last, **born(2010, 2022), "role": "child"},
    ]  # fmt: skip
    if n % 10 == 0:
        persons[1]["bsn"] = BSNS[(n // 10) % len(BSNS)]
    body = {
        "reporter": {
            "name": "Agent Bench",
            "kind": "professional",
            "phone": "0881234567",
            "sector": "police_justice",
        },
        "concerns": "Inzet huiselijk geweld (benchmark).",
        "violence_types": ["physical"],
        "persons": persons,
    }
    return json.dumps(body).encode()


EMPTY = b"{}"  # --floor: refused with 400 (no persons, no reporter) before any registration


def client(
    port: int, token: str, stop_at: float, out: list[tuple[int, float]], seq: Any, floor: bool
) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    for _ in range(100_000):  # bounded; the clock ends it long before
        if time.monotonic() >= stop_at:
            break
        n = next(seq)
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        started = time.perf_counter()
        try:
            connection.request(
                "POST", "/api/v1/reports", body=EMPTY if floor else report_body(n), headers=headers
            )
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        out.append((status, (time.perf_counter() - started) * 1000))
    connection.close()


def load(
    port: int, token: str, seconds: float, clients: int, floor: bool
) -> list[tuple[int, float]]:
    import itertools

    results: list[tuple[int, float]] = []
    seq = itertools.count(int(time.time()))
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(port, token, stop_at, results, seq, floor))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return results


def percentile(sorted_ms: list[float], share: float) -> float:
    return sorted_ms[max(0, math.ceil(share * len(sorted_ms)) - 1)]


def run_clients(port: int, token: str, seconds: float, clients: int, floor: bool) -> None:
    """The load generator, in its own process (so the server's CPU is not shared with the GIL)."""
    started = time.monotonic()
    results = load(port, token, seconds, clients, floor)
    elapsed = time.monotonic() - started
    expected = 400 if floor else 201
    ok = sorted(ms for status, ms in results if status == expected)
    errors = len(results) - len(ok)
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    what = "verzoeken geweigerd (vloer)" if floor else "meldingen aangemaakt"
    print(f"{clients} clients, {elapsed:.1f} s: {len(ok)} {what}")
    print(f"  {'verzoeken/s' if floor else 'meldingen/s'} : {len(ok) / elapsed:.1f}")
    if ok:
        print(f"  p50         : {percentile(ok, 0.50):.0f} ms")
        print(f"  p95         : {percentile(ok, 0.95):.0f} ms")
    print(f"  fouten      : {errors}  (statussen: {dict(sorted(statuses.items()))})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument(
        "--existing", type=int, default=20_000, help="cases already in the database (default 20000)"
    )
    parser.add_argument(
        "--floor", action="store_true", help="each request refused at once: the stack's floor"
    )
    parser.add_argument("--client-only", nargs=2, metavar=("PORT", "TOKEN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client_only:
        run_clients(
            int(args.client_only[0]), args.client_only[1], args.seconds, args.clients, args.floor
        )
        return
    prepare_database(DB_NAME, args.fresh)
    token = setup(args.existing)
    port = free_port()
    server = start_gunicorn(port, quiet=args.floor)
    try:
        subprocess.run(  # noqa: S603  # this script, as the client process
            [
                sys.executable, __file__,
                "--seconds", str(args.seconds), "--clients", str(args.clients),
                "--client-only", str(port), token,
                *(["--floor"] if args.floor else []),
            ],
            check=True,
            timeout=args.seconds + 120,
        )  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
