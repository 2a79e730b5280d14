"""Steering and accountability pages in Chromium (issue 15): the dashboard as a team leader and as
policy/control (no client data for the latter), the municipality report and the CBS page, each
with an axe scan and a screenshot."""

import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, TeamFactory, TOTPDeviceFactory, UserFactory
from tests.reporting import world

pytestmark = pytest.mark.django_db(transaction=True)


def _look(screenshot, page, name: str) -> None:
    """Screenshot for the notes as well, for a person to look at."""
    shutil.copy(screenshot(name, page), f"/work/notes/reporting-{name}.png")


def test_dashboards_for_team_leader_and_policy_control(browser, live_server, screenshot):
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    team.members.add(worker)
    data = world.build(worker, team)
    leader = UserFactory(team_leader=True, full_name="Tineke Teamleider", email="tl@zicht.test")
    team.members.add(leader)
    policy = UserFactory(policy_control=True, full_name="Paula Control", email="pc@zicht.test")
    query = "?van=2026-02-01&tot=2026-08-31"

    page = browser.new_context().new_page()
    log_in(page, live_server.url, leader, TOTPDeviceFactory(user=leader), PASSWORD)
    page.goto(f"{live_server.url}/verantwoording/dashboard{query}")
    expect(page.get_by_role("heading", name="Caseload per medewerker van uw teams")).to_be_visible()
    expect(page.get_by_role("cell", name="Wim Werker")).to_be_visible()
    check_page(page, screenshot, "dashboard-teamleider")
    _look(screenshot, page, "dashboard-teamleider")

    page = browser.new_context().new_page()
    log_in(page, live_server.url, policy, TOTPDeviceFactory(user=policy), PASSWORD)
    page.goto(f"{live_server.url}/verantwoording/dashboard{query}")
    expect(page.get_by_role("heading", name="Caseload per team")).to_be_visible()
    text = page.content()
    for name in ("Wim Werker", data.anna.last_name, data.dirk.last_name, data.case("c1").number):
        assert name not in text
    check_page(page, screenshot, "dashboard-beleid")
    _look(screenshot, page, "dashboard-beleid")

    page.goto(f"{live_server.url}/verantwoording/gemeenten?jaar=2026&maanden=8")
    expect(page.get_by_role("heading", name="Alkmaar (GM0361)")).to_be_visible()
    check_page(page, screenshot, "gemeenterapportage")
    _look(screenshot, page, "gemeenterapportage")

    page.goto(f"{live_server.url}/verantwoording/cbs?halfjaar=2026-1")
    expect(page.get_by_text("Geen problemen gevonden")).to_be_visible()
    check_page(page, screenshot, "cbs")
    _look(screenshot, page, "cbs")
    page.goto(
        f"{live_server.url}/verantwoording/capaciteit?scenario=middle&jaren=3&groei_meldingen=veel"
    )
    expect(page.get_by_role("alert")).to_contain_text("een getal in")
    check_page(page, screenshot, "capaciteit-fout")
    page.goto(f"{live_server.url}/verantwoording/capaciteit")
    expect(page.get_by_role("heading", name="Scenario midden: benodigde formatie")).to_be_visible()
    check_page(page, screenshot, "capaciteit")
    _look(screenshot, page, "capaciteit")

    page.goto(f"{live_server.url}/verantwoording/cbs?halfjaar=2026-1")
    page.get_by_role("link", name="Levering 2026-1 downloaden").click()
    expect(page.locator("#cbs-progress-text")).to_contain_text("Het bestand is klaar")
