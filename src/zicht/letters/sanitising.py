"""The HTML a letter may contain, as an allow-list (nh3), for the administrator's template text
and for every letter body made from it.

A letter body is text with a little structure: paragraphs, emphasis, lists, headings and links a
reader may type over (mailto, tel, https). Nothing that loads anything: no images, stylesheets,
`style` attributes, objects, frames, SVG or `<link>`; no `rel` (so no `rel="attachment"`); no
relative URL. What is not on the list is dropped, its text kept (the content of `<script>` and
`<style>` is dropped too).

Template text is cleaned with its `{{ … }}`, `{% … %}` and `{# … #}` tags set aside first, so an
`{% if a < b %}` survives the HTML parser untouched.
"""

import re
from urllib.parse import urlsplit

import nh3

BODY_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "small", "sub", "sup", "span", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "blockquote", "hr", "a",
}  # fmt: skip
BODY_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "abbr": {"title"}}
URL_SCHEMES = {"mailto", "tel", "https"}
# The letter's frame around the body (letters/base_letter.html), for the preview of a kept letter.
FRAME_TAGS = {"article", "header", "footer", "address", "div"}
FRAME_CLASSES = {
    tag: {
        "letter",
        "letter__sender",
        "letter__recipient",
        "letter__meta",
        "letter__body",
        "letter__footer",
    }
    for tag in (*FRAME_TAGS, "dl")
}

_TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
_MARK = re.compile("\ue000(\\d+)\ue001")


def _absolute_links_only(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme of absolute URLs but lets relative ones through; a letter has no
    page to be relative to, so a relative or scheme-less URL (`//host/x`, `../x`) goes."""
    if attribute != "href":
        return value
    scheme = urlsplit(value.strip()).scheme.lower()
    return value if scheme in URL_SCHEMES else None


def sanitise_body(html: str) -> str:
    """A letter body as it may be printed."""
    return nh3.clean(
        html,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_absolute_links_only,
        link_rel=None,
        strip_comments=True,
    )


def sanitise_template(text: str) -> str:
    """Template text cleaned as a letter body, its template tags kept as they were typed."""
    tags: list[str] = []
    text = text.replace("\ue000", "").replace("\ue001", "")  # our marks, never letter text

    def set_aside(match: re.Match[str]) -> str:
        tags.append(match.group(0))
        return f"\ue000{len(tags) - 1}\ue001"

    cleaned = sanitise_body(_TEMPLATE_TAG.sub(set_aside, text))
    return _MARK.sub(lambda match: tags[int(match.group(1))], cleaned)


def sanitise_preview(html: str) -> str:
    """A kept letter (frame and body) for the preview on a page: the same allow-list plus the
    frame's own elements and classes. Letters made before the allow-list existed pass it too."""
    return nh3.clean(
        html,
        tags=BODY_TAGS | FRAME_TAGS,
        attributes=BODY_ATTRIBUTES,
        allowed_classes=FRAME_CLASSES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_absolute_links_only,
        link_rel=None,
        strip_comments=True,
    )
