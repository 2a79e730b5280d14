"""Daily screening and the waiting list in Chromium (axe on each page)."""

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
from tests.screening.helpers import register
from zicht.cases.models import Deadline
from zicht.people.models import HouseholdRole

pytestmark = pytest.mark.django_db(transaction=True)


def test_screen_a_report_and_escalate_the_waiting_list(browser, live_server, screenshot):
    """R-WL-1, R-WL-2: a team leader screens a report as acute (crisis deadline starts), then
    sees the waiting-list signal and records the escalation."""
    OrganisationFactory()
    team = TeamFactory(name="Team Noord")
    leader = UserFactory(team_leader=True, full_name="Tineke Teamleider", email="tl@zicht.test")
    team.members.add(leader)
    report = register(leader, team, roles=(HouseholdRole.PARENT_CARER, HouseholdRole.CHILD))
    number = report.case.number

    page = browser.new_context().new_page()
    log_in(page, live_server.url, leader, TOTPDeviceFactory(user=leader), PASSWORD)
    page.goto(f"{live_server.url}/screening")
    expect(page.get_by_role("heading", name="Dagelijkse screening")).to_be_visible()
    expect(page.get_by_role("link", name=number, exact=True)).to_be_visible()
    check_page(page, screenshot, "screening-lijst")

    page.get_by_role("link", name=f"Screenen (dossier {number})").click()
    page.get_by_role("button", name="Vandaag gescreend").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies of er direct gevaar is")
    check_page(page, screenshot, "screening-fout")
    page.get_by_label("Notitie").fill(
        "Moeder belt opnieuw: partner dreigt vanavond terug te komen."
    )
    page.get_by_label("Ja, direct gevaar").check()
    page.get_by_role("button", name="Vandaag gescreend").click()
    expect(page.get_by_role("status")).to_contain_text("crisisinterventie")
    expect(page.locator("tbody tr").first).to_contain_text("Acuut")
    expect(page.locator("tbody tr").first).to_contain_text("Gescreend")
    assert Deadline.objects.filter(case=report.case, kind="crisis_action").exists()

    page.goto(f"{live_server.url}/screening/wachtlijst")
    expect(page.get_by_role("alert")).to_contain_text("Escaleren naar de regionale stuurgroep")
    check_page(page, screenshot, "wachtlijst")
    page.get_by_label("Aan wie").fill("Regionale stuurgroep Veilig Thuis")
    page.get_by_label("Toelichting").fill("Extra capaciteit gevraagd voor de triage.")
    page.get_by_role("button", name="Escalatie vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Laatst geëscaleerd op")
    check_page(page, screenshot, "wachtlijst-geescaleerd")
