"""Processes killed and PostgreSQL restarted under load; then: is anything half, lost or stuck?

    .venv/bin/python bench/faults.py                # 40 s of intake, the faults at 5/12/20/28 s
    .venv/bin/python bench/faults.py --seconds 60 --clients 8

Uses the load test's database `zicht_bench_load` (bench/load.py seeds it; here it is only
migrated and given a partner token when new). Starts gunicorn (sync workers, one per core) and
`db_worker`, then, while client threads post reports through POST /api/v1/reports (each with its
own Idempotency-Key, remembering the answer) and this process queues letters (each rendered to a
PDF by the worker):

1. kill -9 of a gunicorn worker (gunicorn's master starts a new one) in the middle of intake;
2. kill -9 of `db_worker` while it renders a letter, then a new `db_worker`;
3. `pg_ctlcluster <--cluster> restart` of the server it runs on (default `15 main`, this machine's
   server, which CI and every other database use too; to leave that one alone, run it on a
   cluster of its own:

       pg_createcluster 15 faults --port 5433 -- --auth=trust && pg_ctlcluster 15 faults start
       BENCH_DATABASE_SERVER=postgres://postgres@127.0.0.1:5433 .venv/bin/python bench/faults.py --cluster "15 faults"
   );
4. kill -9 of the other gunicorn worker.

Afterwards, once the worker had time and `requeue_letters` ran (with a short limit here: in
production it waits 10 minutes), it checks and prints: every report the client got a 2xx for
exists whole (its case, its three persons, its household members); every report without a 2xx is
absent or whole; no case of the run without its report and household; every letter of the run
has its PDF; `verify_access_log` passes. Exits 1 when something is wrong.
"""

import argparse
import http.client
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from io import StringIO
from pathlib import Path

from common import ROOT, SERVER, prepare_database, queue_letter, setup_django
from intake import free_port, partner_token, report_body, start_gunicorn, wait_until_serving

DB_NAME = "zicht_bench_load"
HOST = "127.0.0.1"


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def start_worker() -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "ZICHT_ENV"}
    env["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.2"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)  # noqa: S603


class Intake:
    """Client threads posting reports; `answers` maps each Idempotency-Key to its status."""

    def __init__(self, port: int, token: str, clients: int) -> None:
        self.port, self.token = port, token
        self.answers: dict[str, int] = {}
        self.stop = threading.Event()
        self.seq = itertools.count(int(time.time()))
        self.threads = [threading.Thread(target=self.client) for _ in range(clients)]

    def client(self) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while not self.stop.is_set():
            key = str(uuid.uuid4())
            headers = {"Authorization": f"Token {self.token}", "Idempotency-Key": key}
            headers["Content-Type"] = "application/json"
            try:
                connection.request("POST", "/api/v1/reports", report_body(next(self.seq)), headers)
                response = connection.getresponse()
                response.read()
                self.answers[key] = response.status
            except (OSError, http.client.HTTPException):
                self.answers[key] = 0  # no answer: the connection died with its worker
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
                time.sleep(0.2)
        connection.close()


def queue_letters(count: int) -> list[int]:
    """Letters on cases of the run's database, as the services queue them (PDF after commit)."""
    from django.db import close_old_connections

    from zicht.accounts.models import User
    from zicht.cases.models import Case

    close_old_connections()
    user = User.objects.get(email="medewerker@zicht.test")
    cases = list(Case.objects.filter(team__members=user).order_by("?")[:count])
    return [queue_letter(user, case, f"Storingstest {n}.") for n, case in enumerate(cases)]


def wait_for_running_letter(timeout: float) -> bool:
    from django.db import close_old_connections
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    until = time.monotonic() + timeout
    while time.monotonic() < until:
        close_old_connections()
        if DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists():
            return True
        time.sleep(0.05)
    return False


def say(started: float, what: str) -> None:
    print(f"  {time.monotonic() - started:5.1f} s  {what}", flush=True)


def check(answers: dict[str, int], letters: list[int], first_case: int, user_id: int) -> list[str]:
    from django.core.management import call_command
    from django.db import connections

    from zicht.cases.models import Case
    from zicht.core.models import IdempotencyRecord
    from zicht.letters.models import Letter, LetterStatus
    from zicht.reports.models import Report

    connections.close_all()
    problems = []
    records = {
        r.key: r for r in IdempotencyRecord.objects.filter(user_id=user_id, key__in=list(answers))
    }

    def whole(record: IdempotencyRecord) -> bool:
        report = Report.objects.filter(pk=(record.response_body or {}).get("id")).first()
        return bool(
            report and report.persons.count() == 3 and report.case.household.members.count() >= 3
        )

    created = {k for k, status in answers.items() if 200 <= status < 300}
    for key in created:
        if key not in records or not whole(records[key]):
            problems.append(f"verloren of half: melding met sleutel {key} (2xx gekregen)")
    for key in set(answers) - created:
        if key in records and not whole(records[key]):
            problems.append(f"half: melding met sleutel {key} (geen 2xx)")
    for case in Case.objects.filter(pk__gte=first_case):
        if not case.reports.exists() or not case.household.members.exists():
            problems.append(f"half dossier {case.number}: zonder melding of huishouden")
    for letter in Letter.objects.filter(pk__in=letters).exclude(status=LetterStatus.RENDERED):
        problems.append(f"brief {letter.pk} hangt: {letter.status} {letter.error[:80]}")
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_access_log", stdout=out, stderr=err)
    except Exception as error:  # CommandError: the chain is broken
        problems.append(f"toegangslog: {error} {err.getvalue()[:300]}")
    print(f"  meldingen met 2xx: {len(created)}, zonder: {len(answers) - len(created)} "
          f"(statussen {dict(sorted(_count(answers).items()))})")  # fmt: skip
    print(f"  dossiers van de run: {Case.objects.filter(pk__gte=first_case).count()}, "
          f"brieven: {len(letters)}; {out.getvalue().strip()}")  # fmt: skip
    return problems


