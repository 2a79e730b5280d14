"""Server time of the worklists ("Mijn werk", the team view) at 100,000 open cases.

    .venv/bin/python bench/worklist.py [--cases 100000] [--requests 200] [--fresh] [--explain]

Uses its own PostgreSQL database `zicht_bench` (created, migrated and seeded on first use; see
bench/README.md). Each page is requested in-process through the whole middleware stack with a
verified two-factor session, and timed from request to response; a "floor" view that runs one
indexed query of 50 deadline rows and renders a trivial template shows what any page costs at
least. Prints p50 and p95 per page and the ratio to the floor. Only prints: nothing asserts.
"""

import argparse
import math
import statistics
import sys
import time
import types
from io import StringIO
from typing import Any

from common import prepare_database, setup_django

DB_NAME = "zicht_bench"
TARGET_P95_MS = 150
TARGET_RATIO = 3
# The same rows inside the application's page layout (header, navigation, footer), which every
# real page has: printed as a second reference line, the ratios stay against the bare floor.
LAYOUT_FLOOR_TEMPLATE = (
    '{% extends "base.html" %}{% block title %}Vloer{% endblock %}{% block content %}'
    "<table>{% for row in rows %}<tr><td>{{ row.due|date:'j M Y' }}</td><td>{{ row.kind }}</td>"
    "<td>{{ row.case_id }}</td></tr>{% endfor %}</table>{% endblock %}"
)
FLOOR_TEMPLATE = (
    "<table>{% for row in rows %}<tr><td>{{ row.due|date:'j M Y' }}</td><td>{{ row.kind }}</td>"
    "<td>{{ row.case_id }}</td></tr>{% endfor %}</table>"
)


def seed(cases: int) -> None:
    from django.core.management import call_command

    from zicht.cases.models import Case
    from zicht.cases.workflow import Phase

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    missing = cases - Case.objects.exclude(phase=Phase.CLOSED).count()
    if missing > 0:
        print(f"{missing} open dossiers toevoegen (seed_demo --scale {missing}) …", flush=True)
        call_command("seed_demo", scale=missing, verbosity=2)
    # The steady state autovacuum keeps a live database in: planner statistics and a visibility
    # map current, so index-only scans are possible. Right after a bulk load neither holds yet.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def install_floor_view() -> None:
    """A bench-only urlconf: the application's URLs plus /bench/vloer, the floor view."""
    from importlib import import_module

    from django.conf import settings
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, path

    from zicht.cases.models import Deadline

    template = engines["django"].from_string(FLOOR_TEMPLATE)
    with_layout = engines["django"].from_string(LAYOUT_FLOOR_TEMPLATE)

    def floor(request: HttpRequest) -> HttpResponse:
        rows = list(Deadline.objects.filter(met_at__isnull=True).order_by("due")[:50])
        return HttpResponse(template.render({"rows": rows}, request))

    def floor_with_layout(request: HttpRequest) -> HttpResponse:
        rows = list(Deadline.objects.filter(met_at__isnull=True).order_by("due")[:50])
        return HttpResponse(with_layout.render({"rows": rows}, request))

    app_urls = import_module("zicht.conf.urls")
    module: Any = types.ModuleType("bench_urls")
    module.urlpatterns = [
        path("bench/vloer", floor),
        path("bench/vloer-opmaak", floor_with_layout),
        *app_urls.urlpatterns,
    ]
    for name in ("handler403", "handler404", "handler500"):
        setattr(module, name, getattr(app_urls, name))
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def verified_client(user: Any) -> Any:
    """Logged in with password and a confirmed TOTP device, as after step 2 of the login."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from zicht.accounts import services as account_services

    device = account_services.totp_device_enrol_confirmed(user=user)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def percentile(sorted_ms: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    return sorted_ms[max(0, math.ceil(share * len(sorted_ms)) - 1)]


def measure(
    pages: list[tuple[Any, str, dict[str, str] | None]], requests: int, warmup: int
) -> list[tuple[float, float, int]]:
    """p50, p95 (ms) and the query count per page: (client, url, form data to POST or None to
    GET). The pages take turns, one request each per round, so a slower or faster spell of the
    machine (this VM shows steal time) falls on all of them alike instead of on whichever page
    was being measured then."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(client: Any, url: str, data: dict[str, str] | None) -> None:
        response = client.get(url) if data is None else client.post(url, data)
        if response.status_code != 200:
            raise SystemExit(f"{url}: status {response.status_code}")

    queries = []
    for client, url, data in pages:
        for _ in range(warmup):
            get(client, url, data)
        with CaptureQueriesContext(connection) as captured:  # one untimed request, to count
            get(client, url, data)
        queries.append(len(captured))
    times: list[list[float]] = [[] for _ in pages]
    for _ in range(requests):
        for (client, url, data), page_times in zip(pages, times, strict=True):
            started = time.perf_counter()
            get(client, url, data)
            page_times.append((time.perf_counter() - started) * 1000)
    results = []
    for page_times, count in zip(times, queries, strict=True):
        page_times.sort()
        results.append((statistics.median(page_times), percentile(page_times, 0.95), count))
    return results


