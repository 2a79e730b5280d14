"""Every URL Zicht fetches goes through `fetch` (issue 17, "Outbound requests").

A URL is answered only when it is on the allow-list:

- a `data:` URL, decoded here (nothing is read or sent);
- a bundled asset, `zicht-asset:<bundle>/<name>`, when the caller passes that `Bundle` and the
  name is one of its files (a lookup by name, never a path joined from the URL);
- an origin listed in `settings.OUTBOUND_ALLOWED_ORIGINS` (none by default; for the national
  register and webhooks later), without following redirects.

Everything else — `file:`, any other host, a relative URL — is refused with `OutboundRefused`
and logged on `zicht.outbound` with the purpose, the scheme and the host only: a URL's path and
query may carry personal data, and the log must not.
"""

import base64
import logging
import mimetypes
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from django.conf import settings

ASSET_SCHEME = "zicht-asset"
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10

log = logging.getLogger("zicht.outbound")


class OutboundRefused(Exception):
    """The URL is not on the allow-list; nothing was read or sent."""


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class Bundle:
    """Files that ship with the code and that one purpose may read, such as a letter's
    stylesheet. Only the names listed are served."""

    name: str
    directory: Path
    files: tuple[str, ...]
    paths: dict[str, Path] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "paths", {name: self.directory / name for name in self.files})

    def url(self, name: str) -> str:
        if name not in self.paths:
            raise KeyError(name)
        return f"{ASSET_SCHEME}:{self.name}/{name}"


def fetch(url: str, *, purpose: str, bundle: Bundle | None = None) -> Fetched:
    """The content of an allowed URL, or `OutboundRefused` (logged)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "data":
        return _data(url)
    if scheme == ASSET_SCHEME and bundle is not None:
        bundle_name, _, name = parts.path.partition("/")
        path = bundle.paths.get(name) if bundle_name == bundle.name else None
        if path is not None:
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return Fetched(url=url, content=path.read_bytes(), mime_type=mime_type)
    if scheme in ("http", "https") and _origin(scheme, parts.netloc) in _allowed_origins():
        return _http(url)
    log.warning(
        "outbound request refused: purpose=%s scheme=%s host=%s",
        purpose,
        scheme or "(relative)",
        parts.hostname or "-",
    )
    raise OutboundRefused(f"{purpose}: a {scheme or 'relative'} URL is not on the allow-list")


def _data(url: str) -> Fetched:
    header, comma, payload = url.partition(",")
    if not comma:
        raise OutboundRefused("data URL without a comma")
    header = header[len("data:") :]
    is_base64 = header.lower().endswith(";base64")
    mime_type = header.removesuffix(";base64").split(";")[0] or "text/plain"
    raw = unquote_to_bytes(payload)
    content = base64.b64decode(raw) if is_base64 else raw
    return Fetched(url="data:", content=content, mime_type=mime_type)


def _origin(scheme: str, netloc: str) -> str:
    return f"{scheme}://{netloc.lower()}"


def _allowed_origins() -> set[str]:
    return {origin.rstrip("/").lower() for origin in settings.OUTBOUND_ALLOWED_ORIGINS}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead anywhere; an allowed origin answers itself or not at all.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _http(url: str) -> Fetched:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _NoRedirects(),
    ):
        opener.add_handler(handler)
    with opener.open(url, timeout=TIMEOUT_SECONDS) as response:
        content = response.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise OutboundRefused("answer larger than allowed")
        return Fetched(url=url, content=content, mime_type=response.headers.get_content_type())
