"""Regional tasks in Chromium (axe on every new page).

House ban (R-HB-1): the police system delivers a notice by API → the case opens with VT's tasks
→ the mayor extends to 28 days → the ban ends (time-travel) → the aftercare starts monitoring.
Information sessions (R-VL-1): list, register (refused, then saved), filter, CSV."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.api.factories import token_client
from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    OrganisationFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.regional.helpers import body, police_account
from zicht.cases import services as case_services
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.regional.models import HouseBan, InformationSession

pytestmark = pytest.mark.django_db(transaction=True)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 4, 30, 14, 30, tzinfo=AMSTERDAM)


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


def _signed_in(browser, live_server, user):
    """A fresh login: days pass between the steps, the session would not."""
    page = browser.new_context().new_page()
    device = user.totpdevice_set.first() or TOTPDeviceFactory(user=user)
    log_in(page, live_server.url, user, device, PASSWORD)
    return page


def test_house_ban_from_notice_to_aftercare(browser, live_server, settings, screenshot):
    """R-HB-1: notice by API → VT's tasks → extension to 28 days (refused beyond) → the end →
    the aftercare's monitoring plan."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    OrganisationFactory()
    account = police_account()
    team = account.default_team
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    leader = UserFactory(full_name="Tineke Leider", email="tineke@zicht.test", team_leader=True)
    team.members.add(worker, leader)

    with time_machine.travel(_at(4, 30, 16), tick=True):
        response = token_client(account.user).post(
            "/api/v1/house-bans",
            json.dumps(body(starts_at=START)),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="politie-hv-0042",
        )
        assert response.status_code == 201, response.content
        number = response.json()["case_number"]
        ban = HouseBan.objects.get(case__number=number)
        page = _signed_in(browser, live_server, worker)
        page.goto(f"{live_server.url}/dossiers/{number}")
        panel = page.get_by_role("region", name="Tijdelijk huisverbod")
        expect(panel).to_contain_text("Beschikking HV-2026-0042 — loopt")
        expect(panel).to_contain_text("Contact met de uithuisgeplaatste")
        expect(panel).to_contain_text("Contact met de kinderen (huisverbod)")
        expect(panel).to_contain_text("Advies aan de uitvoerders van het huisverbod")
        check_page(page, screenshot, "huisverbod-dossier")
        page.context.close()

    with time_machine.travel(_at(5, 2), tick=True):
        page = _signed_in(browser, live_server, worker)
        page.goto(f"{live_server.url}/dossiers/{number}")
        page.get_by_role("link", name="Actie vastleggen").click()
        check_page(page, screenshot, "huisverbod-actie")
        page.get_by_label("Wat heeft Veilig Thuis gedaan?").select_option("victims_contact")
        page.get_by_label("Verslag").fill("Gesprek met Anna over haar veiligheidsplan.")
        page.get_by_role("button", name="Actie vastleggen").click()
        expect(page.get_by_text("De actie is vastgelegd.")).to_be_visible()
        page.context.close()
        # The safety assessment decided on conditions & follow-up (its own flow, tested there).
        case_services.case_transition(
            user=worker, case=ban.case, target=Phase.CONDITIONS, expected_version=None
        )

    with time_machine.travel(_at(5, 8), tick=True):
        page = _signed_in(browser, live_server, worker)
        page.goto(f"{live_server.url}/dossiers/{number}")
        page.get_by_role("link", name="Besluit over verlenging vastleggen").click()
        page.get_by_label("Verlengd", exact=True).check()
        page.get_by_label("Nieuw einde (bij verlenging)").fill("2026-05-29T15:00")
        page.get_by_label("Toelichting").fill("Risico blijft hoog")
        page.get_by_role("button", name="Besluit vastleggen").click()
        expect(page.get_by_role("alert")).to_contain_text("ten hoogste 28 dagen")
        expect(page.get_by_label("Toelichting")).to_have_value("Risico blijft hoog")
        check_page(page, screenshot, "huisverbod-besluit-fout")
        page.get_by_label("Nieuw einde (bij verlenging)").fill("2026-05-28T14:30")
        page.get_by_role("button", name="Besluit vastleggen").click()
        expect(page.get_by_text("Het besluit over de verlenging is vastgelegd.")).to_be_visible()
        expect(page.get_by_text("vr 8 mei 2026: verlengd tot do 28 mei 2026 14:30")).to_be_visible()
        page.context.close()

        page = _signed_in(browser, live_server, leader)
        page.get_by_role("link", name="Huisverboden").click()
        running = page.get_by_role("table", name="Lopende huisverboden")
        expect(running).to_contain_text(number)
        expect(running).to_contain_text("tot do 28 mei 2026 14:30 (besluit vr 8 mei 2026)")
        expect(running.locator("td").nth(5)).to_have_text("21")  # 8 May 10:00 → 28 May 14:30
        check_page(page, screenshot, "huisverboden-overzicht")
        page.context.close()

    with time_machine.travel(_at(5, 29, 9), tick=True):
        page = _signed_in(browser, live_server, worker)
        page.goto(f"{live_server.url}/dossiers/{number}")
        expect(page.get_by_text("Einde tijdelijk huisverbod: uiterlijk")).to_contain_text("Te laat")
        page.get_by_role("link", name="Einde en nazorg vastleggen").click()
        expect(page.get_by_label("Einde van het huisverbod")).to_have_value("2026-05-28T14:30")
        page.get_by_role("button", name="Einde en nazorg vastleggen").click()
        expect(page.get_by_role("alert")).to_contain_text("veiligheidsafspraken")
        check_page(page, screenshot, "huisverbod-einde-fout")
        page.get_by_label("Veiligheidsafspraken voor de nazorg").fill(
            "Piet zoekt geen contact; Anna meldt elk incident aan de wijkagent."
        )
        page.get_by_role("button", name="Einde en nazorg vastleggen").click()
        expect(page.get_by_text("nazorgafspraken zijn vastgelegd")).to_be_visible()
        expect(page.get_by_text("gestart op do 28 mei 2026")).to_be_visible()
        check_page(page, screenshot, "huisverbod-nazorg")
        page.context.close()

        page = _signed_in(browser, live_server, leader)
        page.goto(f"{live_server.url}/huisverboden")
        aftercare = page.get_by_role("table", name="Beëindigd in de laatste 90 dagen: nazorg")
        expect(aftercare).to_contain_text("Anna meldt elk incident aan de wijkagent")
        expect(aftercare).to_contain_text("Loopt")
        check_page(page, screenshot, "huisverboden-nazorg")
        page.context.close()

    case = Case.objects.get(number=number)
    assert case.phase == Phase.MONITORING
    ban.refresh_from_db()
    assert ban.monitoring_plan is not None and ban.monitoring_plan.agreements.startswith("Piet")


