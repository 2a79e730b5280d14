"""The citizen service number (BSN): the 11-proof (R-REP-6) and its keyed hash.

A BSN is never put in a URL, a log line or the national register in plaintext. Lookups go
through `bsn_hash`, an HMAC with a key of this installation, so equal BSNs match without the
number itself being compared or sent anywhere.
"""

import hashlib
import hmac
import re

from django.conf import settings

_NON_DIGITS = re.compile(r"[\s.\-]")


def normalise_bsn(value: str) -> str:
    """Digits only; an 8-digit BSN (older numbers) gets its leading zero back."""
    digits = _NON_DIGITS.sub("", value or "")
    return digits.zfill(9) if len(digits) == 8 and digits.isdigit() else digits


def is_valid_bsn(value: str) -> bool:
    """The 11-proof: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a positive multiple of 11."""
    bsn = normalise_bsn(value)
    if len(bsn) != 9 or not bsn.isdigit() or bsn == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(digit) * weight for digit, weight in zip(bsn, weights, strict=True))
    return total > 0 and total % 11 == 0


def bsn_hash(value: str) -> str:
    key = settings.ZICHT_BSN_HASH_KEY.encode()
    return hmac.new(key, normalise_bsn(value).encode(), hashlib.sha256).hexdigest()


def masked_bsn(value: str) -> str:
    """For lists and search results: only the last three digits."""
    bsn = normalise_bsn(value)
    return f"•••••{bsn[-3:]}" if bsn else ""
