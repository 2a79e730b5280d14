"""50 staff at work for 10 minutes on PostgreSQL behind gunicorn: p50/p95/p99 and errors per page.

    .venv/bin/python bench/load.py                         # 50 staff, 10 minutes
    .venv/bin/python bench/load.py --minutes 1             # a short run while developing
    .venv/bin/python bench/load.py --users 20 --cases 5000 --fresh

One command: uses its own PostgreSQL database `zicht_bench_load` (created, migrated and seeded
with the demo data and `seed_demo --scale` up to `--cases` open cases when missing; `--fresh`
rebuilds it), gives `--users` of the synthetic case workers (who carry the scale cases) a password
and a TOTP device of their own, issues a partner-system token, starts gunicorn (sync workers, one
per core) and the task worker (`db_worker`), and runs locust headless from var/load-venv (`make
load-venv`) with bench/locustfile.py: of every 10 staff 8 case workers, 1 team leader, 1 front
office, and `--letters-per-minute` letters queued through the services while they work (their
PDFs made by the task worker beside the web load). Prints per page: requests, errors,
p50/p95/p99 in ms and requests/s, the load average of the machine, and how many of the letters
got their PDF and how long that took; then stops everything. Only prints.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path
from typing import Any

from common import ROOT, SERVER, prepare_database, queue_letter, setup_django
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
    from zicht.accounts.policy import Role
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
    # Of every 10 staff, 8 case workers, 1 team leader and 1 front office (bench/locustfile.py).
    leaders = max(1, users // 10)
    front = max(1, users // 10)
    count = users - leaders - front
    workers = list(
        User.objects.filter(email__startswith="schaal-", cases__isnull=False)
        .distinct()
        .order_by("email")[:count]
    )
    workers += extra_colleagues(count - len(workers), "belasting", Role.CASE_WORKER)
    others = {
        "leaders": extra_colleagues(leaders, "belasting-leider", Role.TEAM_LEADER),
        "front": extra_colleagues(front, "belasting-front", Role.FRONT_OFFICE),
    }
    everyone = [*workers, *others["leaders"], *others["front"]]
    # One hash for all: hashing 50 passwords at PBKDF2's cost would take a minute of CPU.
    User.objects.filter(pk__in=[w.pk for w in everyone]).update(password=make_password(PASSWORD))
    TOTPDevice.objects.filter(user__in=everyone).delete()
    staff: dict[str, list[dict[str, Any]]] = {"workers": [], "leaders": [], "front": []}
    for kind, people in (("workers", workers), *others.items()):
        for person in people:
            device = TOTPDevice.objects.create(user=person, name="belastingtest", confirmed=True)
            # Their own cases, or (a colleague without any, a team leader) their team's.
            own = Case.objects.filter(worker=person)
            mine = own if own.exists() else Case.objects.filter(team__members=person)
            numbers = list(mine.order_by("?").values_list("number", flat=True)[:50])
            staff[kind].append(
                {"email": person.email, "key": device.key, "cases": numbers,
                 "letters": letters_of(person, numbers) if kind == "workers" else []}
            )  # fmt: skip
    names = list(Person.objects.order_by("?").values_list("last_name", flat=True).distinct()[:300])
    return {"password": PASSWORD, "staff": staff, "token": partner_token(), "last_names": names}


def letters_of(worker: Any, numbers: list[str]) -> list[int]:
    """Two letters on the worker's cases for the staff to open (queued once, kept between runs;
    the task worker makes their PDFs while the staff log in)."""
    from zicht.cases.models import Case
    from zicht.letters.models import Letter

    kept = list(Letter.objects.filter(case__number__in=numbers).values_list("pk", flat=True)[:2])
    cases = Case.objects.filter(number__in=numbers[: 2 - len(kept)])
    return kept + [queue_letter(worker, case, "Belastingtest.") for case in cases]


def extra_colleagues(count: int, prefix: str, role: Any) -> list[Any]:
    """seed_demo --scale makes 12 case workers per team; more staff join the teams in `role`:
    case workers without cases of their own (their worklist is empty, their team's cases open),
    team leaders, front office."""
    from zicht.accounts.models import Team, User

    teams = list(Team.objects.filter(members__email__startswith="schaal-").distinct())
    made = []
    for n in range(max(0, count)):
        user, _ = User.objects.update_or_create(
            email=f"{prefix}-{n:02d}@zicht.test",
            defaults={"full_name": f"{prefix.title()} {n:02d} (belastingtest)", "role": role},
        )
        teams[n % len(teams)].members.add(user)
        made.append(user)
    return made


class LetterStream:
    """Letters queued through the services while the staff work (`per_minute`, on the demo team's
    cases), so the task worker renders PDFs beside the web load; afterwards: how many got their
    PDF and how long that took."""

    def __init__(self, per_minute: float) -> None:
        self.interval = 60 / per_minute if per_minute > 0 else 0
        self.ids: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from django.db import close_old_connections

        from zicht.accounts.models import User
        from zicht.cases.models import Case

        user = User.objects.get(email="medewerker@zicht.test")
        cases = list(Case.objects.filter(team__members=user))
        n = 0
        while self.interval and not self.stop.wait(self.interval):
            close_old_connections()
            n += 1
            self.ids.append(queue_letter(user, cases[n % len(cases)], f"Belastingtest {n}."))

    def report(self, wait_seconds: float = 60) -> str:
        from django.db import close_old_connections

        from zicht.letters.models import Letter

        deadline = time.monotonic() + wait_seconds
        while True:
            close_old_connections()
            letters = Letter.objects.filter(pk__in=self.ids)
            done = [
                (r - c).total_seconds()
                for c, r in letters.exclude(rendered_at=None).values_list(
                    "created_at", "rendered_at"
                )
            ]
            if len(done) == len(self.ids) or time.monotonic() > deadline:
                break
            time.sleep(2)
        done.sort()
        if not done:
            return f"brieven tijdens de test: {len(self.ids)} klaargezet, 0 met PDF"
        p50, p95 = done[len(done) // 2], done[min(len(done) - 1, int(len(done) * 0.95))]
        return (
            f"brieven tijdens de test: {len(self.ids)} klaargezet, {len(done)} met PDF; "
            f"klaarzetten → PDF p50 {p50:.1f} s, p95 {p95:.1f} s"
        )


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
    parser.add_argument(
        "--letters-per-minute", type=float, default=6, help="letters queued during the run"
    )
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
    stream = LetterStream(args.letters_per_minute)
    stream.thread.start()
    try:
        run_locust(port, config_path, args.users, args.minutes, prefix)
    finally:
        stream.stop.set()
        stream.thread.join()
        letters = stream.report()
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    print_table(prefix, time.monotonic() - started)
    print(letters)


if __name__ == "__main__":
    main()
