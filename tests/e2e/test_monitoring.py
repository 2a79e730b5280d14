"""Monitoring in Chromium, with the clock moving (axe on every page): after the warm handover the
worker starts the plan with an agreed moment, records the check at 3 months with every household
member, then at 12 months, and closes because safety lasts; the ledger shows VT then the partner,
and the agreement and closing letters exist as PDFs that read back with the conditions."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conditions.conftest import (
    CONDITION,
    LINK_BASE,
    MEETING,
    acknowledge,
    into_conditions,
    plan,
    warm,
)
from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    PartnerAgencyFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.handover.conftest import token_of
from zicht.accounts.policy import Role
from zicht.cases.models import Case, HolderType
from zicht.cases.selectors import responsibility_ledger
from zicht.cases.workflow import Phase
from zicht.handover import services as handover
from zicht.handover.services import Decision
from zicht.letters.models import Letter
from zicht.monitoring.models import MonitoringPlan

pytestmark = pytest.mark.django_db(transaction=True)

AMS = ZoneInfo("Europe/Amsterdam")
START = date(2027, 1, 11)  # a Monday
THREE_MONTHS = date(2027, 4, 12)  # 11 April 2027 is a Sunday
TWELVE_MONTHS = date(2028, 1, 11)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMS)


@pytest.fixture
def monitored_case(live_server, settings, tmp_path):
    """As the application gets there: the assessment sends the case into conditions & follow-up,
    the household acknowledges, the plan holds the safety condition, the warm handover is sent and
    the partner accepts it — the case is in monitoring, the partner responsible."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory(name="Veilig Thuis Noord-Holland Noord", phone="0800-2000")
    with time_machine.travel(at(START, 9), tick=False):
        team = TeamFactory()
        author = UserFactory(full_name="Anna Auteur")
        scientist = UserFactory(full_name="Bram Gedrag", role=Role.BEHAVIOURAL_SCIENTIST)
        team.members.add(author, scientist)
        case = into_conditions(author, scientist)
        acknowledge(author, case)
        plan(author, case)
        case.refresh_from_db()
        partner = PartnerAgencyFactory(
            name="Wijkteam Alkmaar-Noord", address="Postbus 1, 1800 AA Alkmaar"
        )
        _, link = warm(author, case, partner)
        handover.handover_answer_by_link(
            token=token_of(link), decision=Decision.ACCEPT, link_base=LINK_BASE
        )
    case.refresh_from_db()
    assert case.phase == Phase.MONITORING
    return author, case


def _session(browser, live_server, worker, device):
    page = browser.new_context().new_page()
    log_in(page, live_server.url, worker, device, PASSWORD)
    return page


def _record_check(page, case: Case, moment_label: str, stable: str, screenshot, name: str):
    page.goto(f"{page.url.split('/dossiers')[0]}/dossiers/{case.number}#monitoren")
    page.locator("#monitoren").get_by_role("link", name="Controle vastleggen").click()
    check_page(page, screenshot, f"monitoren-controle-{name}")
    page.get_by_label("Monitoringsmoment").select_option(label=moment_label)
    page.get_by_role("group", name="Is er directe veiligheid?").get_by_label("Ja").check()
    page.get_by_role("group", name="Is er stabiele veiligheid?").get_by_label(stable).check()
    page.get_by_role("group", name="Wordt aan herstel van de schade gewerkt?").get_by_label(
        "Ja"
    ).check()
    page.get_by_role("group", name=CONDITION).get_by_label("Nageleefd", exact=True).check()
    members = page.get_by_role("group", name="Gesproken met (alle leden")
    checkboxes = members.get_by_role("checkbox")
    # The last member is not spoken: the reason is recorded instead (R-MON-3).
    for index in range(checkboxes.count() - 1):
        checkboxes.nth(index).check()
    page.get_by_role("button", name="Controle vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Nog niet ingevuld")
    check_page(page, screenshot, f"monitoren-controle-{name}-fout")
    page.locator("textarea[name$='_reason']").last.fill("Sem was op schoolkamp; gebeld.")
    page.get_by_label("Visie van de ketenpartner").fill("Het wijkteam ziet dat het goed gaat.")
    page.get_by_label("Samenvatting van de controle").fill("Huisbezoek; alle afspraken nagekomen.")
    page.get_by_role("button", name="Controle vastleggen").click()
    expect(page.locator("#monitoren")).to_contain_text("Controle gehouden op")


def _pdf_text(letter: Letter) -> str:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(handle).pages)


