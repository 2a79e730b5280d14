"""The CBS pseudonym is HMAC-SHA256 (R-INF-1): the fast form gives the standard library's digest."""

import hashlib
import hmac

from django.conf import settings

from zicht.reporting.pseudonyms import Pseudonymiser


def reference(kind: str, pk: int) -> str:
    key = hashlib.sha256(b"zicht.reporting.cbs.pseudonym" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:20].upper()


def test_the_pseudonym_is_the_standard_hmac():
    """R-INF-1: the same pseudonym as `hmac.new` gives, so every earlier delivery still matches."""
    pseudonym = Pseudonymiser()
    for kind in ("advies", "melding", "persoon", "casus", "dossier"):
        for pk in (1, 7, 65_000, 10**12):
            assert pseudonym(kind, pk) == reference(kind, pk)
    assert pseudonym("persoon", 1) != pseudonym("persoon", 2)
    assert len(pseudonym("persoon", 1)) == 20


def test_a_long_secret_key_gives_the_same_digest(settings):
    """The derived key is always 32 bytes, shorter than the block: no key hashing case to miss."""
    settings.SECRET_KEY = "x" * 500
    assert Pseudonymiser()("persoon", 3) == reference("persoon", 3)