def _count(answers: dict[str, int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for status in answers.values():
        counts[status] = counts.get(status, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--letters", type=int, default=30)
    parser.add_argument(
        "--cluster", default="15 main", help="the server to restart (pg_ctlcluster's version name)"
    )
    parser.add_argument(
        "--skip-postgres-restart",
        action="store_true",
        help="leave PostgreSQL alone (a server shared with others' test runs)",
    )
    args = parser.parse_args()
    prepare_database(DB_NAME, fresh=False)
    setup_django(DB_NAME)
    from django.core.management import call_command
    from django.db import connections

    from zicht.accounts.models import User
    from zicht.cases.models import Case
    from zicht.letters.recovery import requeue_stuck_letters

    call_command("migrate", verbosity=0)
    if not User.objects.filter(email="medewerker@zicht.test").exists():
        call_command("seed_demo", verbosity=0, stdout=StringIO())
    token = partner_token()
    user_id = User.objects.get(email="bench-politie@zicht.test").pk
    first_case = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    connections.close_all()

    port = free_port()
    server = start_gunicorn(port, db_name=DB_NAME)
    worker = start_worker()
    wait_until_serving(port)
    intake = Intake(port, token, args.clients)
    letters: list[int] = []
    started = time.monotonic()
    print("Storingen onder belasting:", flush=True)
    try:
        for thread in intake.threads:
            thread.start()
        time.sleep(args.seconds * 0.12)
        victim = children(server.pid)[0]
        os.kill(victim, signal.SIGKILL)
        say(started, f"kill -9 gunicorn-worker {victim} (midden in de intake)")
        # Letters are queued in a thread while this one waits for the worker to be rendering.
        queuing = threading.Thread(target=lambda: letters.extend(queue_letters(args.letters)))
        queuing.start()
        running = wait_for_running_letter(timeout=30)
        worker.kill()
        worker.wait()
        what = "midden in het maken van een PDF" if running else "geen lopende taak gezien"
        say(started, f"kill -9 db_worker {worker.pid} ({what})")
        queuing.join()
        say(started, f"{len(letters)} brieven klaargezet")
        time.sleep(1)
        worker = start_worker()
        say(started, f"nieuwe db_worker {worker.pid}")
        time.sleep(max(0.0, args.seconds * 0.5 - (time.monotonic() - started)))
        letters += queue_letters(args.letters // 3)
        if args.skip_postgres_restart:
            say(started, "PostgreSQL niet herstart (--skip-postgres-restart)")
        else:
            restart = subprocess.run(  # noqa: S603  # the operator's own --cluster
                ["pg_ctlcluster", *args.cluster.split(), "restart"],  # noqa: S607  # Debian's tool
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            say(started, f"pg_ctlcluster {args.cluster} restart: exit {restart.returncode} "
                         f"{restart.stderr.strip()[:100]}")  # fmt: skip
            # Letters queued after the restart: only a worker that outlived it renders them.
            connections.close_all()  # this process's connection died with the server
            after = queue_letters(args.letters // 3)
            letters += after
            alive = "leeft nog" if worker.poll() is None else f"gestopt ({worker.returncode})"
            say(started, f"db_worker {worker.pid} na de herstart: {alive}; "
                         f"{len(after)} brieven klaargezet")  # fmt: skip
        time.sleep(max(0.0, args.seconds * 0.7 - (time.monotonic() - started)))
        survivors = children(server.pid)
        if survivors:
            os.kill(survivors[-1], signal.SIGKILL)
            say(started, f"kill -9 gunicorn-worker {survivors[-1]}")
        time.sleep(max(0.0, args.seconds - (time.monotonic() - started)))
    finally:
        intake.stop.set()
        for thread in intake.threads:
            thread.join(timeout=60)
        say(started, "intake gestopt; de worker maakt de rest")
    try:
        # As the scheduler's requeue_letters, with a short limit instead of 10 minutes.
        time.sleep(12)
        connections.close_all()
        recovered = requeue_stuck_letters(stuck_after=timedelta(seconds=10))
        say(started, f"requeue_letters: {recovered.letters_requeued} brieven opnieuw, "
                     f"{recovered.tasks_failed} taken van de gestopte worker mislukt")  # fmt: skip
        deadline = time.monotonic() + 120
        from zicht.letters.models import Letter, LetterStatus

        while time.monotonic() < deadline:
            connections.close_all()
            if not Letter.objects.filter(pk__in=letters, status=LetterStatus.QUEUED).exists():
                break
            time.sleep(1)
        problems = check(intake.answers, letters, first_case, user_id)
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    for problem in problems[:30]:
        print(f"  FOUT: {problem}")
    print("Uitkomst: " + ("alles heel" if not problems else f"{len(problems)} problemen"))
    print(json.dumps({"problemen": len(problems)}))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
