"""A letter's PDF, made by WeasyPrint without reading a server file or reaching the network.

WeasyPrint asks its URL fetcher for every stylesheet, image, font, attachment and object a
document names. Ours answers only through `zicht.core.outbound`: the letter's own bundled
stylesheet and `data:` URLs; every other URL — `file:`, any host, a relative path — is refused
there and logged, and WeasyPrint leaves the resource out. A PDF never carries attachments: the
ones a document names (`<link rel="attachment">`, `<a rel="attachment">`) are dropped after
layout, whatever their source.

WeasyPrint is imported when a PDF is made, not with this module: it takes seconds to import,
and only the task worker needs it.
"""

from functools import cache
from pathlib import Path
from typing import Any

from zicht.core import outbound

ASSETS = outbound.Bundle(
    name="letters", directory=Path(__file__).parent / "assets", files=("letter.css",)
)
STYLESHEET = ASSETS.url("letter.css")
PURPOSE = "letter-pdf"


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LetterFetcher(URLFetcher):
        """A refusal raises; WeasyPrint then leaves the resource out."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            fetched = outbound.fetch(url, purpose=PURPOSE, bundle=ASSETS)
            return URLFetcherResponse(
                fetched.url, body=fetched.content, headers={"Content-Type": fetched.mime_type}
            )

    return LetterFetcher


def render_pdf(html: str) -> bytes:
    """The PDF of a letter's complete HTML document."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=None, url_fetcher=_fetcher_class()()).render()
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
    pdf: bytes = document.write_pdf(attachments=None)
    return pdf
