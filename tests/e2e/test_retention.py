"""Retention and destruction in Chromium (R-PRIV-4, issue 18.1–18.2): a worker records the
household's request for destruction after "geen zorgen", a team leader grants it, one functional
administrator puts the file forward on the monthly list and a second approves it; axe on each
page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.retention.conftest import closed_without_concerns
from zicht.accounts.policy import Role
from zicht.cases.models import Case
from zicht.retention.models import DestructionRecord

pytestmark = pytest.mark.django_db(transaction=True)


def _as(browser, live_server, user):
    page = browser.new_context().new_page()
    log_in(page, live_server.url, user, TOTPDeviceFactory(user=user), PASSWORD)
    return page


def test_request_decision_and_four_eyes_destruction(browser, live_server, screenshot):
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")

    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wendy Werker", email="werker@zicht.test")
    scientist = UserFactory(
        full_name="Bram Gedrag", email="bram@zicht.test", role=Role.BEHAVIOURAL_SCIENTIST
    )
    leader = UserFactory(team_leader=True, full_name="Tineke Teamleider", email="tl@zicht.test")
    first = UserFactory(role=Role.FUNCTIONAL_ADMIN, full_name="Fred Beheer", email="f@zicht.test")
    second = UserFactory(role=Role.FUNCTIONAL_ADMIN, full_name="Gea Beheer", email="g@zicht.test")
    team.members.add(worker, scientist, leader)
    case = closed_without_concerns(worker, scientist)
    number = case.number

    page = _as(browser, live_server, worker)
    page.goto(f"{live_server.url}/dossiers/{number}")
    page.get_by_role("link", name="Bewaartermijn, besluit kinderbescherming").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bewaren en vernietigen")
    page.get_by_role("button", name="Verzoek vastleggen").click()  # who asked is missing
    expect(page.locator(".error-summary")).to_contain_text("Vul in wie om vernietiging vraagt")
    check_page(page, screenshot, "bewaren-dossier-fout")
    page.get_by_label("Verzocht door").fill("De moeder")
    page.get_by_role("button", name="Verzoek vastleggen").click()
    expect(page.get_by_text("wacht op het besluit van een teamleider")).to_be_visible()
    check_page(page, screenshot, "bewaren-dossier-verzoek")

    page = _as(browser, live_server, leader)
    page.goto(f"{live_server.url}/dossiers/{number}/bewaren")
    page.get_by_label("Ingewilligd").check()
    page.get_by_role("button", name="Besluit over het verzoek vastleggen").click()
    expect(page.get_by_text("brief aan het huishouden staat klaar")).to_be_visible()
    check_page(page, screenshot, "bewaren-dossier-besluit")

    page = _as(browser, live_server, first)
    page.get_by_role("link", name="Bewaren en vernietigen").click()
    row = page.get_by_role("row").filter(has_text=number)
    row.get_by_role("button", name="Voordragen").click()
    expect(page.get_by_text(f"Dossier {number} is voorgedragen")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=number)).to_contain_text("Wacht op een tweede")
    check_page(page, screenshot, "bewaren-lijst-voorgedragen")

    page = _as(browser, live_server, second)
    page.goto(f"{live_server.url}/bewaren")
    page.get_by_role("row").filter(has_text=number).get_by_role(
        "button", name="Goedkeuren en vernietigen"
    ).click()
    expect(page.get_by_text(f"Dossier {number} is vernietigd")).to_be_visible()
    expect(page.get_by_role("region", name="Vernietigingsverklaringen")).to_contain_text(
        "Fred Beheer"
    )
    check_page(page, screenshot, "bewaren-lijst-vernietigd")
    assert not Case.objects.filter(number=number).exists()
    assert DestructionRecord.objects.get().approved_by == second
