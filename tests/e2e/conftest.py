"""Browser tests: pytest-playwright driving Debian's Chromium, headless.

Playwright's own browser download is not used (and cannot work offline): the launch points at
/usr/bin/chromium with the flags this machine needs. Without Chromium the tests are skipped
loudly, except with CI=true, where that is a failure.
"""

import os
from pathlib import Path

import pytest

from tests import letter_templates
from zicht.accounts.totp import current_code

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make between
# browser steps are ordinary blocking calls and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    e2e = [item for item in items if "tests/e2e/" in str(item.fspath)]
    for item in e2e:
        item.add_marker(pytest.mark.e2e)
    if CHROMIUM.exists() or not e2e:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true maar Chromium ontbreekt op {CHROMIUM}")
    skip = pytest.mark.skip(
        reason=f"LET OP: Chromium ontbreekt ({CHROMIUM}); browsertests overgeslagen"
    )
    for item in e2e:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def _letter_templates(request):
    """A browser test runs against a live server: the templates written again (see
    tests/letter_templates.py)."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("live_server")
    letter_templates.restore()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def screenshot(page):
    """Writes a full-page screenshot under var/screenshots/ (not committed) for a person to see."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, target=None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, base_url: str, user, device, password: str) -> None:
    page.goto(f"{base_url}/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Code uit de authenticator-app").fill(current_code(device))
    page.get_by_role("button", name="Inloggen").click()
