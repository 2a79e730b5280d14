"""axe-core scans (axe-playwright-python): a page passes with zero serious or critical violations,
and with the checks axe cannot make (tests/e2e/page_checks.py: title, reflow at 320 px, focus)."""

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.page_checks import check_what_axe_cannot_see

_axe = Axe()
BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    results = _axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def check_page(page, screenshot, name: str) -> None:
    """Screenshot the page for a person to look at, check title, focus and reflow, then require a
    clean axe scan."""
    screenshot(name, page)
    check_what_axe_cannot_see(page, screenshot, name)
    assert blocking_violations(page) == [], f"axe-problemen op {name}"
