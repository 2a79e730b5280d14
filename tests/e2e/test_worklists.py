"""The worklists in Chromium: "Mijn werk" and the team page, their filters, axe on each page."""

from datetime import timedelta

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
from zicht.radar.models import RegisterMatch

pytestmark = pytest.mark.django_db(transaction=True)


def test_my_work_and_the_team_page_with_filters(browser, live_server, screenshot):
    """R-DL-3, R-WL-3: a worker sees her open deadlines nearest first with status and holder and
    filters them to the overdue ones; her team leader sees them with the caseload per worker."""
    OrganisationFactory()
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wendy Werker", email="werker@zicht.test")
    leader = UserFactory(team_leader=True, full_name="Tineke Teamleider", email="tl@zicht.test")
    team.members.add(worker, leader)
    late, fresh = open_case(user=worker, team=team), open_case(user=worker, team=team)
    today = timezone.localdate()
    services.deadline_start(case=late, kind="assessment", start=today - timedelta(days=14))
    services.deadline_start(case=fresh, kind="reporter_contact", start=today)
    # The national register told us another VT organisation knows the late case's mother.
    RegisterMatch.objects.create(
        notification_id=1,
        case=late,
        person=late.household.members.first().person,
        organisation="Veilig Thuis Amsterdam-Amstelland",
        contact="020-7990600",
        other_reference="hun-dossier-0001",
        other_registered_at=timezone.now(),
        other_last_activity_at=timezone.now(),
    )

    page = browser.new_context().new_page()
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    page.goto(f"{live_server.url}/werk")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Te laat")
    expect(rows.first).to_contain_text(late.number)
    expect(rows.first).to_contain_text("Veilig Thuis (Wendy Werker)")
    expect(rows.first).to_contain_text("Ook bekend bij andere VT")  # R-REG-1: the signal
    expect(rows.last).not_to_contain_text("Ook bekend bij andere VT")
    check_page(page, screenshot, "mijn-werk")
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Filteren").click()
    expect(rows).to_have_count(1)
    expect(page.get_by_label("Status")).to_have_value("overdue")
    check_page(page, screenshot, "mijn-werk-gefilterd")

    leader_page = browser.new_context().new_page()
    log_in(leader_page, live_server.url, leader, TOTPDeviceFactory(user=leader), PASSWORD)
    leader_page.goto(f"{live_server.url}/team")
    caseload = leader_page.get_by_role("table", name="Actieve dossiers en openstaande termijnen")
    cells = caseload.get_by_role("row", name="Wendy Werker").locator("th, td")
    expect(cells).to_have_text(["Wendy Werker", "Medewerker", "2", "2", "1"])
    expect(leader_page.get_by_role("link", name=fresh.number, exact=True)).to_be_visible()
    check_page(leader_page, screenshot, "team")
