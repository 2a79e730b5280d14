"""Safety assessment in Chromium: worker A fills in and submits, behavioural scientist B confirms
(R-TRI-4); axe on each page."""

import pytest
from playwright.sync_api import expect

from tests.assessment.conftest import report_case
from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.e2e.forms import fill_assessment
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from zicht.accounts.policy import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_submits_and_behavioural_scientist_confirms(browser, live_server, screenshot):
    """R-TRI-4: A proposes, B (not A) confirms; the case closes to the household."""
    OrganisationFactory()
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    scientist = UserFactory(
        full_name="Gea Gedrag", email="gea@zicht.test", role=Role.BEHAVIOURAL_SCIENTIST
    )
    team.members.add(worker, scientist)
    case = report_case(worker)

    page = browser.new_context().new_page()
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    page.goto(f"{live_server.url}/dossiers/{case.number}")
    page.get_by_role("link", name="Beoordeling invullen").click()
    check_page(page, screenshot, "beoordeling-leeg")
    page.get_by_role("button", name="Ter bevestiging aanbieden").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is iets niet goed ingevuld")
    check_page(page, screenshot, "beoordeling-fouten")

    fill_assessment(page, 1)
    page.get_by_role("button", name="Ter bevestiging aanbieden").click()
    expect(page.get_by_text("Ter bevestiging aangeboden door Wim Werker")).to_be_visible()

    other = browser.new_context().new_page()
    log_in(other, live_server.url, scientist, TOTPDeviceFactory(user=scientist), PASSWORD)
    other.goto(f"{live_server.url}/dossiers/{case.number}")
    other.get_by_role("link", name="Beoordeling bekijken en bevestigen").click()
    check_page(other, screenshot, "beoordeling-bevestigen")
    other.get_by_role("button", name="Bevestigen").click()
    expect(other.locator(".phase-tag")).to_have_text("Afgesloten")
    panel = other.locator("section[aria-labelledby=beoordeling]")
    expect(panel).to_contain_text("Bevestigd door Gea Gedrag (gedragswetenschapper)")
    check_page(other, screenshot, "dossier-na-beoordeling")
