"""A sealed file: a byte stream encrypted and authenticated with AES-256-GCM, in chunks.

A backup is many gigabytes, so it is written and read as a stream and never held in memory. The
construction is the usual "STREAM" one: each chunk of 1 MiB is sealed on its own with a nonce of a
random per-file prefix, the chunk's number and a flag that says whether it is the last chunk, and
with the file's header as associated data. So a chunk cannot be changed, moved, dropped, swapped
between files, and the file cannot be cut short after a chunk, without authentication failing.

The header names the key by a short identifier derived from it (never the key), so a file opened
with another key is refused as "another key" before any chunk is tried, and a file whose chunks
then fail authentication is known to be damaged.
"""

import base64
import binascii
import hashlib
import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"ZICHTBAK"
FORMAT = 1
CHUNK = 1024 * 1024
_PREFIX = 7  # random bytes of each nonce; 4 more count the chunk, 1 marks the last
_KEY_ID = 8
_HEADER = len(MAGIC) + 1 + _KEY_ID + _PREFIX
_FRAME = struct.Struct(">BI")  # last-chunk flag, length of the sealed chunk


class SealError(Exception):
    """The file cannot be opened: its message (Dutch) says why."""


def parse_key(text: str) -> bytes:
    """The key as the environment holds it: 32 random bytes in URL-safe base64 (44 characters,
    the form `manage.py backup --nieuwe-sleutel` prints)."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        key = b""
    if len(key) != 32:
        raise SealError(
            "De sleutel is ongeldig: verwacht 32 bytes in URL-veilige base64 (44 tekens)."
        )
    return key


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def key_id(key: bytes) -> bytes:
    return hmac.digest(key, b"zicht sealed file key id", hashlib.sha256)[:_KEY_ID]


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """A write-only file object; `close()` seals the last chunk (and does not close `raw`)."""

    def __init__(self, raw: BinaryIO, key: bytes) -> None:
        self._raw = raw
        self._aead = AESGCM(key)
        self._prefix = os.urandom(_PREFIX)
        self._header = MAGIC + bytes([FORMAT]) + key_id(key) + self._prefix
        self._buffer = bytearray()
        self._number = 0
        self._closed = False
        raw.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        # Keep at least one byte back: the last chunk is sealed as last only at close().
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, last: bool) -> None:
        if self._number >= 2**32 - 1:
            raise SealError("Het bestand is te groot voor één verzegeld bestand.")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._number, last), plain, self._header)
        self._raw.write(_FRAME.pack(1 if last else 0, len(sealed)))
        self._raw.write(sealed)
        self._number += 1

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True


class SealedReader:
    """A read-only file object over a sealed file; every byte it returns is authenticated."""

    def __init__(self, raw: BinaryIO, key: bytes) -> None:
        self._raw = raw
        header = raw.read(_HEADER)
        if len(header) < _HEADER or not header.startswith(MAGIC):
            raise SealError("Dit is geen back-upbestand van Zicht (of het begin is beschadigd).")
        if header[len(MAGIC)] != FORMAT:
            raise SealError(
                f"Onbekende bestandsversie {header[len(MAGIC)]} van het back-upbestand."
            )
        if not hmac.compare_digest(header[len(MAGIC) + 1 : len(MAGIC) + 1 + _KEY_ID], key_id(key)):
            raise SealError(
                "Het bestand is met een andere sleutel versleuteld dan ZICHT_BACKUP_KEY."
            )
        self._header = header
        self._prefix = header[-_PREFIX:]
        self._aead = AESGCM(key)
        self._buffer = bytearray()
        self._number = 0
        self._done = False

    def _next_chunk(self) -> None:
        frame = self._raw.read(_FRAME.size)
        if len(frame) < _FRAME.size:
            raise SealError("Het back-upbestand is beschadigd: het houdt te vroeg op.")
        flag, length = _FRAME.unpack(frame)
        sealed = self._raw.read(length)
        if len(sealed) < length or flag not in (0, 1) or length > CHUNK + 16:
            raise SealError("Het back-upbestand is beschadigd: het houdt te vroeg op.")
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, self._number, flag == 1), sealed, self._header
            )
        except InvalidTag:
            raise SealError(
                f"Het back-upbestand is beschadigd: deel {self._number + 1} is veranderd."
            ) from None
        self._number += 1
        self._buffer += plain
        if flag == 1:
            if self._raw.read(1):
                raise SealError("Het back-upbestand is beschadigd: er staat iets achter het einde.")
            self._done = True

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._next_chunk()
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data
