"""The CBS half-year file and the dashboard at scale (issue 15, "Speed").

    .venv/bin/python bench/reporting.py [--database postgres|sqlite] [--cases 100000]
        [--reports 65000] [--advice 72000] [--fresh] [--runs 20] [--seed-only]

Uses its own database, kept between runs so a rerun skips the generation: PostgreSQL
`zicht_bench_reporting`, or the SQLite file `var/bench-reporting.sqlite3`. `seed_demo --scale` up
to `--cases` cases (the dashboard's scale), then (bulk, bypassing the services, synthetic only) one
report per case for `--reports` of them, received in the half year 2026-1 with the case's
household as the persons involved, and `--advice` advice contacts in the same half year. Then it
prints, beside a floor measured in the same run:

- the CBS file: seconds to produce every line, peak Python memory (tracemalloc, a second run) and
  the process's peak RSS, against the floor: a bare server-side-cursor SELECT of the same advice,
  report, person and case rows;
- the dashboard page (p50/p95 in ms) as policy/control and as a team leader, counted (cache
  emptied) and cached, beside the worklist benchmark's floor page;
- the load average, as the machine may be shared.

Only prints: nothing asserts.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

from common import ROOT, prepare_database, setup_django

DB_NAME = "zicht_bench_reporting"
SQLITE_FILE = ROOT / "var" / "bench-reporting.sqlite3"
HALF_YEAR = "2026-1"
TARGET_SECONDS = 10
TARGET_MB = 300
TARGET_P95_MS = 300


def prepare_sqlite(fresh: bool) -> None:
    """The SQLite file under var/, kept between runs like the PostgreSQL database."""
    SQLITE_FILE.parent.mkdir(exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    setup_django(DB_NAME, f"sqlite:///{SQLITE_FILE}")


def seed(cases: int, reports: int, advice: int) -> None:
    from django.core.management import call_command

    from zicht.advice.models import Advice
    from zicht.cases.models import Case
    from zicht.reports.models import Report

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        call_command("seed_demo", verbosity=0, stdout=StringIO())
    missing = max(cases, reports) - Case.objects.count()
    if missing > 0:
        print(f"{missing} dossiers toevoegen (seed_demo --scale {missing}) …", flush=True)
        call_command("seed_demo", scale=missing, verbosity=1)
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 30, tzinfo=UTC)
    have = Report.objects.filter(received_at__gte=start, received_at__lt=end).count()
    if have < reports:
        _bulk_reports(reports - have, start)
    have = Advice.objects.filter(
        contact__received_at__gte=start, contact__received_at__lt=end
    ).count()
    if have < advice:
        _bulk_advice(advice - have, start)
    from django.db import connection

    # Fresh planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` keep them live.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _moment(rng: random.Random, start: datetime) -> datetime:
    return start + timedelta(minutes=rng.randrange(180 * 24 * 60))


SECTORS = ["police_justice"] * 7 + ["education", "health_care", "youth_care"]


def _bulk_reports(n: int, start: datetime) -> None:
    from django.db import transaction

    from zicht.accounts.models import User
    from zicht.cases.models import Case
    from zicht.people.models import HouseholdMember
    from zicht.reports import assessed
    from zicht.reports.models import Contact, Report, ReportPerson

    print(f"{n} meldingen toevoegen …", flush=True)
    rng = random.Random(15)
    user = User.objects.order_by("pk").first()
    cases = list(
        Case.objects.filter(reports__isnull=True)
        .order_by("pk")
        .values_list("pk", "household_id")[:n]
    )
    for offset in range(0, len(cases), 5000):
        chunk = cases[offset : offset + 5000]
        with transaction.atomic():
            contacts = Contact.objects.bulk_create(
                [
                    Contact(
                        channel="phone",
                        received_at=_moment(rng, start),
                        caller_kind="professional",
                        sector=rng.choice(SECTORS),
                        becomes="report",
                        created_by=user,
                    )
                    for _ in chunk
                ]
            )
            made = Report.objects.bulk_create(
                [
                    Report(
                        contact=contact,
                        case_id=case_id,
                        received_at=contact.received_at,
                        reporter_name="Melder (synthetisch)",
                        concerns="Synthetisch.",
                        violence_types=[rng.choice(["physical", "psychological", "neglect"])],
                        involvement="first",
                        created_by=user,
                    )
                    for contact, (case_id, _) in zip(contacts, chunk, strict=True)
                ]
            )
            households = {
                household: report.pk for report, (_, household) in zip(made, chunk, strict=True)
            }
            members = HouseholdMember.objects.filter(household_id__in=households).values_list(
                "household_id", "person_id", "role"
            )
            ReportPerson.objects.bulk_create(
                [ReportPerson(report_id=households[h], person_id=p, role=r) for h, p, r in members]
            )
            # bulk_create bypasses save(): each report's assessment day (R-WL-2) as
            # `reports.assessed` keeps it for reports saved one by one.
            assessed.refresh(case_id for case_id, _ in chunk)
        print(f"  {offset + len(chunk)} van {len(cases)}", flush=True)


def _bulk_advice(n: int, start: datetime) -> None:
    from django.db import transaction

    from zicht.accounts.models import User
    from zicht.advice.models import Advice
    from zicht.reports.models import Contact

    print(f"{n} adviezen toevoegen …", flush=True)
    rng = random.Random(16)
    user = User.objects.order_by("pk").first()
    for offset in range(0, n, 5000):
        size = min(5000, n - offset)
        with transaction.atomic():
            contacts = Contact.objects.bulk_create(
                [
                    Contact(
                        channel="phone",
                        received_at=_moment(rng, start),
                        caller_kind=rng.choice(["professional", "citizen"]),
                        sector="",
                        becomes="advice",
                        created_by=user,
                    )
                    for _ in range(size)
                ]
            )
            for contact in contacts:
                if contact.caller_kind == "professional":
                    contact.sector = rng.choice(SECTORS)
            Contact.objects.bulk_update(contacts, ["sector"])
            Advice.objects.bulk_create(
                [
                    Advice(
                        contact=contact,
                        question="Synthetisch.",
                        framework_outcome="advice_and_support",
                        responsibility_discussed=True,
                        created_by=user,
                    )
                    for contact in contacts
                ]
            )


def floor(delivery) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """The same rows, bare: server-side cursors over advice, reports, their persons and cases."""
    from django.db import connection, transaction

    from zicht.reports.models import ReportPerson

    period = delivery.period
    queries = [
        delivery.reports().values_list("pk", "received_at", "contact__sector", "violence_types"),
        ReportPerson.objects.filter(report__in=delivery.reports()).values_list(
            "report_id", "person_id", "person__birth_year", "person__sex"
        ),
        delivery.advices().values_list("pk", "contact__received_at", "contact__sector"),
        delivery.cases().values_list("pk", "opened_at", "closed_at", "household_id"),
    ]
    started, rows = time.perf_counter(), 0
    with transaction.atomic():
        for query in queries:
            for _ in query.iterator(chunk_size=2000):
                rows += 1
    del connection, period
    return time.perf_counter() - started, rows


def cbs_file(delivery, *, trace: bool = False) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """Every line of the file, as the page streams it. Timed without tracemalloc (which slows
    Python several times); the peak is measured in a second run with it."""
    from zicht.reporting import cbs
    from zicht.reporting.readonly import read_only

    if trace:
        tracemalloc.start()
    started, lines = time.perf_counter(), 0
    with read_only():
        for _ in cbs.lines(delivery):
            lines += 1
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6 if trace else 0.0
    if trace:
        tracemalloc.stop()
    return seconds, peak, lines


def dashboard_pages(runs: int) -> list[tuple[str, float, float, float, float]]:
    """The dashboard page through the whole stack (Django's test client, a verified two-factor
    session), as policy/control and as a team leader, for the default 12 weeks and for the half
    year that holds the reports; beside the worklist benchmark's floor page, taking turns.
    Each page twice: counted (the cache emptied before each request: what the first request of a
    minute costs) and cached. Returns (page, p50 and p95 counted, p50 and p95 cached) in ms."""
    from django.core.cache import cache
    from django.utils import timezone

    from worklist import install_floor_view, percentile, verified_client
    from zicht.accounts.models import User

    install_floor_view()
    policy = verified_client(User.objects.get(email="beleid@zicht.test"))
    leader = verified_client(User.objects.get(email="teamleider@zicht.test"))
    today = timezone.localdate()
    twelve_weeks = {"van": (today - timedelta(weeks=12, days=-1)).isoformat(), "tot": str(today)}
    half_year = {"van": "2026-01-01", "tot": "2026-06-30"}
    pages = [
        ("vloer (/bench/vloer)", policy, "/bench/vloer", {}),
        ("beleid, 12 weken", policy, "/verantwoording/dashboard", twelve_weeks),
        ("beleid, halfjaar 2026-1", policy, "/verantwoording/dashboard", half_year),
        ("teamleider, 12 weken", leader, "/verantwoording/dashboard", twelve_weeks),
    ]

    def get(client: Any, url: str, query: dict[str, str]) -> float:
        started = time.perf_counter()
        response = client.get(url, query)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: status {response.status_code}")
        return elapsed

    counted: list[list[float]] = [[] for _ in pages]
    cached: list[list[float]] = [[] for _ in pages]
    for round_ in range(runs + 2):
        for (_, client, url, query), cold, warm in zip(pages, counted, cached, strict=True):
            cache.clear()
            first = get(client, url, query)
            second = get(client, url, query)
            if round_ >= 2:  # the first two rounds warm up
                cold.append(first)
                warm.append(second)
    results = []
    for (name, *_), cold, warm in zip(pages, counted, cached, strict=True):
        cold.sort()
        warm.sort()
        results.append(
            (
                name,
                statistics.median(cold),
                percentile(cold, 0.95),
                statistics.median(warm),
                percentile(warm, 0.95),
            )
        )
    return results


def _load() -> str:
    return " / ".join(f"{n:.1f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=65_000)
    parser.add_argument("--advice", type=int, default=72_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--seed-only", action="store_true", help="only generate the data")
    parser.add_argument("--part", choices=("all", "cbs", "dashboard"), default="all")
    args = parser.parse_args()
    if args.database == "sqlite":
        prepare_sqlite(args.fresh)
    else:
        prepare_database(DB_NAME, args.fresh)
        setup_django(DB_NAME)
    started = time.perf_counter()
    seed(args.cases, args.reports, args.advice)
    print(f"Gegevens klaar in {time.perf_counter() - started:.0f} s.", flush=True)
    if args.seed_only:
        return

    if args.part in ("all", "cbs"):
        cbs_figures()
    if args.part in ("all", "dashboard"):
        dashboard_figures(args.runs)


def cbs_figures() -> None:
    from zicht.reporting import cbs
    from zicht.reporting.periods import half_year

    delivery = cbs.Delivery(half_year(HALF_YEAR, today=date(2026, 12, 1)), HALF_YEAR)
    floor_seconds, floor_rows = floor(delivery)
    seconds, _, lines = cbs_file(delivery)
    _, peak, _ = cbs_file(delivery, trace=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from django.db import connection

    from zicht.cases.models import Case

    print(
        f"\n{connection.vendor}, {Case.objects.count()} dossiers; belasting (load average) {_load()}"
    )
    print(f"CBS-levering {HALF_YEAR}: {lines} regels")
    print(
        f"  bestand   {seconds:6.2f} s   piek {peak:6.1f} MB Python, proces {rss:.0f} MB   doel ≤ {TARGET_SECONDS} s, ≤ {TARGET_MB} MB"
    )
    print(
        f"  vloer     {floor_seconds:6.2f} s   ({floor_rows} rijen kaal gelezen)   verhouding {seconds / floor_seconds:.1f}×"
    )


def dashboard_figures(runs: int) -> None:
    from django.db import connection

    print(
        f"Dashboardpagina, {connection.vendor} (ms; geteld: cache leeg, bewaard: tweede verzoek binnen de minuut)"
    )
    print(f"  {'pagina':28} {'geteld p50':>10} {'p95':>7} {'bewaard p50':>12} {'p95':>7}")
    for name, cold50, cold95, warm50, warm95 in dashboard_pages(runs):
        print(f"  {name:28} {cold50:10.0f} {cold95:7.0f} {warm50:12.0f} {warm95:7.0f}")
    print(f"  doel p95 ≤ {TARGET_P95_MS} ms bij 100.000 dossiers; belasting {_load()}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
