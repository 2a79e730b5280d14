"""Detectors for data that makes household members recognisable, in an advice's free text.

R-ADV-1 / R-PRIV-1: an advice records the advice-seeker and the question, not the household. The
worker types while the caller talks, so free text is checked for what can be recognised by
pattern: a BSN, a date of birth and a Dutch postal address. Names cannot be recognised reliably;
the refusal message asks the worker not to record them either.

Pure functions: no database, no logging (the text itself is never logged).
"""

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    BSN = "BSN"
    DATE_OF_BIRTH = "geboortedatum"
    ADDRESS = "adres"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # position in the text, so a caller could point at it; the text is not kept


# Nine digits, optionally grouped with single dots or spaces (123.456.782, 123 45 6782), not
# part of a longer number (a phone number has ten digits).
_NINE_DIGITS = re.compile(r"(?<![\d.])(\d(?:[. ]?\d){8})(?![\d]|[. ]\d)")

# dd-mm-yyyy, d-m-yy, also with / or . as separator.
_DATE = re.compile(r"(?<![\d])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d])")
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
# "geboren op 3 mei 2015", "geb. 03-05-2015", "geboortedatum: 2015", "geboren in 2015".
_BORN = re.compile(
    r"\b(?:geboren|geb\.|geboortedatum|geboortejaar)\s*(?:op|in|:)?\s*"
    rf"(?:\d|(?:{_MONTHS})\b)",
    re.IGNORECASE,
)

# Postcode 1234 AB / 1234AB; the letter pairs SA, SD and SS are never issued.
_POSTCODE = re.compile(r"(?<![\d])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![A-Za-z])")
_STREET_SUFFIXES = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|pad|steeg|hof|dreef|plantsoen|markt|"
    "wal|haven|erf|baan|park|veld|burgwal|straatweg|boulevard|allee"
)
# A street name ending in a usual suffix, then a house number (Kerkstraat 12, Dorpsweg 3a).
_STREET = re.compile(
    rf"\b[A-Za-zÀ-ÿ'-]*(?:{_STREET_SUFFIXES})\s+\d{{1,5}}(?:\s?-?\s?[a-zA-Z]\b|\b)",
    re.IGNORECASE,
)
_HOUSE_NUMBER = re.compile(r"\bhuisnummer\s*:?\s*\d", re.IGNORECASE)


def passes_eleven_proof(digits: str) -> bool:
    """The BSN 11-proof: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def find_bsn(text: str) -> list[Finding]:
    """Nine digits in a row (a BSN, also a mistyped one), or nine digits grouped with dots or
    spaces that pass the 11-proof."""
    found = []
    for match in _NINE_DIGITS.finditer(text):
        raw = match.group(1)
        digits = re.sub(r"[. ]", "", raw)
        if raw == digits or passes_eleven_proof(digits):
            found.append(Finding(Kind.BSN, match.start(1)))
    return found


def find_date_of_birth(text: str) -> list[Finding]:
    """A date (dd-mm-yyyy, d-m-yy, with -, / or .) or a "geboren op …" phrase."""
    found = []
    for match in _DATE.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.append(Finding(Kind.DATE_OF_BIRTH, match.start()))
    found += [Finding(Kind.DATE_OF_BIRTH, m.start()) for m in _BORN.finditer(text)]
    return found


def find_address(text: str) -> list[Finding]:
    """A Dutch postcode, or a street name with a house number."""
    found = [Finding(Kind.ADDRESS, m.start()) for m in _POSTCODE.finditer(text)]
    found += [Finding(Kind.ADDRESS, m.start()) for m in _STREET.finditer(text)]
    found += [Finding(Kind.ADDRESS, m.start()) for m in _HOUSE_NUMBER.finditer(text)]
    return found


def find_identifying(text: str) -> list[Finding]:
    """Everything the detectors find in the text, in order of position."""
    found = find_bsn(text) + find_date_of_birth(text) + find_address(text)
    return sorted(found, key=lambda finding: finding.start)


def kinds_in(text: str) -> list[Kind]:
    """The kinds of identifying data in the text, each once, in a fixed order."""
    kinds = {finding.kind for finding in find_identifying(text)}
    return [kind for kind in Kind if kind in kinds]