def test_monitoring_from_handover_to_lasting_safety(
    browser, live_server, monitored_case, screenshot
):
    """R-MON-1, R-MON-2, R-MON-3, R-MON-4: warm handover accepted → start with the handover's
    agreements → 3-month check with every member → 12-month check → closed because safety lasts;
    ledger and letters match."""
    case_worker, case = monitored_case
    device = TOTPDeviceFactory(user=case_worker)
    with time_machine.travel(at(START), tick=True) as clock:
        page = _session(browser, live_server, case_worker, device)
        page.goto(f"{live_server.url}/dossiers/{case.number}")
        expect(page.locator("#monitoren")).to_contain_text("Monitoren")
        check_page(page, screenshot, "monitoren-dossier-voor-start")
        page.locator("#monitoren").get_by_role("link", name="Monitoren starten").click()
        check_page(page, screenshot, "monitoren-starten")
        agreements = page.get_by_label("Afspraken over frequentie en momenten")
        expect(agreements).to_have_value(MEETING.monitoring_agreements)  # from the handover
        first_row = page.get_by_role("group", name="Afgesproken moment 1 (niet verplicht)")
        first_row.get_by_label("Datum van het moment").fill("2027-02-23")
        first_row.get_by_label("Afgesproken met").select_option(label="Het huishouden")
        page.get_by_role("button", name="Monitoren starten").click()
        expect(page.get_by_role("alert")).to_contain_text("wie het moment heeft afgesproken")
        check_page(page, screenshot, "monitoren-starten-fout")
        first_row.get_by_label("Wie het afsprak (naam en rol)").fill("Anna de Vries, moeder")
        page.get_by_role("button", name="Monitoren starten").click()
        panel = page.locator("#monitoren")
        expect(panel).to_contain_text("Veilig Thuis monitort")
        expect(panel).to_contain_text("Wijkteam Alkmaar-Noord")
        expect(panel).to_contain_text(MEETING.monitoring_agreements)
        expect(panel).to_contain_text("Afgesproken moment")
        check_page(page, screenshot, "monitoren-dossier-gestart")

        # The agreed moment of 23 February passes without a check: it shows as missed.
        clock.move_to(at(THREE_MONTHS))
        page = _session(browser, live_server, case_worker, device)
        page.goto(f"{live_server.url}/dossiers/{case.number}")
        expect(page.locator("#monitoren")).to_contain_text("Gemist")
        _record_check(
            page, case, "Na 3 maanden — 12-04-2027", "Nog niet te beoordelen", screenshot, "3"
        )

        clock.move_to(at(TWELVE_MONTHS))
        page = _session(browser, live_server, case_worker, device)
        page.goto(f"{live_server.url}/dossiers/{case.number}")
        _record_check(page, case, "Na 12 maanden — 11-01-2028", "Ja", screenshot, "12")
        check_page(page, screenshot, "monitoren-dossier-twee-controles")

        page.locator("#monitoren").get_by_role("link", name="Monitoren beëindigen").click()
        check_page(page, screenshot, "monitoren-afronden")
        page.get_by_label("Veiligheid is duurzaam: monitoren afsluiten").check()
        page.get_by_label("Toelichting").fill("Twee controles lieten duurzame veiligheid zien.")
        page.get_by_role("button", name="Uitkomst vastleggen").click()
        expect(page.locator("#monitoren")).to_contain_text("Veiligheid is duurzaam")
        check_page(page, screenshot, "monitoren-dossier-afgesloten")

    case.refresh_from_db()
    assert case.phase == Phase.CLOSED
    ledger = [p.holder_type for p in responsibility_ledger(case=case).order_by("started_at", "pk")]
    assert ledger == [HolderType.VT, HolderType.PARTNER]
    plan = MonitoringPlan.objects.get(case=case)
    assert plan.checks.count() == 2
    letters = {
        (x.template_code, x.recipient_kind): x
        for x in Letter.objects.filter(case=case, template_code__startswith="monitoring_")
    }
    assert set(letters) == {
        ("monitoring_agreements_household", "household_member"),
        ("monitoring_agreements_partner", "partner"),
        ("monitoring_closed_household", "household_member"),
        ("monitoring_closed_partner", "partner"),
    }
    agreements = _pdf_text(letters["monitoring_agreements_household", "household_member"])
    assert CONDITION in agreements
    assert "23 februari 2027" in agreements
    closing = _pdf_text(letters["monitoring_closed_partner", "partner"])
    assert "duurzaam" in closing and case.number in closing
