"""The national register's benchmark (issue 14): one table of lookup latency at scale, build time
and size, and (with --quality) FEBRL4 linkage quality beside clkhash+anonlink and Splink.

    nice -n 19 .venv/bin/python bench/register.py --size 1000000 --db sqlite
    nice -n 19 .venv/bin/python bench/register.py --size 1000000 --db postgresql --http
    var/bench-venv/bin/python bench/register.py --quality-only     # needs recordlinkage etc.

Synthetic registrations are generated once and cached (SQLite: var/register-bench/<size>.sqlite3;
PostgreSQL: database zicht_register_bench_<size>); a later run reuses them. Each registration has
the real keys of a synthetic person (BSN key for 85 %, name+date key, the four blocking keys, all
HMACs under a bench secret); its CLK is 128 random bytes (the CLK only costs a Dice per candidate,
and random ones keep the build fast; the candidate counts come from the real blocking keys).
Persons: 40,000 surnames, 4,000 first names with a skewed frequency (the commonest ~0.6 %), birth dates over
85 years, 26 organisations. Latency: in-process through zicht.register.services (exact: the BSN
key only; fuzzy: every key + Dice over the candidates), over HTTP through a gunicorn worker, and
the floor: a bare primary-key read of a registration in the same database.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SECRET = b"bench-gedeeld-geheim"
BATCH = 20_000
SYLLABLES = [
    "van",
    "de",
    "berg",
    "jan",
    "sen",
    "bak",
    "ker",
    "vis",
    "ser",
    "hui",
    "zen",
    "mol",
    "en",
    "aar",
    "dijk",
    "hof",
    "man",
    "kamp",
    "brink",
    "meer",
    "el",
    "am",
    "ra",
    "ni",
    "oz",
    "tur",
    "ko",
    "yil",
    "maz",
    "sto",
    "ver",
    "wey",
    "boom",
    "gaard",
    "smit",
    "ter",
]


def names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]


SURNAMES, FIRST = names(40_000, 1), names(4_000, 2)


def _cumulative(count: int) -> list[float]:
    """Weights 1/(rank + 20): the commonest name about 0.6 % of persons (De Jong's share)."""
    total, out = 0.0, []
    for rank in range(count):
        total += 1 / (rank + 20)
        out.append(total)
    return out


SURNAME_WEIGHTS, FIRST_WEIGHTS = _cumulative(len(SURNAMES)), _cumulative(len(FIRST))


def person(i: int):  # type: ignore[no-untyped-def]
    from zicht.register.pseudonym import Identity

    rng = random.Random(i)
    return Identity(
        first_names=rng.choices(FIRST, cum_weights=FIRST_WEIGHTS)[0],
        last_name=rng.choices(SURNAMES, cum_weights=SURNAME_WEIGHTS)[0],
        birth_year=rng.randint(1940, 2025),
        birth_month=rng.randint(1, 12),
        birth_day=rng.randint(1, 28),
        bsn=f"{rng.randint(100_000_000, 999_999_999)}" if rng.random() < 0.85 else "",
    )


def keys(i: int):  # type: ignore[no-untyped-def]
    from zicht.register.pseudonym import encode
    from zicht.register.services import PersonKeys

    encoding = encode(SECRET, person(i), flip=0.0)
    return PersonKeys(
        person_ref=f"p{i:09d}",
        bsn_key=encoding.bsn,
        exact=encoding.exact,
        blocks=encoding.blocks,
        clk=os.urandom(128),
    )


def setup(db: str, size: int) -> str:
    if db == "sqlite":
        directory = ROOT / "var" / "register-bench"
        directory.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{directory / f'{size}.sqlite3'}"
    else:
        import psycopg

        name = f"zicht_register_bench_{size}"
        with psycopg.connect(
            "postgres://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as server:
            if not server.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
                server.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ["REGISTER_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "zicht.register.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return url


def build(size: int) -> float:
    """Adds registrations until there are `size`; returns the seconds it took (0: cached)."""
    from django.db import transaction
    from django.utils import timezone

    from zicht.register.models import Key, Organisation, Registration

    orgs = [
        Organisation.objects.get_or_create(
            code=f"vt{n:02d}", defaults={"name": f"VT {n}", "contact": "0800-2000"}
        )[0]
        for n in range(26)
    ]
    have = Registration.objects.count()
    if have >= size:
        return 0.0
    started, now = time.perf_counter(), timezone.now()
    for start in range(have, size, BATCH):
        chunk = range(start, min(start + BATCH, size))
        all_keys = [keys(i) for i in chunk]
        with transaction.atomic():
            registrations = Registration.objects.bulk_create(
                [
                    Registration(
                        organisation=orgs[i % 26],
                        case_ref=f"c{i // 3:09d}",
                        person_ref=k.person_ref,
                        bsn_key=k.bsn_key,
                        clk=k.clk,
                        registered_at=now,
                        last_activity_at=now,
                    )
                    for i, k in zip(chunk, all_keys, strict=True)
                ]
            )
            Key.objects.bulk_create(
                [
                    Key(registration=r, kind=kind, value=v)
                    for r, k in zip(registrations, all_keys, strict=True)
                    for kind, values in (
                        (Key.EXACT, (*k.exact, *([k.bsn_key] if k.bsn_key else []))),
                        (Key.BLOCK, k.blocks),
                    )
                    for v in values
                ]
            )
        if (start // BATCH) % 10 == 0:
            print(
                f"  {start + len(chunk):,} registraties ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    return time.perf_counter() - started


def size_bytes(url: str) -> int:
    from django.db import connection

    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49], q[94], q[98]


def measure(fn, count: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    for _ in range(20):
        fn()
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def in_process(size: int, count: int) -> dict[str, tuple[float, float, float]]:
    from dataclasses import replace

    from zicht.register import services
    from zicht.register.models import Organisation, Registration

    asker = Organisation.objects.get(code="vt00")
    rng = random.Random(7)
    pick = lambda: keys(rng.randrange(1, size))  # noqa: E731
    floor_ids = lambda: rng.randrange(1, size)  # noqa: E731
    found = []

    def exact() -> None:
        k = pick()
        found.append(len(services.find_matches(asker, replace(k, exact=(), blocks=()))))

    def fuzzy() -> None:
        k = pick()
        found.append(len(services.find_matches(asker, replace(k, bsn_key=""))))

    return {
        "floor: primary-key read": measure(
            lambda: Registration.objects.filter(pk=floor_ids()).first(), count
        ),
        "exact (BSN key)": measure(exact, count),
        "fuzzy (blocks + Dice)": measure(fuzzy, count),
    }


def over_http(url: str, size: int, count: int) -> dict[str, tuple[float, float, float]]:
    """A gunicorn worker on the same database; the client is this process (urllib)."""
    import json
    import urllib.request

    from zicht.register.auth import credential_issue
    from zicht.register.models import Organisation, Registration

    port = 18_000 + os.getpid() % 1000
    env = {
        **os.environ,
        "REGISTER_DATABASE_URL": url,
        "PYTHONPATH": str(ROOT / "src"),
        "REGISTER_RATE": "100000/min",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "zicht.register.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--log-level",
            "error",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        organisation = Organisation.objects.get(code="vt00")
        key = credential_issue(organisation)
        own = list(
            Registration.objects.filter(organisation=organisation).values_list(
                "case_ref", "person_ref", "id"
            )[:5000]
        )
        rng = random.Random(9)
        base = f"http://127.0.0.1:{port}/register/v1"

        def post(path: str, body: dict) -> None:
            request = urllib.request.Request(  # noqa: S310 (the bench's own server)
                base + path,
                data=json.dumps(body).encode(),
                method="POST",
                headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                answer.read()

        for _ in range(100):
            try:
                post("/lookups", {"case_ref": own[0][0], "person_ref": own[0][1]})
                break
            except OSError:
                time.sleep(0.3)

        def lookup() -> None:
            case_ref, person_ref, _ = rng.choice(own)
            post("/lookups", {"case_ref": case_ref, "person_ref": person_ref})

        def register_again() -> None:
            case_ref, person_ref, pk = rng.choice(own)
            k = keys(pk - 1)
            body = {
                "person_ref": person_ref,
                "bsn": k.bsn_key,
                "exact": list(k.exact),
                "blocks": list(k.blocks),
                "clk": __import__("base64").b64encode(k.clk).decode(),
            }
            post("/registrations", {"case_ref": case_ref, "persons": [body]})

        return {
            "HTTP: lookup (own registration)": measure(lookup, count),
            "HTTP: registration + fuzzy search": measure(register_again, count // 2),
        }
    finally:
        os.killpg(server.pid, 9)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=5_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--http", action="store_true")
    parser.add_argument("--quality", action="store_true", help="also FEBRL4 (needs recordlinkage)")
    parser.add_argument("--quality-only", action="store_true")
    args = parser.parse_args()
    if args.quality or args.quality_only:
        sys.path.insert(0, str(ROOT / "bench"))
        from register_quality import rows

        print(
            f"FEBRL4 (5,000 × 5,000)\n{'method':48} {'precision':>9} {'recall':>7} {'pairs':>6} {'seconds':>8}"
        )
        for name, precision, recall, pairs, seconds in rows():
            print(f"{name:48} {precision:9.4f} {recall:7.4f} {pairs:6d} {seconds:8.1f}")
        if args.quality_only:
            return
    url = setup(args.db, args.size)
    built = build(args.size)
    from zicht.register.models import Registration

    count = Registration.objects.count()  # a cache built for a larger run may hold more
    megabytes = size_bytes(url) / 1e6
    results = in_process(count, args.queries)
    if args.http:
        results |= over_http(url, args.size, args.queries)
    print(
        f"\n{count:,} registrations on {args.db}: build {built:.0f} s"
        + (" (this run)" if built else " (cached)")
        + f", size {megabytes:,.0f} MB = {megabytes / (count / 1e6):,.0f} MB per million"
    )
    print(f"{'lookup':40} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, (p50, p95, p99) in results.items():
        print(f"{name:40} {p50:8.2f} {p95:8.2f} {p99:8.2f}")


if __name__ == "__main__":
    main()
