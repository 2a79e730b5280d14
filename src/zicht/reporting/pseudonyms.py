"""Pseudonyms for the CBS delivery: persons, reports and cases without names, BSNs or numbers.

A keyed hash (HMAC-SHA256) of the row's kind and id, with a key derived from the secret key: the
same person has the same pseudonym in every delivery (CBS follows repeat involvement across half
years), and without the key nobody can go back from a pseudonym to the person.
"""

import hashlib
import hmac

from django.conf import settings

_SALT = b"zicht.reporting.cbs.pseudonym"


class Pseudonymiser:
    def __init__(self) -> None:
        self._key = hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest()

    def __call__(self, kind: str, pk: int) -> str:
        digest = hmac.new(self._key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
        return digest[:20].upper()
