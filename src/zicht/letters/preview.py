"""A letter shown on a staff page: never the stored HTML as part of the page itself.

The letter is cleaned to the letter allow-list (`sanitising.sanitise_preview`) and shown as its
own document in an `<iframe sandbox srcdoc>`: without `allow-scripts` or `allow-same-origin`
nothing in it can run or reach the page or the session, and the page's Content-Security-Policy
(no inline script, only our own origin) applies to it as well.
"""

from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from zicht.letters.sanitising import sanitise_preview

BEGIN, END = "<!-- brief:begin -->", "<!-- brief:end -->"


def letter_part(html: str) -> str:
    """The letter itself from a kept document, without its head and print styles."""
    start, end = html.find(BEGIN), html.find(END)
    if start == -1 or end == -1:
        return html
    return html[start + len(BEGIN) : end]


def preview_document(html: str, *, title: str) -> str:
    """A complete, cleaned document for `srcdoc`."""
    return format_html(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{}</title>'
        '<link rel="stylesheet" href="{}"></head><body class="letter-preview-frame">'
        '<div class="letter-preview">{}</div></body></html>',
        title,
        static("letters/letter-preview.css"),
        SafeString(sanitise_preview(letter_part(html))),
    )


def preview_frame(html: str, *, title: str) -> SafeString:
    """The `<iframe>` that shows the letter on a page."""
    return format_html(
        '<iframe class="letter-frame" sandbox="" referrerpolicy="no-referrer" title="{}" '
        'srcdoc="{}"></iframe>',
        title,
        escape(preview_document(html, title=title)),  # escaped once more: it is an attribute
    )