def dataset() -> dict[str, Any]:
    from django.db.models import Count, Q

    from zicht.accounts.models import Team, User
    from zicht.cases.models import Case, Deadline
    from zicht.cases.workflow import ACTIVE_PHASES
    from zicht.people.models import Person

    active = Q(cases__phase__in=ACTIVE_PHASES)
    heavy = (
        User.objects.filter(email__startswith="schaal-")
        .annotate(n=Count("cases", filter=active))
        .order_by("-n", "pk")
        .first()
    )
    leader = User.objects.get(email="teamleider@zicht.test")
    worker = User.objects.get(email="medewerker@zicht.test")
    return {
        "open_cases": Case.objects.filter(phase__in=ACTIVE_PHASES).count(),
        "cases": Case.objects.count(),
        "deadlines": Deadline.objects.count(),
        "open_deadlines": Deadline.objects.filter(met_at__isnull=True).count(),
        "persons": Person.objects.count(),
        "teams": Team.objects.count(),
        "worker": worker,
        "worker_cases": worker.cases.filter(phase__in=ACTIVE_PHASES).count(),
        "heavy": heavy,
        "heavy_cases": heavy.cases.filter(phase__in=ACTIVE_PHASES).count() if heavy else 0,
        "leader": leader,
        "team": leader.teams.order_by("name").first(),
        "team_cases": Case.objects.filter(
            team__in=leader.teams.all(), phase__in=ACTIVE_PHASES
        ).count(),
    }


def explain(client: Any, url: str, slow_ms: float) -> None:
    """EXPLAIN ANALYZE of every SELECT one request of the page runs; the plan of the slow ones."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    print(f"\n=== {url}: {len(captured)} queries, waarvan {len(selects)} SELECT")
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found = re.search(r"Execution Time: ([\d.]+) ms", plan)
            ms = float(found[1]) if found else 0.0
            print(f"{ms:8.1f} ms  {sql[:110]}")
            if ms >= slow_ms:
                print(plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="open dossiers (100000)")
    parser.add_argument("--requests", type=int, default=200, help="metingen per pagina (200)")
    parser.add_argument("--warmup", type=int, default=5, help="opwarmverzoeken per pagina (5)")
    parser.add_argument("--fresh", action="store_true", help="database opnieuw aanmaken")
    parser.add_argument(
        "--explain",
        type=float,
        metavar="MS",
        help="toon per pagina de duur van elke query (EXPLAIN ANALYZE) en het plan van de "
        "queries die minstens MS ms duren",
    )
    args = parser.parse_args()

    prepare_database(DB_NAME, args.fresh)
    setup_django(DB_NAME)
    seed(args.cases)
    install_floor_view()
    data = dataset()

    print(
        f"\nDataset: {data['open_cases']:,} open dossiers ({data['cases']:,} in totaal), "
        f"{data['deadlines']:,} termijnen ({data['open_deadlines']:,} open), "
        f"{data['persons']:,} personen, {data['teams']} teams."
    )
    pages = [
        ("vloer: 1 query, 50 termijnen", data["worker"], "/bench/vloer"),
        ("vloer in de paginaopmaak (ter vergelijking)", data["worker"], "/bench/vloer-opmaak"),
        (
            f"/werk  {data['worker'].email} ({data['worker_cases']} dossiers)",
            data["worker"],
            "/werk",
        ),
    ]
    if data["heavy"] is not None:
        pages.append(
            (
                f"/werk  {data['heavy'].email} ({data['heavy_cases']:,} dossiers)",
                data["heavy"],
                "/werk",
            )
        )
    pages.append(
        (f"/team  {data['leader'].email}, {data['team']} ({data['team_cases']:,} dossiers)",
         data["leader"], "/team")
    )  # fmt: skip
    print(
        f"{args.requests} metingen per pagina na {args.warmup} om op te warmen; de pagina's om "
        "de beurt, zodat een trager of sneller moment van de machine ze allemaal treft.\n"
    )
    width = max(len(title) for title, _, _ in pages)
    print(
        f"{'pagina':<{width}}  {'p50 ms':>7}  {'p95 ms':>7}  {'p50/vloer':>9}  {'p95/vloer':>9}  {'queries':>7}"
    )
    clients = []
    for _, user, url in pages:
        client = verified_client(user)
        if args.explain is not None:
            explain(client, url, args.explain)
        clients.append((client, url, None))
    results = measure(clients, args.requests, args.warmup)
    floor = results[0]
    for (title, _, _), (p50, p95, queries) in zip(pages, results, strict=True):
        print(
            f"{title:<{width}}  {p50:>7.1f}  {p95:>7.1f}  {p50 / floor[0]:>8.1f}×  "
            f"{p95 / floor[1]:>8.1f}×  {queries:>7}"
        )
    print(f"\nDoel: p95 ≤ {TARGET_P95_MS} ms en ≤ {TARGET_RATIO}× de vloer.")


if __name__ == "__main__":
    main()