def test_information_sessions(browser, live_server, screenshot):
    """R-VL-1: policy/control registers a session (refused first, input kept), filters the list
    by period and municipality, and downloads the CSV."""
    OrganisationFactory()
    alkmaar = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    MunicipalityFactory(name="Hoorn", cbs_code="GM0405")
    officer = UserFactory(full_name="Bea Beleid", email="bea@zicht.test", policy_control=True)
    InformationSession.objects.create(
        held_on="2026-03-02",
        audience="Huisartsen",
        organisation="HAGRO West",
        participants=12,
        topic="Meldcode in de huisartsenpraktijk",
        given_by="Jan Jansen",
        municipality=alkmaar,
        created_by=officer,
    )
    page = _signed_in(browser, live_server, officer)
    page.get_by_role("link", name="Voorlichtingen").click()
    check_page(page, screenshot, "voorlichtingen")
    page.get_by_role("link", name="Voorlichting registreren").click()
    page.get_by_label("Datum").fill("2026-11-20")
    page.get_by_label("Doelgroep").fill("Leerkrachten")
    page.get_by_label("Organisatie").fill("OBS De Regenboog")
    page.get_by_label("Aantal deelnemers").fill("0")
    page.get_by_label("Onderwerp").fill("Signalen van kindermishandeling")
    page.get_by_label("Gegeven door").fill("Fatima El Amrani")
    page.get_by_label("Gemeente").select_option(label="Hoorn")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Het aantal deelnemers is minstens 1.")
    expect(page.get_by_label("Organisatie")).to_have_value("OBS De Regenboog")
    check_page(page, screenshot, "voorlichting-fout")
    page.get_by_label("Aantal deelnemers").fill("24")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De voorlichting is geregistreerd.")).to_be_visible()

    page.get_by_label("Vanaf").fill("2026-11-01")
    page.get_by_label("Gemeente").select_option(label="Hoorn")
    page.get_by_role("button", name="Filteren").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Signalen van kindermishandeling")
    expect(table).not_to_contain_text("Meldcode in de huisartsenpraktijk")
    check_page(page, screenshot, "voorlichtingen-gefilterd")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "Signalen van kindermishandeling" in text and "Huisartsen" not in text
    page.context.close()
