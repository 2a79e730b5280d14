"""The CBS half-year file and the dashboard at scale (issue 15, "Speed").

    .venv/bin/python bench/reporting.py [--reports 65000] [--advice 72000] [--fresh] [--runs 20]

Uses its own PostgreSQL database `zicht_bench_reporting`: `seed_demo --scale` up to `--reports`
cases, then (bulk, bypassing the services, synthetic only) one report per case received in the
half year 2026-1 with the case's household as the persons involved, and `--advice` advice contacts
in the same half year. Then it prints, beside a floor measured in the same run:

- the CBS file: seconds and peak Python memory (tracemalloc) to produce every line, against the
  floor: a bare server-side-cursor SELECT of the same report, person and advice rows;
- the dashboard's figures (all six charts, whole organisation, 12 weeks): p50/p95 in ms.

Only prints: nothing asserts.
"""

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from io import StringIO

from common import prepare_database, setup_django

DB_NAME = "zicht_bench_reporting"
HALF_YEAR = "2026-1"
TARGET_SECONDS = 10
TARGET_MB = 300
TARGET_P95_MS = 300


def seed(reports: int, advice: int) -> None:
    from django.core.management import call_command

    from zicht.advice.models import Advice
    from zicht.cases.models import Case
    from zicht.reports.models import Report

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        call_command("seed_demo", verbosity=0, stdout=StringIO())
    missing = reports - Case.objects.count()
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

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _moment(rng: random.Random, start: datetime) -> datetime:
    return start + timedelta(minutes=rng.randrange(180 * 24 * 60))


SECTORS = ["police_justice"] * 7 + ["education", "health_care", "youth_care"]


def _bulk_reports(n: int, start: datetime) -> None:
    from django.db import transaction

    from zicht.accounts.models import User
    from zicht.cases.models import Case
    from zicht.people.models import HouseholdMember
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
    """The same rows, bare: server-side cursors over reports, their persons and advice."""
    from django.db import connection, transaction

    from zicht.reports.models import ReportPerson

    period = delivery.period
    queries = [
        delivery.reports().values_list("pk", "received_at", "contact__sector", "violence_types"),
        ReportPerson.objects.filter(report__in=delivery.reports()).values_list(
            "report_id", "person_id", "person__birth_year", "person__sex"
        ),
        delivery.advices().values_list("pk", "contact__received_at", "contact__sector"),
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


def dashboard_times(runs: int) -> list[float]:
    from django.utils import timezone

    from zicht.accounts.models import User
    from zicht.accounts.policy import Role
    from zicht.reporting import dashboard
    from zicht.reporting.periods import between
    from zicht.reporting.readonly import read_only

    user = User.objects.filter(role=Role.POLICY_CONTROL).first() or User.objects.first()
    today = timezone.localdate()
    period = between(today - timedelta(weeks=12) + timedelta(days=1), today)
    times = []
    for _ in range(runs + 2):
        started = time.perf_counter()
        with read_only():
            dashboard.dashboard(user, period, None)  # type: ignore[arg-type]
        times.append((time.perf_counter() - started) * 1000)
    return times[2:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=65_000)
    parser.add_argument("--advice", type=int, default=72_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    prepare_database(DB_NAME, args.fresh)
    setup_django(DB_NAME)
    seed(args.reports, args.advice)

    from zicht.reporting import cbs
    from zicht.reporting.periods import half_year

    delivery = cbs.Delivery(half_year(HALF_YEAR, today=date(2026, 12, 1)), HALF_YEAR)
    floor_seconds, floor_rows = floor(delivery)
    seconds, _, lines = cbs_file(delivery)
    _, peak, _ = cbs_file(delivery, trace=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nCBS-levering {HALF_YEAR}: {lines} regels")
    print(
        f"  bestand   {seconds:6.2f} s   piek {peak:6.1f} MB Python, proces {rss:.0f} MB   doel ≤ {TARGET_SECONDS} s, ≤ {TARGET_MB} MB"
    )
    print(
        f"  vloer     {floor_seconds:6.2f} s   ({floor_rows} rijen kaal gelezen)   verhouding {seconds / floor_seconds:.1f}×"
    )
    times = dashboard_times(args.runs)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    print(
        f"Dashboard (cijfers, 12 weken, hele organisatie): p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms   doel p95 ≤ {TARGET_P95_MS} ms"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
