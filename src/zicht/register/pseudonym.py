"""Pseudonymous keys of a person for the national register (R-REG-2, R-REG-3).

Pure Python, no Django: the VT organisations compute these with a secret they share and the
register does not have; the register only compares them (`dice`). Three kinds of key:

- **exact keys**: HMAC-SHA256 of the BSN, and of the full name with the full date of birth;
- **blocking keys**: truncated HMACs of coarse, typo-tolerant views of the person (phonetic
  surname with birth year, the unordered day/month pair with the year, …), so the register finds
  candidates with an index lookup instead of comparing every encoding;
- **the CLK**: a keyed Bloom filter (cryptographic long-term key, as in clkhash) of the name
  bigrams and date tokens, compared with the Dice coefficient for spelling variants and partial or
  swapped dates.

Hardening (docs/register.md): every hash is keyed, so nobody without the secret can compute a
q-gram's bit positions; each field gets its own derived key; and a share of random bits is
flipped (BLIP), so a bit pattern is not a stable fingerprint of a q-gram across encodings.
"""

import base64
import functools
import hmac
import math
import secrets
import unicodedata
from dataclasses import dataclass

CLK_BITS = 1024
CLK_BYTES = CLK_BITS // 8
KEY_HEX = 64  # an exact key: the full HMAC-SHA256, hex
BLOCK_HEX = 32  # a blocking key: 128 bits of HMAC, hex
# Hash functions per token, per field, and each field's segment of the filter (first bit,
# width): comparing segment by segment lets the register weigh the fields (`similarity`).
HASHES = {"first": 10, "last": 10, "date": 8, "sex": 4}
SEGMENTS = {"first": (0, 384), "last": (384, 384), "date": (768, 224), "sex": (992, 32)}
# How much each field counts in `similarity`: the names and the date of birth carry the identity.
WEIGHTS = {"first": 0.3, "last": 0.35, "date": 0.3, "sex": 0.05}
# The share of bits flipped at random (BLIP); measured cost in docs/register.md.
FLIP = 0.01


@dataclass(frozen=True)
class Identity:
    """What the encoding uses of a person; any part may be missing (R-REP-6)."""

    first_names: str = ""
    last_name: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    sex: str = ""
    bsn: str = ""


@dataclass(frozen=True)
class Encoding:
    bsn: str  # the exact key of the BSN, "" without one
    exact: tuple[str, ...]
    blocks: tuple[str, ...]
    clk: str  # base64 of CLK_BYTES bytes

    def as_json(self) -> dict[str, object]:
        return {
            "bsn": self.bsn,
            "exact": list(self.exact),
            "blocks": list(self.blocks),
            "clk": self.clk,
        }


