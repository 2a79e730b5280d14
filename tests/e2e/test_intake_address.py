"""Issue 16.2 in Chromium: a report taken in with the household's address and municipality; the
case shows the municipality, the handover offers only that municipality's partners, and the short
letter to the household (refused before: no address known) is made. Axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.e2e.forms import fill_person_row
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerAgencyFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.informing.helpers import contact
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.informing.models import HouseholdInforming
from zicht.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def test_intake_with_an_address_to_partners_and_a_short_letter(
    page, live_server, screenshot, settings, tmp_path
):
    """16.2 (R-HO-5, R-TRI-7): the address typed at intake reaches the persons and the case."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory()
    alkmaar = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    hoorn = MunicipalityFactory(name="Hoorn", cbs_code="GM0405")
    MunicipalityFactory(name="Utrecht", cbs_code="GM0344", in_region=False)
    PartnerAgencyFactory(name="Wijkteam Alkmaar-Noord").municipalities.add(alkmaar)
    PartnerAgencyFactory(name="Wijkteam Hoorn").municipalities.add(hoorn)
    worker = UserFactory(full_name="Fatima Front")
    TeamFactory(name="Team Intake").members.add(worker)
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.get_by_role("link", name="Nieuwe melding").click()
    page.get_by_label("Burger").check()
    page.get_by_label("Naam melder").fill("Buurvrouw Jansen")
    page.get_by_label("Telefoonnummer").fill("06-12345678")
    page.get_by_label("Zorgen en signalen").fill("Elke avond geschreeuw en gehuil.")
    page.get_by_label("Lichamelijk geweld").check()
    household = page.get_by_role("group", name="Adres van het huishouden")
    household.get_by_label("Straat").fill("Laat")
    household.get_by_label("Huisnummer").fill("12")
    household.get_by_label("Postcode").fill("1811 EK")
    household.get_by_label("Woonplaats").fill("Alkmaar")
    expect(household.get_by_label("Gemeente")).to_contain_text("Utrecht (buiten de regio)")
    household.get_by_label("Gemeente").select_option(label="Alkmaar")
    fill_person_row(page, 1, Voornamen="Ayse", Achternaam="Kaya", Rol="Slachtoffer")
    fill_person_row(page, 2, Voornamen="Emre", Achternaam="Demir", Rol="Vermoedelijke pleger")
    check_page(page, screenshot, "melding-adres")
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d{4}-\d+$"))

    report = Report.objects.get()
    case = report.case
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("GemeenteAlkmaar")
    check_page(page, screenshot, "melding-adres-dossier")

    # The short letter: one per address of the adults (the reporter contact comes first).
    contact(worker, report)
    page.reload()
    page.locator("#informeren").get_by_role(
        "link", name="Informeren van het huishouden vastleggen"
    ).click()
    page.get_by_label("Manier van informeren").select_option("short_letter")
    page.get_by_label("Wat Veilig Thuis gaat doen en de afspraken").fill(
        "Een medewerker komt volgende week langs."
    )
    page.get_by_role("button", name="Informeren vastleggen").click()
    # One letter per address (16.3): both adults live at Laat 12.
    expect(page.locator("#informeren")).to_contain_text("1 brief klaargezet")
    letters = HouseholdInforming.objects.get(report=report).letters.all()
    assert {letter.recipient_address for letter in letters} == {"Laat 12\n1811 EK Alkmaar"}

    # The handover offers the partners of the case's municipality only. The assessment that
    # leads there is not this test's subject: the case is put in the handover phase directly.
    Case.objects.filter(pk=case.pk).update(phase=Phase.HANDOVER)
    page.goto(f"{live_server.url}/dossiers/{case.number}")
    page.get_by_role("link", name="Overdracht aan een ketenpartner versturen").click()
    partners = page.get_by_label("Ketenpartner")
    expect(partners).to_contain_text("Wijkteam Alkmaar-Noord")
    expect(partners).not_to_contain_text("Wijkteam Hoorn")
    check_page(page, screenshot, "melding-adres-overdracht")
