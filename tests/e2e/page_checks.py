"""What the axe scan cannot see (issue 20.9), checked on every page the browser tests visit
(called from tests/e2e/axe.py's check_page, so by every scan):

- the title is plain text, short (≤ 80 characters) and not shared by different kinds of page
  (WCAG 2.4.2; issue 20.4), with "Fout: " exactly when a form is re-shown with errors;
- nothing scrolls sideways at 320 CSS pixels wide, also inside the letter previews' iframes
  (WCAG 1.4.10 reflow; issue 20.7); a screenshot at that width is kept for a person to look at;
- no id twice on a page (issue 20.8);
- after a failed submit focus is on the error summary (WCAG 2.4.3; issue 20.5).
"""

import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

MAX_TITLE = 80
REFLOW_WIDTH = 320
# A title with its numbers taken out → the kinds of page (view names) that showed it.
_TITLE_KINDS: dict[str, set[str]] = {}

# The elements that stick out to the right of the viewport, for the failure message.
_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      let ancestorScrolls = false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (up === document.body) break;
        const style = getComputedStyle(up);
        if (style.overflowX === "auto" || style.overflowX === "scroll" || style.overflowX === "hidden") { ancestorScrolls = true; break; }
      }
      if (!ancestorScrolls) out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " → " + Math.round(box.right));
    }
  }
  return out.slice(0, 8);
}"""


def _kind_of_page(url: str) -> str:
    path = urlsplit(url).path
    try:
        return resolve(path).view_name
    except Resolver404:
        return "onbekende pagina"


def _error_summary_shown(page) -> bool:
    return page.locator(".error-summary[tabindex='-1']").count() > 0


def check_title(page) -> None:
    title = page.title()
    assert title.strip(), "de pagina heeft geen titel"
    assert not re.search(r"[<>]|\s{2,}", title), f"titel is geen platte tekst: {title!r}"
    assert len(title) <= MAX_TITLE, f"titel langer dan {MAX_TITLE} tekens: {title!r}"
    errors = _error_summary_shown(page)
    assert title.startswith("Fout: ") == errors, (
        f"titel {'zonder' if errors else 'met'} 'Fout: ' bij {'wel' if errors else 'geen'} "
        f"foutmelding: {title!r}"
    )
    kinds = _TITLE_KINDS.setdefault(re.sub(r"\d+", "#", title), set())
    kinds.add(_kind_of_page(page.url))
    if not page.url.startswith(("data:", "about:")) and "/beheer/" not in page.url:
        assert len(kinds) == 1, f"titel {title!r} gedeeld door {sorted(kinds)}"


def check_unique_ids(page) -> None:
    """No id twice on a page: a label, an error link or aria-describedby would find the wrong one."""
    doubles = page.evaluate(
        """() => {
      const seen = new Set(), doubles = new Set();
      for (const el of document.querySelectorAll("[id]")) {
        if (seen.has(el.id)) doubles.add(el.id); else seen.add(el.id);
      }
      return [...doubles];
    }"""
    )
    assert doubles == [], f"dubbele id's: {doubles}"


def check_focus_after_submit(page) -> None:
    """A page with an error summary was re-shown after a failed submit: focus is on it."""
    if not _error_summary_shown(page):
        return
    focused = page.evaluate(
        "() => !!document.activeElement && !!document.activeElement.closest('.error-summary')"
    )
    assert focused, "na een mislukte verzending staat de focus niet op de foutmelding"


def check_reflow(page, screenshot, name: str) -> None:
    """At 320 px nothing scrolls sideways, in the page and in its iframes (a letter preview)."""
    before = page.viewport_size or {"width": 1280, "height": 720}
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": before["height"]})
    try:
        page.wait_for_timeout(50)  # one layout pass
        width = page.evaluate("document.documentElement.scrollWidth")
        culprits = page.evaluate(_OVERFLOWING) if width > REFLOW_WIDTH else []
        frames = []
        for frame in page.frames[1:]:
            # A frame in a closed <details> (a letter's preview) is not laid out: its width reads
            # 0 or whatever layout it last had (a CI flake). Hidden, it cannot scroll sideways; it
            # is measured on the page that shows it.
            if not frame.frame_element().is_visible():
                continue
            # Measured once the frame has loaded and painted at the new width: a frame measured
            # before its first layout reports a width of 0 (a flake under load in CI).
            frame.wait_for_load_state()
            page.wait_for_timeout(300)
            frames.append(
                frame.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
            )
        screenshot(f"{name}-320", page)
        assert width <= REFLOW_WIDTH, f"{name}: {width}px breed bij {REFLOW_WIDTH}px: {culprits}"
        for inner in frames:
            assert inner[0] <= inner[1], f"{name}: iframe {inner[0]}px breed in {inner[1]}px"
    finally:
        page.set_viewport_size(before)


def check_what_axe_cannot_see(page, screenshot, name: str) -> None:
    check_title(page)
    check_unique_ids(page)
    check_focus_after_submit(page)
    check_reflow(page, screenshot, name)
