"""The UI shell in real headless Chromium: 2FA login, home, logout, lock-out, axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff(live_server):
    OrganisationFactory(name="Veilig Thuis Testregio")
    user = UserFactory(email="e2e@zicht.test", full_name="Eva de Vries")
    TeamFactory(name="Team Oost").members.add(user)
    return user, TOTPDeviceFactory(user=user)


def test_login_with_2fa_home_and_logout(page, live_server, staff, screenshot):
    user, device = staff
    page.goto(f"{live_server.url}/inloggen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Zicht")
    check_page(page, screenshot, "inloggen")

    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(re.compile(r"/inloggen/code"))
    check_page(page, screenshot, "inloggen-code")

    from zicht.accounts.totp import current_code

    page.get_by_label("Code uit de authenticator-app").fill(current_code(device))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedendag, Eva")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_text("Team Oost")).to_be_visible()
    check_page(page, screenshot, "start")

    page.get_by_role("link", name="Over Zicht").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Over Zicht")
    expect(page.get_by_text("Veilig Thuis Testregio").first).to_be_visible()
    check_page(page, screenshot, "over-zicht")

    page.goto(f"{live_server.url}/bestaat-niet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina bestaat niet")
    check_page(page, screenshot, "404")

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/inloggen"))


def test_wrong_code_then_skip_link_and_zoom(page, live_server, staff, screenshot):
    user, _device = staff
    page.goto(f"{live_server.url}/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Code uit de authenticator-app").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("onjuist of verlopen")
    check_page(page, screenshot, "inloggen-code-fout")

    # On a page without an autofocused field, the first Tab reaches the skip link, visibly.
    page.goto(f"{live_server.url}/over-zicht")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    # 200% zoom: a 640px-wide viewport is what a 1280px screen shows at 200%. No sideways scroll.
    page.set_viewport_size({"width": 640, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 640
    screenshot("over-zicht-200procent")
    page.keyboard.press("Enter")
    expect(page.locator("#inhoud")).to_be_focused()


def test_wrong_passwords_make_the_next_try_wait_then_lock_this_address(
    page, live_server, staff, screenshot, settings
):
    user, _device = staff
    settings.LOGIN_FREE_FAILURES, settings.AXES_FAILURE_LIMIT = 2, 4

    def attempt(password: str) -> None:
        page.goto(f"{live_server.url}/inloggen")
        page.get_by_label("E-mailadres").fill(user.email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Verder").click()

    for n in range(2):
        attempt(f"fout-{n}")
        expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    attempt("fout-2")
    expect(page.get_by_role("alert")).to_contain_text("Wacht 1 seconde")
    check_page(page, screenshot, "inloggen-wachten")
    page.wait_for_timeout(1100)
    attempt("fout-3")
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    page.wait_for_timeout(2100)
    attempt("fout-4")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen tijdelijk geblokkeerd")
    check_page(page, screenshot, "geblokkeerd")


def test_functional_admin_pages(page, live_server, screenshot):
    OrganisationFactory()
    MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    admin = UserFactory(functional_admin=True, email="beheer-e2e@zicht.test")
    log_in(page, live_server.url, admin, TOTPDeviceFactory(user=admin), PASSWORD)
    page.get_by_role("link", name="Beheer").click()
    expect(page.get_by_text("Referentiegegevens en medewerkers")).to_be_visible()
    check_page(page, screenshot, "beheer")
    page.goto(f"{live_server.url}/beheer/organisation/municipality/")
    expect(page.get_by_text("GM0361")).to_be_visible()
    check_page(page, screenshot, "beheer-gemeenten")
    page.goto(f"{live_server.url}/beheer/calendar/extranonworkingday/add/")
    check_page(page, screenshot, "beheer-extra-vrije-dag")

    # Issue 20.8: breadcrumb links are underlined (not told apart by colour alone), and the date
    # picker's buttons show the focus outline when reached by keyboard.
    crumb = page.locator("div.breadcrumbs a").first
    assert "underline" in crumb.evaluate("el => getComputedStyle(el).textDecorationLine")
    page.locator("input.vDateField").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.closest('.datetimeshortcuts') !== null,"
        " getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == [True, "solid"]
