"""Pseudonyms for the CBS delivery: persons, reports and cases without names, BSNs or numbers.

A keyed hash (HMAC-SHA256) of the row's kind and id, with a key derived from the secret key: the
same person has the same pseudonym in every delivery (CBS follows repeat involvement across half
years), and without the key nobody can go back from a pseudonym to the person.
"""

import hashlib

from django.conf import settings

_SALT = b"zicht.reporting.cbs.pseudonym"
_BLOCK = 64  # SHA-256's block size in bytes (RFC 2104's B)


class Pseudonymiser:
    """HMAC-SHA256 as RFC 2104 defines it, with the key's inner and outer pads hashed once.

    A national half year needs about a million pseudonyms; `hmac.new` pads and hashes the key
    again for every one, which was most of the file's time. Copying the two prepared hashes gives
    the same digest as `hmac.new(key, message, sha256)` (tests/reporting/test_pseudonyms.py).
    """

    def __init__(self) -> None:
        key = hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest().ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def __call__(self, kind: str, pk: int) -> str:
        inner = self._inner.copy()
        inner.update(f"{kind}:{pk}".encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:20].upper()
