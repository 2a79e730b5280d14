"""The whole path of issue 5 in Chromium, as the people who do it: a report is taken in, worker A
assesses it, behavioural scientist B confirms, the reporter and the household are informed by
letter, the case is handed over to the local team, and the partner confirms through its link.
Afterwards the ledger shows VT, then the partner, and the letters exist as PDFs."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.e2e.forms import fill_assessment, fill_person_row
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerAgencyFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.people.factories import PersonFactory
from zicht.accounts.policy import Role
from zicht.cases.models import HolderType
from zicht.letters.models import Letter, RecipientKind
from zicht.reports.models import Report


@pytest.fixture
def region(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory()
    alkmaar = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    PartnerAgencyFactory(name="Wijkteam Alkmaar-Noord").municipalities.add(alkmaar)
    team = TeamFactory(name="Team Alkmaar")
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    scientist = UserFactory(
        full_name="Gea Gedrag", email="gea@zicht.test", role=Role.BEHAVIOURAL_SCIENTIST
    )
    team.members.add(worker, scientist)
    # The mother is known from earlier contact, with her address: the intake matches her.
    mother = PersonFactory(
        first_names="Sanne",
        last_name="Visser",
        birth_year=1988,
        birth_month=3,
        birth_day=14,
        street="Laat",
        house_number="12",
        postcode="1811 EK",
        city="Alkmaar",
        municipality=alkmaar,
    )
    return worker, scientist, mother


def _take_report(page, base_url, screenshot) -> Report:
    page.goto(f"{base_url}/meldingen/nieuw")
    page.get_by_label("Professional").check()
    page.get_by_label("Sector").select_option(label="Onderwijs")
    page.get_by_label("Beroep").fill("leerkracht")
    page.get_by_label("Naam melder").fill("Annemiek de Wit")
    page.get_by_label("Organisatie").fill("Basisschool De Linde")
    page.get_by_label("Telefoonnummer").fill("020-1234567")
    page.get_by_label("Zorgen en signalen").fill("Lotte vertelt dat papa mama heeft geslagen.")
    page.get_by_label("Getuige van partnergeweld (kind)").check()
    fill_person_row(
        page, 1, Voornamen="Lotte", Achternaam="Visser", Geboortejaar="2017", Rol="Kind"
    )
    fill_person_row(
        page,
        2,
        Voornamen="Sanne",
        Achternaam="Visser",
        Geboortedag="14",
        Geboortemaand="3",
        Geboortejaar="1988",
        Rol="Slachtoffer",
    )
    fill_person_row(page, 3, Voornamen="Erik", Achternaam="Visser", Rol="Vermoedelijke pleger")
    page.get_by_role("button", name="Controleren en opslaan").click()
    choice = page.get_by_role("group", name=re.compile("Wie is persoon 2"))
    choice.get_by_label(re.compile("Bestaande persoon: Sanne Visser")).check()
    check_page(page, screenshot, "pad-melding-kandidaten")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d{4}-\d+$"))
    return Report.objects.get()


def _assess(page, screenshot) -> None:
    page.get_by_role("link", name="Beoordeling invullen").click()
    fill_assessment(page, 3)  # direct handover to a partner
    check_page(page, screenshot, "pad-beoordeling")
    page.get_by_role("button", name="Ter bevestiging aanbieden").click()
    expect(page.get_by_text("Ter bevestiging aangeboden door Wim Werker")).to_be_visible()


def _inform(page) -> None:
    panel = page.locator("#informeren")
    panel.get_by_role("link", name="Contact met de melder vastleggen").click()
    page.get_by_label("Manier van contact").select_option("phone")
    page.get_by_label("Oordeel over de veiligheid").fill("Zorgen; overdracht aan het wijkteam.")
    page.get_by_label("Informatie gedeeld met de melder").fill("Het wijkteam neemt het over.")
    page.get_by_label("Eigen mogelijkheden van de melder om te helpen").fill("Lotte volgen.")
    page.get_by_label("Afspraken met de melder").fill("Juf meldt nieuwe signalen.")
    page.get_by_label("Stuur de melder een bevestigingsbrief").check()
    page.get_by_role("button", name="Contact vastleggen").click()
    page.locator("#informeren").get_by_role(
        "link", name="Informeren van het huishouden vastleggen"
    ).click()
    page.get_by_label("Manier van informeren").select_option("short_letter")
    page.get_by_label("Wat Veilig Thuis gaat doen en de afspraken").fill(
        "Het wijkteam Alkmaar-Noord neemt contact met u op."
    )
    page.get_by_role("button", name="Informeren vastleggen").click()
    expect(page.locator("#informeren")).to_contain_text("brief klaargezet")


def _pdf_text(letter: Letter) -> str:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


def test_from_report_to_a_partner_who_confirmed(browser, live_server, region, screenshot):
    """R-TRI-1, R-TRI-4, R-TRI-5, R-TRI-7, R-HO-1, R-HO-3, R-HO-5, R-ZOV-1: report → assessment by
    worker A → confirmation by behavioural scientist B → reporter and household informed →
    handover to the local team → the partner confirms via its link → the ledger shows VT then
    the partner, and the reporter and household letters exist as PDFs."""
    worker, scientist, mother = region
    a = browser.new_context().new_page()
    log_in(a, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    report = _take_report(a, live_server.url, screenshot)
    case = report.case
    assert report.persons.filter(person=mother).exists()
    _assess(a, screenshot)

    b = browser.new_context().new_page()
    log_in(b, live_server.url, scientist, TOTPDeviceFactory(user=scientist), PASSWORD)
    b.goto(f"{live_server.url}/dossiers/{case.number}")
    b.get_by_role("link", name="Beoordeling bekijken en bevestigen").click()
    b.get_by_role("button", name="Bevestigen").click()
    expect(b.locator(".phase-tag")).to_have_text("Overdracht")
    check_page(b, screenshot, "pad-bevestigd")

    a.goto(f"{live_server.url}/dossiers/{case.number}")
    _inform(a)
    a.get_by_role("link", name="Overdracht aan een ketenpartner versturen").click()
    a.get_by_label("Ketenpartner").select_option(
        label="Wijkteam Alkmaar-Noord (Lokaal team / CJG / wijkteam)"
    )
    a.get_by_label("Feiten", exact=True).fill("Lotte vertelde op school over slaan thuis.")
    a.locator("#id_form-0-text").fill("De spanning thuis loopt op.")
    a.locator("#id_form-0-holder").fill("Gea Gedrag, gedragswetenschapper")
    a.locator("#id_form-0-based_on").fill("Wat Lotte op school vertelde.")
    a.get_by_role("button", name="Overdracht versturen").click()
    expect(a.locator(".ledger__item--current")).to_contain_text("Veilig Thuis")
    link = a.locator(".confirmation-link").first.get_attribute("href")
    check_page(a, screenshot, "pad-overdracht-verstuurd")

    partner = browser.new_context().new_page()  # the partner has no account and needs none
    partner.goto(link)
    partner.get_by_label("Ontvangen en opgepakt: wij nemen de zaak over").check()
    partner.get_by_label("Uw naam en functie").fill("Pieter Post, wijkcoach")
    partner.get_by_role("button", name="Antwoord versturen").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(
        "Dank u, uw antwoord is vastgelegd"
    )

    a.goto(f"{live_server.url}/dossiers/{case.number}")
    expect(a.locator(".ledger__item--current")).to_contain_text("Wijkteam Alkmaar-Noord")
    expect(a.locator(".ledger")).to_contain_text("Veilig Thuis — Team Alkmaar")
    check_page(a, screenshot, "pad-overgedragen")
    holders = list(case.responsibility.order_by("started_at").values_list("holder_type", flat=True))
    # VT from the receipt of the report (R-REP-3) until the partner took the case up (R-HO-1).
    assert holders[-1] == HolderType.PARTNER
    assert set(holders[:-1]) == {HolderType.VT}

    to_reporter = Letter.objects.get(case=case, recipient_kind=RecipientKind.REPORTER)
    assert "Annemiek de Wit" in _pdf_text(to_reporter)
    to_household = Letter.objects.filter(case=case, recipient_kind=RecipientKind.HOUSEHOLD_MEMBER)
    assert to_household.exists()
    assert all("Veilig Thuis" in _pdf_text(letter) for letter in to_household)