def normalise(text: str) -> str:
    """Lower case letters only, accents dropped, the Dutch ij as y: 'Van Dijk-Öz' → 'vandykoz'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if "a" <= c <= "z")
    return letters.replace("ij", "y")


def phonetic(name: str) -> str:
    """A coarse sound code that survives common Dutch misspellings (dt/d/t, ck/k, ph/f, …):
    the first letter, then consonant classes without repeats, at most 4 characters."""
    text = normalise(name)
    if not text:
        return ""
    for old, new in (("sch", "s"), ("ch", "g"), ("ph", "f"), ("ck", "k"), ("dt", "t"), ("c", "k")):
        text = text.replace(old, new)
    classes = {
        **dict.fromkeys("bfpvw", "1"),
        **dict.fromkeys("gjkqsxz", "2"),
        **dict.fromkeys("dt", "3"),
        "l": "4",
        **dict.fromkeys("mn", "5"),
        "r": "6",
    }
    code, last = text[0], classes.get(text[0], "")
    for char in text[1:]:
        digit = classes.get(char, "")
        if digit and digit != last:
            code += digit
        last = digit
    return code[:4]


def bigrams(text: str) -> list[str]:
    padded = f"_{text}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


@functools.lru_cache(maxsize=64)
def _derive(secret: bytes, purpose: str) -> bytes:
    return hmac.digest(secret, purpose.encode(), "sha256")


def _mac(key: bytes, value: str) -> bytes:
    return hmac.digest(key, value.encode(), "sha256")


def first_name(identity: Identity) -> str:
    return normalise(identity.first_names.split()[0]) if identity.first_names.split() else ""


def _tokens(identity: Identity) -> dict[str, list[str]]:
    date = []
    if identity.birth_year:
        date.append(f"y{identity.birth_year}")
    if identity.birth_month:
        date.append(f"m{identity.birth_month}")
    if identity.birth_day:
        date.append(f"d{identity.birth_day}")
    if identity.birth_month and identity.birth_day:
        # The unordered pair: a swapped day and month still share this token (R-REG-3).
        low, high = sorted((identity.birth_month, identity.birth_day))
        date.append(f"p{low}-{high}")
    return {
        "first": bigrams(first_name(identity)) if first_name(identity) else [],
        "last": bigrams(normalise(identity.last_name)) if identity.last_name else [],
        "date": date,
        "sex": [identity.sex] if identity.sex in ("m", "f") else [],
    }


def clk(secret: bytes, identity: Identity, flip: float = FLIP) -> bytes:
    """The keyed Bloom filter: each token sets HASHES[field] bits by double hashing with two
    keys (clkhash's scheme) inside its field's segment of the filter (SEGMENTS), then each bit is
    flipped with probability `flip` (BLIP). First and last name share their keys, so a name
    typed in the other field sets the same offsets in the other segment (`similarity`)."""
    bits = 0
    for field, tokens in _tokens(identity).items():
        start, width = SEGMENTS[field]
        purpose = "name" if field in ("first", "last") else field
        key1, key2 = _derive(secret, f"clk1:{purpose}"), _derive(secret, f"clk2:{purpose}")
        for token in tokens:
            h1 = int.from_bytes(_mac(key1, token)[:8], "big")
            h2 = int.from_bytes(_mac(key2, token)[:8], "big") | 1
            for i in range(HASHES[field]):
                bits |= 1 << (start + (h1 + i * h2) % width)
    if flip:
        bits ^= _flips(flip)
    return bits.to_bytes(CLK_BYTES, "big")


def _flips(probability: float) -> int:
    """A mask where each bit is set with `probability`, independently: the gaps between set
    bits are drawn from the geometric distribution (a handful of draws, not one per bit)."""
    rng = secrets.SystemRandom()
    mask, position = 0, -1
    log_keep = math.log(1 - probability)
    while True:
        position += 1 + int(math.log(1 - rng.random()) / log_keep)
        if position >= CLK_BITS:
            return mask
        mask |= 1 << position


def _block_views(identity: Identity) -> list[str]:
    last, first = phonetic(identity.last_name), phonetic(first_name(identity))
    year, month, day = identity.birth_year, identity.birth_month, identity.birth_day
    views = []
    if last and year:
        views.append(f"ly:{last}:{year}")
    if first and year:
        views.append(f"fy:{first}:{year}")
    if month and day and year:
        low, high = sorted((month, day))
        views.append(f"dp:{low}-{high}:{year}")
    if last and first:
        # Unordered: first and last name swapped still meet.
        views.append("lf:{}:{}".format(*sorted((last, first))))
        # The exact first name and the surname's start: a typo late in a long surname (or a
        # missing date) still meets.
        views.append(f"fs:{first_name(identity)}:{normalise(identity.last_name)[:3]}")
    return views


def exact_keys(secret: bytes, identity: Identity) -> tuple[str, tuple[str, ...]]:
    """(the BSN key or "", the other exact keys): full HMACs of identifying combinations."""
    bsn = _mac(_derive(secret, "exact:bsn"), identity.bsn).hex() if identity.bsn else ""
    exact = []
    full_date = identity.birth_year and identity.birth_month and identity.birth_day
    if full_date and identity.last_name and first_name(identity):
        value = f"{normalise(identity.last_name)}|{first_name(identity)}|{identity.birth_year}-{identity.birth_month}-{identity.birth_day}"
        exact.append(_mac(_derive(secret, "exact:name-date"), value).hex())
    return bsn, tuple(exact)


def block_keys(secret: bytes, identity: Identity) -> tuple[str, ...]:
    block_key = _derive(secret, "block")
    return tuple(_mac(block_key, view).hex()[:BLOCK_HEX] for view in _block_views(identity))


def encode(secret: bytes, identity: Identity, flip: float = FLIP) -> Encoding:
    bsn, exact = exact_keys(secret, identity)
    return Encoding(
        bsn=bsn,
        exact=exact,
        blocks=block_keys(secret, identity),
        clk=base64.b64encode(clk(secret, identity, flip)).decode(),
    )


# A CLK taken apart once: the four segments (first name, surname, date, sex) as ints and their
# bit counts. A lookup compares one profile with hundreds of candidates' (`similarity_of`).
Profile = tuple[int, int, int, int, int, int, int, int]
_W_FIRST, _W_LAST, _W_DATE, _W_SEX = (WEIGHTS[f] for f in ("first", "last", "date", "sex"))


_SHIFT_MASK = [
    (SEGMENTS[f][0], (1 << SEGMENTS[f][1]) - 1) for f in ("first", "last", "date", "sex")
]


def profile(clk: bytes) -> Profile:
    x = int.from_bytes(clk, "big")
    (s1, m1), (s2, m2), (s3, m3), (s4, m4) = _SHIFT_MASK
    first, last, date, sex = (x >> s1) & m1, (x >> s2) & m2, (x >> s3) & m3, (x >> s4) & m4
    return (
        first,
        last,
        date,
        sex,
        first.bit_count(),
        last.bit_count(),
        date.bit_count(),
        sex.bit_count(),
    )


def similarity_of(p: Profile, q: Profile) -> float:
    """`similarity` of two profiles, in one pass without intermediate dicts: the same
    operations in the same order, so the same float (tests/register/test_pseudonym.py holds the
    straightforward version as the oracle)."""
    f1, l1, d1, s1, cf1, cl1, cd1, cs1 = p
    f2, l2, d2, s2, cf2, cl2, cd2, cs2 = q
    total = weight = 0.0
    if d1 and d2:
        total += _W_DATE * (2 * (d1 & d2).bit_count() / (cd1 + cd2))
        weight += _W_DATE
    if s1 and s2:
        total += _W_SEX * (2 * (s1 & s2).bit_count() / (cs1 + cs2))
        weight += _W_SEX
    # Names straight (first with first, surname with surname) and crossed; the better counts.
    straight_total = straight_weight = crossed_total = crossed_weight = 0.0
    if f1 and f2:
        straight_total = straight_total + 2 * (f1 & f2).bit_count() / (cf1 + cf2) * _W_FIRST
        straight_weight = straight_weight + _W_FIRST
    if l1 and l2:
        straight_total = straight_total + 2 * (l1 & l2).bit_count() / (cl1 + cl2) * _W_LAST
        straight_weight = straight_weight + _W_LAST
    if f1 and l2:
        crossed_total = crossed_total + 2 * (f1 & l2).bit_count() / (cf1 + cl2) * _W_FIRST
        crossed_weight = crossed_weight + _W_FIRST
    if l1 and f2:
        crossed_total = crossed_total + 2 * (l1 & f2).bit_count() / (cl1 + cf2) * _W_LAST
        crossed_weight = crossed_weight + _W_LAST
    best, names_weight = max((straight_total, straight_weight), (crossed_total, crossed_weight))
    total, weight = total + best, weight + names_weight
    return total / weight if weight else 0.0


def similarity(a: bytes, b: bytes) -> float:
    """The weighted mean of the fields' Dice coefficients: a field empty on either side (an
    unknown date) leaves the mean; first and last name are also compared crosswise, and the
    better of straight and swapped counts (a first name typed as the surname)."""
    return similarity_of(profile(a), profile(b))


def dice(a: bytes, b: bytes) -> float:
    """The Dice coefficient of two bit strings of equal length: 2|A∩B| / (|A|+|B|)."""
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    total = x.bit_count() + y.bit_count()
    return 2 * (x & y).bit_count() / total if total else 0.0
