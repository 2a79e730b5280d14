"""Tolerant matching of persons: name keys, name similarity, birth dates, candidate scores.

Pure functions, no database: `selectors.person_candidates` uses them on the few rows its indexed
pre-filter returns. The same person is often registered twice because a reporter spells the
name differently ("Van der Meijden" / "vd Meyden") or says 04-07 where the register says 07-04;
these functions make such variants meet.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import Enum
from functools import lru_cache

# Dutch (and a few common foreign) surname prefixes. Dropped wherever they lead a name, also when
# typed into the last-name field, because the prefix field is filled in inconsistently.
NAME_PREFIXES = frozenset(
    {
        "van", "von", "vom", "der", "den", "de", "des", "del", "della", "di", "da", "dos", "das",
        "du", "het", "t", "s", "ten", "ter", "te", "op", "in", "aan", "bij", "uit", "onder",
        "over", "voor", "la", "le", "l", "d", "zu", "zum", "vd", "v",
    }
)  # fmt: skip
# Letters NFKD does not decompose into a base letter plus a mark.
_SPECIAL_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})
# Spelling variants that sound alike in Dutch, applied in this order.
_SOUND_ALIKE = (
    ("ij", "y"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("c", "k"),
    ("z", "s"),
)
_WORD_SPLIT = re.compile(r"[\s'’`´]+")
_NON_LETTERS = re.compile(r"[^a-z]")
_DOUBLES = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lowercase ASCII: accents and diacritics removed ("Çelik" → "celik", "Müller" → "muller")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(_SPECIAL_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _sound_key(word: str) -> str:
    word = _NON_LETTERS.sub("", word)
    for old, new in _SOUND_ALIKE:
        word = word.replace(old, new)
    word = re.sub(r"d?t$|d$", "t", word)  # Smid, Smidt, Smit
    word = re.sub(r"gh$", "g", word)  # Bergh, Berg
    return _DOUBLES.sub(r"\1", word)


def _without_prefixes(words: list[str]) -> list[str]:
    rest = list(words)
    while len(rest) > 1 and rest[0] in NAME_PREFIXES:
        rest.pop(0)
    return rest


# Names repeat (a search scores up to 300 rows, many sharing a name): the pure key and
# similarity functions are memoised, which takes most of the cost out of candidate scoring.
@lru_cache(maxsize=16384)
def name_key(last_name: str, prefix: str = "") -> str:
    """The normalised last name stored in `Person.name_key` and compared by the search.

    "van der Berg", "Berg, van der", "v.d. Berg" and "Bergh" all give "berg"; double-barrelled
    names keep both parts ("Jansen-de Vries" → "jansenvries").
    """
    name = fold(last_name)
    if "," in name:  # "Berg, van der": what follows the comma is the prefix
        name = name.split(",", 1)[0]
    name = name.replace(".", " ")
    parts = []
    for part in name.split("-"):
        words = [word for word in _WORD_SPLIT.split(part) if _NON_LETTERS.sub("", word)]
        words = [_NON_LETTERS.sub("", word) for word in words]
        parts.extend(_without_prefixes(words))
    key = _sound_key("".join(parts))
    if not key:  # a name of prefixes only ("Van"): keep what there is rather than nothing
        key = _sound_key(fold(f"{prefix} {last_name}"))
    return key[:100]


@lru_cache(maxsize=16384)
def first_name_keys(first_names: str) -> tuple[str, ...]:
    """One sound key per given name; initials ("J.P.") give one letter each."""
    words = re.split(r"[\s.\-]+", fold(first_names))
    return tuple(key for key in (_sound_key(word) for word in words) if key)


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """0.0–1.0: how alike two keys are (difflib's ratio; enough for names of one or two words)."""
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


class NameMatch(Enum):
    EQUAL = "gelijk"
    SIMILAR = "lijkt op"
    INITIALS = "voorletter gelijk"
    DIFFERENT = "verschilt"
    UNKNOWN = "onbekend"


SIMILAR_FROM = 0.75


def last_name_match(a: str, b: str) -> tuple[NameMatch, float]:
    """Compares two name keys; the float is the similarity."""
    if not a or not b:
        return NameMatch.UNKNOWN, 0.0
    ratio = similarity(a, b)
    if a == b:
        return NameMatch.EQUAL, 1.0
    return (NameMatch.SIMILAR if ratio >= SIMILAR_FROM else NameMatch.DIFFERENT), ratio


def first_names_match(a: str, b: str) -> tuple[NameMatch, float]:
    """Compares the first given names; only initials on one side compare initial letters."""
    keys_a, keys_b = first_name_keys(a), first_name_keys(b)
    if not keys_a or not keys_b:
        return NameMatch.UNKNOWN, 0.0
    first_a, first_b = keys_a[0], keys_b[0]
    if len(first_a) == 1 or len(first_b) == 1:
        same = first_a[0] == first_b[0]
        return (NameMatch.INITIALS, 0.5) if same else (NameMatch.DIFFERENT, 0.0)
    return last_name_match(first_a, first_b)


@dataclass(frozen=True)
class PartialDate:
    """A date of birth of which the day, or the day and month, may be unknown (R-REP-6)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


class DateMatch(Enum):
    EQUAL = "geboortedatum gelijk"
    SWAPPED = "dag en maand omgewisseld"
    YEAR_MONTH = "geboortejaar en -maand gelijk"
    YEAR = "geboortejaar gelijk"
    DIFFERENT = "geboortedatum verschilt"
    UNKNOWN = "geboortedatum onbekend"


def birth_date_match(a: PartialDate, b: PartialDate) -> DateMatch:
    """How two (partial) dates of birth relate. Only what both sides know is compared."""
    if not a.year or not b.year:
        return DateMatch.UNKNOWN
    if a.year != b.year:
        return DateMatch.DIFFERENT
    if not a.month or not b.month:
        return DateMatch.YEAR
    if not a.day or not b.day:
        return DateMatch.YEAR_MONTH if a.month == b.month else DateMatch.DIFFERENT
    if (a.month, a.day) == (b.month, b.day):
        return DateMatch.EQUAL
    if (a.month, a.day) == (b.day, b.month):
        return DateMatch.SWAPPED
    return DateMatch.DIFFERENT


@dataclass(frozen=True)
class Identity:
    """What is known of a person, as typed in a search or stored on a `Person`."""

    last_name: str = ""
    prefix: str = ""
    first_names: str = ""
    birth: PartialDate = field(default_factory=PartialDate)
    bsn_hash: str = ""


# From this score a candidate is likely the person described (80: equal names and the same year
# of birth): search before create then preselects nothing, the worker must choose between the
# candidate and a new person; below it "Nieuwe persoon registreren" is the default (issue 16.4).
MATCH_THRESHOLD = 80

# From this score a candidate is taken to be the person described: the same BSN, or equal names
# with the same or swapped full date of birth (R-REP-6). A partner system's report reuses such a
# person instead of registering a new one (`reports.intake`).
SAME_PERSON_FROM = 90

# Points per kind of evidence; they add up to 100 for the same name and date of birth.
LAST_NAME_POINTS = 40
FIRST_NAME_POINTS = 25
DIFFERENT_FIRST_NAME_PENALTY = 15
BIRTH_DATE_POINTS = {
    DateMatch.EQUAL: 35,
    DateMatch.SWAPPED: 28,
    DateMatch.YEAR_MONTH: 20,
    DateMatch.YEAR: 15,
    DateMatch.UNKNOWN: 0,
    DateMatch.DIFFERENT: -20,
}
# Two different valid BSNs almost always mean two persons; keep them visible but low.
DIFFERENT_BSN_CAP = 20
# The most a candidate can score whose BSN is not the query's and whose date of birth is neither
# the query's full date nor that date with day and month swapped (85: name and first name equal,
# year and month of birth equal). A search that only wants better candidates than this, given a
# full date of birth, need not look beyond the same BSN and the same (or swapped) date.
BEST_WITHOUT_SAME_DATE = (
    LAST_NAME_POINTS
    + FIRST_NAME_POINTS
    + max(
        points
        for date, points in BIRTH_DATE_POINTS.items()
        if date not in (DateMatch.EQUAL, DateMatch.SWAPPED)
    )
)


def score(query: Identity, candidate: Identity) -> tuple[int, list[str]]:
    """A score 0–100 for "this candidate is the person searched for", with Dutch reasons."""
    if query.bsn_hash and query.bsn_hash == candidate.bsn_hash:
        return 100, ["BSN gelijk", *_name_and_date_reasons(query, candidate)[1]]
    points, reasons = _name_and_date_reasons(query, candidate)
    if query.bsn_hash and candidate.bsn_hash:
        points = min(points, DIFFERENT_BSN_CAP)
        reasons.append("BSN verschilt")
    return max(0, min(100, round(points))), reasons


def _name_and_date_reasons(query: Identity, candidate: Identity) -> tuple[float, list[str]]:
    points = 0.0
    reasons: list[str] = []
    last, ratio = last_name_match(
        name_key(query.last_name, query.prefix), name_key(candidate.last_name, candidate.prefix)
    )
    if last is NameMatch.EQUAL:
        points += LAST_NAME_POINTS
        same_spelling = fold(query.last_name).strip() == fold(candidate.last_name).strip()
        reasons.append("achternaam gelijk" if same_spelling else "achternaam lijkt op")
    elif last is NameMatch.SIMILAR:
        points += LAST_NAME_POINTS * ratio * 0.8
        reasons.append("achternaam lijkt op")
    first, ratio = first_names_match(query.first_names, candidate.first_names)
    if first is NameMatch.EQUAL:
        points += FIRST_NAME_POINTS
        reasons.append("voornaam gelijk")
    elif first is NameMatch.SIMILAR:
        points += FIRST_NAME_POINTS * ratio * 0.8
        reasons.append("voornaam lijkt op")
    elif first is NameMatch.INITIALS:
        points += FIRST_NAME_POINTS * ratio
        reasons.append("voorletter gelijk")
    elif first is NameMatch.DIFFERENT:
        points -= DIFFERENT_FIRST_NAME_PENALTY  # twins share a last name and a date of birth
        reasons.append("voornaam verschilt")
    date = birth_date_match(query.birth, candidate.birth)
    points += BIRTH_DATE_POINTS[date]
    if date is not DateMatch.UNKNOWN:
        reasons.append(date.value)
    return points, reasons
