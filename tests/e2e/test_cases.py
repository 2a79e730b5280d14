"""Case kernel in Chromium: two users on one case, emergency access, worklists (axe on each)."""

import pytest
from django.utils import timezone
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
from zicht.cases import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(live_server):
    OrganisationFactory()
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    team.members.add(worker)
    case = open_case(user=worker, team=team)
    services.deadline_start(case=case, kind="assessment", start=timezone.localdate())
    return team, worker, case


def test_two_pages_one_case_the_second_save_is_refused(browser, live_server, setting, screenshot):
    """Two users on one case never overwrite each other silently: the stale save is refused and
    what was typed stays."""
    team, worker, case = setting
    colleague = UserFactory(full_name="Carla Collega", email="carla@zicht.test")
    team.members.add(colleague)
    first = browser.new_context().new_page()
    second = browser.new_context().new_page()
    log_in(first, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    log_in(second, live_server.url, colleague, TOTPDeviceFactory(user=colleague), PASSWORD)
    for page in (first, second):
        page.goto(f"{live_server.url}/dossiers/{case.number}")
    check_page(first, screenshot, "dossier")

    first.get_by_label("Volgende fase").select_option("investigation")
    first.get_by_label("Toelichting").fill("Informatie onvoldoende: onderzoek")
    first.get_by_role("button", name="Stap vastleggen").click()
    expect(first.locator(".phase-tag")).to_have_text("Onderzoek")

    second.get_by_label("Volgende fase").select_option("closed")
    second.get_by_label("Toelichting").fill("Geen zorgen, afsluiten")
    second.get_by_role("button", name="Stap vastleggen").click()
    expect(second.get_by_role("alert")).to_contain_text("intussen door iemand anders gewijzigd")
    expect(second.get_by_label("Toelichting")).to_have_value("Geen zorgen, afsluiten")
    expect(second.locator(".phase-tag")).to_have_text("Onderzoek")
    check_page(second, screenshot, "dossier-verouderd")


def test_emergency_access_shows_in_team_leaders_list(
    page, browser, live_server, setting, screenshot
):
    team, _worker, case = setting
    outsider = UserFactory(full_name="Olga Buiten", email="olga@zicht.test")
    TeamFactory(name="Team Zuid").members.add(outsider)
    log_in(page, live_server.url, outsider, TOTPDeviceFactory(user=outsider), PASSWORD)
    page.get_by_role("link", name="Dossier openen").click()
    check_page(page, screenshot, "dossier-openen")
    page.get_by_label("Dossiernummer").fill(case.number)
    page.get_by_role("button", name="Openen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noodtoegang")
    check_page(page, screenshot, "noodtoegang")
    page.get_by_label("Reden voor noodtoegang").fill("Politie belt 's nachts over dit gezin")
    page.get_by_role("button", name="Noodtoegang vastleggen en openen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)

    leader = UserFactory(team_leader=True, full_name="Tess Leider", email="tess@zicht.test")
    team.members.add(leader)
    other = browser.new_context().new_page()
    log_in(other, live_server.url, leader, TOTPDeviceFactory(user=leader), PASSWORD)
    other.get_by_role("link", name="Team").click()
    expect(other.get_by_text("Politie belt 's nachts over dit gezin")).to_be_visible()
    expect(other.get_by_role("row", name="Wim Werker Medewerker 1 1")).to_be_visible()
    check_page(other, screenshot, "team")


def test_my_work(page, live_server, setting, screenshot):
    _team, worker, case = setting
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    page.get_by_role("link", name="Mijn werk").click()
    expect(page.get_by_role("link", name=case.number)).to_be_visible()
    check_page(page, screenshot, "mijn-werk")
