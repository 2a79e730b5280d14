"""Handover in Chromium: the worker sends a cold handover, the partner confirms through the link
in a fresh browser without login, the case page then shows the partner as responsible (axe on
every page)."""

import pytest
from playwright.sync_api import expect

from tests.cases.factories import open_case
from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerAgencyFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from zicht.cases.models import Case
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(live_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    OrganisationFactory()
    municipality = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    partner = PartnerAgencyFactory(name="Wijkteam Alkmaar-Noord")
    partner.municipalities.add(municipality)
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    case = open_case(user=worker, team=team, phase=Phase.HANDOVER)
    Case.objects.filter(pk=case.pk).update(municipality=municipality)
    return worker, case


def test_worker_sends_partner_confirms_without_login(browser, live_server, setting, screenshot):
    """R-HO-1, R-HO-3, R-HO-4, R-HO-5: sent by the worker, VT still responsible; the partner
    confirms through the link without logging in; then the partner is responsible."""
    worker, case = setting
    page = browser.new_context().new_page()
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    page.goto(f"{live_server.url}/dossiers/{case.number}")
    check_page(page, screenshot, "overdracht-dossier")
    page.get_by_role("link", name="Overdracht aan een ketenpartner versturen").click()
    check_page(page, screenshot, "overdracht-formulier")

    page.get_by_label("Ketenpartner").select_option(
        label="Wijkteam Alkmaar-Noord (Lokaal team / CJG / wijkteam)"
    )
    page.get_by_role("button", name="Overdracht versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Een overdracht zonder feiten kan niet")
    check_page(page, screenshot, "overdracht-formulier-fout")

    page.get_by_label("Feiten", exact=True).fill("Leerkracht zag op 2 maart blauwe plekken.")
    page.locator("#id_form-0-text").fill("Spanning thuis neemt toe.")
    page.locator("#id_form-0-holder").fill("J. de Boer, gedragswetenschapper")
    page.locator("#id_form-0-based_on").fill("Blauwe plekken en twee meldingen.")
    page.get_by_role("button", name="Overdracht versturen").click()
    expect(page.locator(".ledger__item--current")).to_contain_text("Veilig Thuis")
    link = page.locator(".confirmation-link").first.get_attribute("href")
    assert link and "/overdracht/" in link
    check_page(page, screenshot, "overdracht-verstuurd")

    partner_page = browser.new_context().new_page()  # the partner: no session at all
    partner_page.goto(link)
    expect(partner_page.get_by_role("heading", level=1)).to_have_text("Overdracht van Veilig Thuis")
    expect(partner_page.get_by_text(case.number)).to_be_visible()
    check_page(partner_page, screenshot, "overdracht-partner")
    partner_page.get_by_label("Ontvangen en opgepakt: wij nemen de zaak over").check()
    partner_page.get_by_label("Uw naam en functie").fill("Sanne Smit, wijkcoach")
    partner_page.get_by_role("button", name="Antwoord versturen").click()
    expect(partner_page.get_by_role("heading", level=1)).to_have_text(
        "Dank u, uw antwoord is vastgelegd"
    )
    check_page(partner_page, screenshot, "overdracht-partner-bevestigd")

    page.goto(f"{live_server.url}/dossiers/{case.number}")
    expect(page.locator(".ledger__item--current")).to_contain_text("Wijkteam Alkmaar-Noord")
    check_page(page, screenshot, "overdracht-opgepakt")
    partner_page.context.close()
    page.context.close()
