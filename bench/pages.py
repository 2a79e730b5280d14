"""Server time of the pages a worker waits on with a caller on the line, at national scale:
search before create, the person page and the case page (issue 20, items 10–12).

    .venv/bin/python bench/pages.py [--cases 100000] [--requests 100] [--explain MS]

Uses the database of bench/worklist.py (`zicht_bench`, seeded on first use; see bench/README.md)
and its floor view, measured in the same run, in turns with the pages. Prints p50 and p95 per
page, the ratio to the floor and the query count. Only prints: nothing asserts.
"""

import argparse
from typing import Any

from common import prepare_database, setup_django
from worklist import DB_NAME, explain, install_floor_view, measure, seed, verified_client

TARGET_P95_MS = 100
TARGET_RATIO_SEARCH = 4
TARGET_RATIO_CASE = 3


def _misspelled(name: str) -> str:
    """One letter in the middle doubled: what a hurried typist makes of a name."""
    middle = len(name) // 2
    return name[:middle] + name[middle] + name[middle:]


def dataset() -> dict[str, Any]:
    from django.db.models import Count

    from zicht.accounts.models import User
    from zicht.cases.models import Case
    from zicht.people.models import HouseholdMember, Person
    from zicht.people.selectors import persons_visible_to

    worker = User.objects.get(email="medewerker@zicht.test")
    own_cases = Case.objects.visible_to(worker)
    common = (
        Person.objects.values("last_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "last_name")
        .first()
    )
    assert common is not None, "lege database"  # a bench, seeded above
    visible = persons_visible_to(worker)
    dated = (
        visible.filter(last_name=common["last_name"], birth_day__lte=12, birth_month__isnull=False)
        .exclude(birth_day=None)
        .order_by("pk")
        .first()
    )
    typical = visible.exclude(last_name=common["last_name"]).order_by("pk")[500]
    other_member = (
        HouseholdMember.objects.exclude(household__cases__in=own_cases.values("pk"))
        .exclude(person__bsn="")
        .select_related("person")
        .order_by("pk")
        .first()
    )
    own_member = (
        HouseholdMember.objects.filter(household__cases__in=own_cases.values("pk"))
        .exclude(person__bsn="")
        .select_related("person")
        .order_by("pk")
        .first()
    )
    typical_case = own_cases.order_by("pk")[1000]
    large_case = (
        own_cases.annotate(members=Count("household__members")).order_by("-members", "pk").first()
    )
    return {
        "worker": worker,
        "persons": Person.objects.count(),
        "open_cases": Case.objects.exclude(phase="closed").count(),
        "common": common,
        "dated": dated,
        "typical": typical,
        "other_bsn": other_member.person.bsn if other_member else "",
        "own_bsn": own_member.person.bsn if own_member else "",
        "typical_case": typical_case,
        "large_case": large_case,
    }


def pages(data: dict[str, Any]) -> list[tuple[str, str, dict[str, str] | None]]:
    surname, dated = data["common"]["last_name"], data["dated"]
    search = "/personen/zoeken"
    found = [
        ("vloer: 1 query, 50 termijnen", "/bench/vloer", None),
        (
            f'zoeken: "{surname}" ({data["common"]["n"]:,} personen)',
            search,
            {"last_name": surname},
        ),
    ]
    if dated is not None:
        found += [
            (
                f'zoeken: "{surname}" + geboortedatum',
                search,
                {
                    "last_name": surname,
                    "birth_day": str(dated.birth_day),
                    "birth_month": str(dated.birth_month),
                    "birth_year": str(dated.birth_year or ""),
                },
            ),
            (
                f'zoeken: "{_misspelled(surname)}", dag en maand verwisseld',
                search,
                {
                    "last_name": _misspelled(surname),
                    "birth_day": str(dated.birth_month),
                    "birth_month": str(dated.birth_day),
                    "birth_year": str(dated.birth_year or ""),
                },
            ),
        ]
    if data["own_bsn"]:
        found.append(("zoeken: BSN, eigen team", search, {"bsn": data["own_bsn"]}))
    if data["other_bsn"]:
        found.append(("zoeken: BSN, ander team", search, {"bsn": data["other_bsn"]}))
    found += [
        (f"persoon: {data['typical'].last_name} (gewoon)", f"/personen/{data['typical'].pk}", None),
    ]
    if dated is not None:
        found.append((f"persoon: {surname} (veel voorkomend)", f"/personen/{dated.pk}", None))
    found += [
        (
            f"dossier {data['typical_case'].number} (gewoon)",
            data["typical_case"].get_absolute_url(),
            None,
        ),
        (
            f"dossier {data['large_case'].number} ({data['large_case'].members} leden)",
            data["large_case"].get_absolute_url(),
            None,
        ),
    ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="open dossiers (100000)")
    parser.add_argument("--requests", type=int, default=100, help="metingen per pagina (100)")
    parser.add_argument("--warmup", type=int, default=3, help="opwarmverzoeken per pagina (3)")
    parser.add_argument("--explain", type=float, metavar="MS", help="zoals bench/worklist.py")
    args = parser.parse_args()

    prepare_database(DB_NAME, fresh=False)
    setup_django(DB_NAME)
    seed(args.cases)
    install_floor_view()
    data = dataset()
    print(f"\nDataset: {data['open_cases']:,} open dossiers, {data['persons']:,} personen.")
    print(f"Als {data['worker'].email}; de pagina's om de beurt, {args.requests} metingen elk.\n")
    listed = pages(data)
    client = verified_client(data["worker"])
    if args.explain is not None:
        for _, url, form in listed:
            if form is None:
                explain(client, url, args.explain)
    results = measure([(client, url, form) for _, url, form in listed], args.requests, args.warmup)
    floor = results[0]
    width = max(len(title) for title, _, _ in listed)
    print(
        f"{'pagina':<{width}}  {'p50 ms':>7}  {'p95 ms':>7}  {'p50/vloer':>9}  {'p95/vloer':>9}"
        f"  {'queries':>7}"
    )
    for (title, _, _), (p50, p95, queries) in zip(listed, results, strict=True):
        print(
            f"{title:<{width}}  {p50:>7.1f}  {p95:>7.1f}  {p50 / floor[0]:>8.1f}×  "
            f"{p95 / floor[1]:>8.1f}×  {queries:>7}"
        )
    print(
        f"\nDoel: zoeken en persoonspagina p95 ≤ {TARGET_P95_MS} ms en ≤ {TARGET_RATIO_SEARCH}× "
        f"de vloer; dossierpagina ≤ {TARGET_RATIO_CASE}× de vloer."
    )


if __name__ == "__main__":
    main()
