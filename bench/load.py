"""50 staff at work for 10 minutes on PostgreSQL behind gunicorn: p50/p95/p99 and errors per page.

    .venv/bin/python bench/load.py                         # 50 staff, 10 minutes
    .venv/bin/python bench/load.py --minutes 1             # a short run while developing
    .venv/bin/python bench/load.py --users 20 --cases 5000 --fresh

One command: uses its own PostgreSQL database `zicht_bench_load` (created, migrated and seeded
with the demo data and `seed_demo --scale` up to `--cases` open cases when missing; `--fresh`
rebuilds it), gives `--users` of the synthetic case workers (who carry the scale cases) a password
and a TOTP device of their own, issues a partner-system token, starts gunicorn (sync workers, one
per core) and the task worker (`db_worker`), and runs locust headless from var/load-venv (`make
load-venv`) with bench/locustfile.py. Prints per page: requests, errors, p50/p95/p99 in ms and
requests/s, then the load average of the machine, and stops everything. Only prints.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

from common import ROOT, SERVER, prepare_database, setup_django
from intake import free_port, partner_token, start_gunicorn, wait_until_serving

DB_NAME = "zicht_bench_load"
HOST = "127.0.0.1"
LOCUST = ROOT / "var/load-venv/bin/locust"
PASSWORD = "belasting-test-2026"  # noqa: S105  # synthetic staff of a bench database


def setup(cases: int, users: int) -> dict[str, object]:
    """Migrates and seeds when needed; returns what the locustfile needs."""
    setup_django(DB_NAME)
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zicht.accounts.models import User
    from zicht.cases.models import Case
    from zicht.people.models import Person

    call_command("migrate", verbosity=0)
    if not User.objects.filter(email="medewerker@zicht.test").exists():
        call_command("seed_demo", verbosity=0, stdout=StringIO())
    missing = cases - Case.objects.count()
    if missing > 0:
        print(f"{missing} dossiers toevoegen (seed_demo --scale {missing}) …", flush=True)
        call_command("seed_demo", scale=missing, verbosity=0, stdout=StringIO())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum keeps a live database
    workers = list(
        User.objects.filter(email__startswith="schaal-", cases__isnull=False)
        .distinct()
        .order_by("email")[:users]
    )
    workers += extra_colleagues(users - len(workers))
    # One hash for all: hashing 50 passwords at PBKDF2's cost would take a minute of CPU.
    User.objects.filter(pk__in=[w.pk for w in workers]).update(password=make_password(PASSWORD))
    TOTPDevice.objects.filter(user__in=workers).delete()
    staff = []
    for worker in workers:
        device = TOTPDevice.objects.create(user=worker, name="belastingtest", confirmed=True)
        # Their own cases, or (a colleague without any) their team's, which they may open too.
        own = Case.objects.filter(worker=worker)
        mine = own if own.exists() else Case.objects.filter(team__members=worker)
        numbers = list(mine.order_by("?").values_list("number", flat=True)[:50])
        staff.append({"email": worker.email, "key": device.key, "cases": numbers})
    names = list(Person.objects.order_by("?").values_list("last_name", flat=True).distinct()[:300])
    return {"password": PASSWORD, "staff": staff, "token": partner_token(), "last_names": names}


def extra_colleagues(count: int) -> list[Any]:
    """seed_demo --scale makes 12 case workers per team; more staff join the teams as case
    workers without cases of their own (their worklist is empty, their team's cases open)."""
    from zicht.accounts.models import Team, User
    from zicht.accounts.policy import Role

    teams = list(Team.objects.filter(members__email__startswith="schaal-").distinct())
    made = []
    for n in range(max(0, count)):
        user, _ = User.objects.get_or_create(
            email=f"belasting-{n:02d}@zicht.test",
            defaults={"full_name": f"Collega {n:02d} (belastingtest)", "role": Role.CASE_WORKER},
        )
        teams[n % len(teams)].members.add(user)
        made.append(user)
    return made


def start_worker() -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "ZICHT_ENV"}
    env["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "1"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)  # noqa: S603


def run_locust(port: int, config: Path, users: int, minutes: float, prefix: Path) -> None:
    if not LOCUST.exists():
        raise SystemExit("locust ontbreekt: make load-venv")
    env = {**os.environ, "ZICHT_LOAD_CONFIG": str(config)}
    # Two staff log in per second: a login verifies a PBKDF2 hash (about a CPU-second here by
    # design), so 50 at once hold both cores for a minute. --reset-stats: the figures are of the
    # working time after everyone logged in (the logins of the ramp are in the log file).
    spawn = 2
    command = [
        str(LOCUST), "-f", str(ROOT / "bench/locustfile.py"), "--headless",
        "--host", f"http://{HOST}:{port}", "--users", str(users), "--spawn-rate", str(spawn),
        "--run-time", f"{int(minutes * 60)}s", "--csv", str(prefix), "--only-summary",
        "--reset-stats",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    # locust's own summary and log into a file: the table below says the same, per page.
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(  # noqa: S603
            command, env=env, check=False, timeout=minutes * 60 + 180, stdout=log, stderr=log
        )


def print_table(prefix: Path, seconds: float) -> None:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
    print()
    print(
        f"{'pagina':<34} {'verzoeken':>9} {'fouten':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'/s':>6}"
    )
    for row in rows:
        name = "totaal" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"{name[:34]:<34} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Requests/s']):>6.1f}"
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(open(failures)))[:10]:  # noqa: SIM115
            print(
                f"  fout: {row['Method']} {row['Name']}: {row['Error'][:120]} ×{row['Occurrences']}"
            )
    print(f"(ms; {seconds / 60:.1f} min; load average {os.getloadavg()[0]:.1f} / "
          f"{os.getloadavg()[1]:.1f} / {os.getloadavg()[2]:.1f} op {os.cpu_count()} cores)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--cases", type=int, default=20_000, help="open cases (default 20000)")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()
    prepare_database(DB_NAME, args.fresh)
    config = setup(args.cases, args.users)
    (ROOT / "var").mkdir(exist_ok=True)
    config_path = ROOT / "var/load-config.json"
    config_path.write_text(json.dumps(config))
    config_path.chmod(0o600)
    port = free_port()
    prefix = ROOT / f"var/load-{secrets.token_hex(3)}"
    server = start_gunicorn(port, db_name=DB_NAME)
    worker = start_worker()
    wait_until_serving(port)
    started = time.monotonic()
    try:
        run_locust(port, config_path, args.users, args.minutes, prefix)
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    print_table(prefix, time.monotonic() - started)


if __name__ == "__main__":
    main()
