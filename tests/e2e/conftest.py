"""Browser tests: pytest-playwright driving Debian's Chromium, headless.

Playwright's own browser download is not used (and cannot work offline): the launch points at
/usr/bin/chromium with the flags this machine needs. Without Chromium the tests are skipped
loudly, except with CI=true, where that is a failure.
"""

import os
from pathlib import Path

import pytest

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


def _letter_template_migrations() -> list[str]:
    """The data migrations that write letter templates (`create(apps, schema_editor)`)."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if config.name.startswith("zicht.") and folder.is_dir():
            found += [
                f"{config.name}.migrations.{path.stem}"
                for path in sorted(folder.glob("0*_*template*.py"))
            ]
    return found


@pytest.fixture(autouse=True)
def _letter_templates(request):
    """A browser test runs against a live server, so the database is emptied after it, also of
    the letter templates the data migrations wrote. Write them again, as a fresh database has
    them. (Serialized rollback cannot do this reliably here: the live server leaves the test
    with another connection object, which no longer holds the serialized contents.)"""
    if "live_server" not in request.fixturenames:
        return
    from importlib import import_module

    from django.apps import apps

    request.getfixturevalue("live_server")
    for name in _letter_template_migrations():
        import_module(name).create(apps, None)


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
