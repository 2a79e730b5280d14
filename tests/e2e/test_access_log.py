"""The access log in Chromium: a team leader finds a person by name for a subject access request,
opens the log with the name beside the number, and sees a colleague's log with names; axe on each
page (R-PRIV-3)."""

import pytest
from playwright.sync_api import expect

from tests.cases.factories import open_case
from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from zicht.cases import selectors

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_team_leader_finds_a_persons_log_by_name(browser, live_server, screenshot):
    OrganisationFactory()
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wendy Werker", email="werker@zicht.test")
    leader = UserFactory(team_leader=True, full_name="Tineke Teamleider", email="tl@zicht.test")
    team.members.add(worker, leader)
    case = open_case(user=worker, team=team)
    selectors.case_get_for_user(user=worker, number=case.number, resource="/dossiers")
    person = case.household.members.select_related("person").first().person

    page = browser.new_context().new_page()
    log_in(page, live_server.url, leader, TOTPDeviceFactory(user=leader), PASSWORD)
    page.goto(f"{live_server.url}/toegangslog")
    page.get_by_label("Naam").fill(person.last_name)
    page.get_by_role("button", name="Zoek persoon").click()
    expect(page).to_have_url(f"{live_server.url}/toegangslog")  # the search is in no address
    result = page.locator(f'a[href="/toegangslog/persoon/{person.pk}"]')
    expect(result).to_have_text(person.full_name)
    check_page(page, screenshot, "toegangslog-zoeken")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)
    expect(page.get_by_role("cell", name="Wendy Werker", exact=False).first).to_be_visible()
    check_page(page, screenshot, "toegangslog-persoon")

    page.goto(f"{live_server.url}/toegangslog/medewerker/{worker.pk}")
    expect(page.get_by_role("link", name=f"{person.full_name} ({person.pk})").first).to_be_visible()
    check_page(page, screenshot, "toegangslog-medewerker")
