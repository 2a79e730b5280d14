"""Conditions & follow-up in Chromium, ending in the warm handover (issue 12, second browser
path): the assessment outcome "conditions" confirmed → the household's acknowledgement → a
conversation → the safety conditions and plan (edited once: version 2 shown with version 1) →
the warm handover meeting → the partner confirms through the link → the ledger shows VT, then the
partner; the household and partner letters exist as PDFs and read back with the conditions.
Axe on every new page."""

from io import BytesIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.assessment.conftest import content, report_case
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
from zicht.accounts.policy import Role
from zicht.assessment import services as assessment
from zicht.cases.models import Case, HolderType, ResponsibilityPeriod
from zicht.handover.models import Handover
from zicht.letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)

CONDITION = "Vader komt niet in de woning zolang hij drinkt."
CHECKED_AGAIN = "Twee keer per week huisbezoek door de gezinscoach."


def pdf_text(letter: Letter) -> str:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def setting(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")
    PartnerAgencyFactory(name="Wijkteam Testdorp", address="Postbus 7, 1234 AA Testdorp")
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    scientist = UserFactory(
        full_name="Gea Gedrag", email="gea@zicht.test", role=Role.BEHAVIOURAL_SCIENTIST
    )
    team.members.add(worker, scientist)
    case = report_case(worker)
    today = timezone.localdate()
    assessment.assessment_save_and_submit(
        user=worker,
        case=case,
        content=content(outcome="conditions", other_vt_asked_on=today, rvdk_asked_on=today),
        expected_version=None,
    )
    return worker, scientist, Case.objects.get(pk=case.pk)


def test_conditions_and_follow_up_end_in_the_warm_handover(
    browser, live_server, setting, screenshot
):
    """R-VV-1..3, R-VV-2 versioned, R-HO-3 warm, R-HO-1: the whole service in the browser."""
    worker, scientist, case = setting
    today = timezone.localdate().isoformat()
    case_url = f"{live_server.url}/dossiers/{case.number}"

    # The assessment outcome "conditions", confirmed by a second person (R-TRI-4, R-TRI-5).
    other = browser.new_context().new_page()
    log_in(other, live_server.url, scientist, TOTPDeviceFactory(user=scientist), PASSWORD)
    other.goto(case_url)
    other.get_by_role("link", name="Beoordeling bekijken en bevestigen").click()
    other.get_by_role("button", name="Bevestigen").click()
    expect(other.locator(".phase-tag")).to_have_text("Voorwaarden en vervolg")
    other.context.close()

    page = browser.new_context().new_page()
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    page.goto(case_url)
    involvement = page.locator("section[aria-labelledby=betrokkenheid]")
    expect(involvement).to_contain_text("10 weken na de veiligheidsbeoordeling")
    expect(involvement).to_contain_text("Nog niet gesproken of gezien")
    check_page(page, screenshot, "vv-dossier-start")

    # R-VV-1: the acknowledgement, nothing about whether abuse is confirmed.
    page.get_by_role("link", name="Erkenning vastleggen").click()
    check_page(page, screenshot, "vv-erkenning")
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Karin de Wit").check()
    page.get_by_label("Het huishouden erkent de zorgen").check()
    page.get_by_label("Het huishouden wil werken aan veiligheid").check()
    page.get_by_role("button", name="Erkenning vastleggen").click()
    expect(page.locator("section[aria-labelledby=voorwaarden-vervolg]")).to_contain_text(
        "erkenden Karin de Wit de zorgen"
    )

    # A conversation: mother spoken, the child seen.
    page.get_by_role("link", name="Gesprek vastleggen").click()
    check_page(page, screenshot, "vv-gesprek")
    page.get_by_label("Datum van het gesprek").fill(today)
    karin, sem = (
        page.locator("fieldset.choices", has_text=name) for name in ("Karin de Wit", "Sem de Wit")
    )
    karin.get_by_label("Persoonlijk gesproken").check()
    sem.get_by_label("Gezien, niet gesproken").check()
    page.get_by_label("Samenvatting: wat is besproken en afgesproken").fill(
        "Moeder erkent de zorgen; afspraken over de veiligheid van Sem besproken."
    )
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(involvement).to_contain_text("2 van de 2 leden van het huishouden gesproken of gezien")

    # The safety conditions and plan: an action without a due date is refused at its row.
    page.get_by_role("link", name="Veiligheidsvoorwaarden en plan vastleggen").click()
    check_page(page, screenshot, "vv-plan-nieuw")
    page.locator("#id_voorwaarde-0-text").fill(CONDITION)
    page.locator("#id_voorwaarde-0-members_0").check()
    page.locator("#id_voorwaarde-0-check_how").fill("Wekelijks huisbezoek door het wijkteam.")
    page.locator("#id_actie-0-member").select_option(label="Karin de Wit (ouder/verzorger)")
    page.locator("#id_actie-0-what").fill("Aanmelden bij het wijkteam")
    page.get_by_role("button", name="Nieuwe versie opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Acties, rij 1, uiterlijk op: Vul in vóór welke datum de actie klaar is."
    )
    expect(page.locator("#id_voorwaarde-0-text")).to_have_value(CONDITION)
    check_page(page, screenshot, "vv-plan-fout")
    page.locator("#id_actie-0-due").fill("2027-01-15")
    page.get_by_role("button", name="Nieuwe versie opslaan").click()
    expect(involvement).to_contain_text("versie 1")

    # Edited once: version 2, with version 1 still visible and what changed.
    page.get_by_role("link", name="Veiligheidsplan wijzigen").click()
    page.locator("#id_voorwaarde-0-check_how").fill(CHECKED_AGAIN)
    page.get_by_label("Wat wijzigt u en waarom?").fill("Strakkere controle na het gesprek.")
    page.get_by_role("button", name="Nieuwe versie opslaan").click()
    expect(involvement).to_contain_text("versie 2")
    page.get_by_role("link", name="Alle versies en wijzigingen").click()
    expect(page.get_by_role("heading", name="Versie 2 (huidig)")).to_be_visible()
    expect(page.get_by_role("heading", name="Versie 1", exact=True)).to_be_visible()
    changes = page.locator("section[aria-labelledby=versie-2] table")
    expect(changes).to_contain_text("Gewijzigd")
    expect(changes).to_contain_text(CHECKED_AGAIN)
    expect(page.locator("section[aria-labelledby=versie-1]")).to_contain_text(
        "Wekelijks huisbezoek door het wijkteam."
    )
    check_page(page, screenshot, "vv-plan-versies")

    # The warm handover: without a meeting it is refused; then the meeting and agreements.
    page.goto(case_url)
    page.get_by_role("link", name="Warme overdracht vastleggen").click()
    check_page(page, screenshot, "vv-warme-overdracht")
    page.get_by_label("Ketenpartner", exact=True).select_option(
        label="Wijkteam Testdorp (Lokaal team / CJG / wijkteam)"
    )
    page.get_by_label("Feiten", exact=True).fill(
        "Moeder vertelde op 2 maart dat vader haar sloeg terwijl Sem erbij was."
    )
    page.get_by_label("Aanwezig bij het overdrachtsgesprek").fill(
        "Karin de Wit, Wim Werker (Veilig Thuis), Paula Peters (Wijkteam Testdorp)"
    )
    page.get_by_label("De cliënt was bij het gesprek").check()
    page.get_by_label("Professional van de ketenpartner die de zaak overneemt").fill(
        "Paula Peters, gezinscoach"
    )
    page.get_by_label("Onderbouwing van de overdracht").fill(
        "Het wijkteam kan de voorwaarden dichtbij volgen en de hulp bieden."
    )
    page.get_by_label("Afspraken over monitoren").fill(
        "Veilig Thuis belt na 3 en na 12 maanden met moeder en de gezinscoach."
    )
    page.get_by_role("button", name="Warme overdracht versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("zonder overdrachtsgesprek kan niet")
    check_page(page, screenshot, "vv-warme-overdracht-fout")
    page.get_by_label("Datum van het overdrachtsgesprek").fill(today)
    page.get_by_role("button", name="Warme overdracht versturen").click()
    expect(page.locator(".ledger__item--current")).to_contain_text("Veilig Thuis")
    link = page.locator(".confirmation-link").first.get_attribute("href")
    assert link and "/overdracht/" in link
    check_page(page, screenshot, "vv-warm-verstuurd")

    # The partner confirms through the link (the cold handover's confirm path).
    partner_page = browser.new_context().new_page()
    partner_page.goto(link)
    partner_page.get_by_label("Ontvangen en opgepakt: wij nemen de zaak over").check()
    partner_page.get_by_label("Uw naam en functie").fill("Paula Peters, gezinscoach")
    partner_page.get_by_role("button", name="Antwoord versturen").click()
    expect(partner_page.get_by_role("heading", level=1)).to_have_text(
        "Dank u, uw antwoord is vastgelegd"
    )
    partner_page.context.close()

    page.goto(case_url)
    expect(page.locator(".phase-tag")).to_have_text("Monitoren")
    ledger = page.locator(".ledger__item")  # newest first: the partner, then VT before it
    expect(page.locator(".ledger__item--current")).to_contain_text("Wijkteam Testdorp")
    expect(ledger.first).to_contain_text("Wijkteam Testdorp")
    expect(ledger.nth(1)).to_contain_text("Veilig Thuis")
    check_page(page, screenshot, "vv-na-overdracht")
    page.context.close()

    holders = list(
        ResponsibilityPeriod.objects.filter(case=case).values_list("holder_type", flat=True)
    )
    assert holders[-2:] == [HolderType.VT, HolderType.PARTNER]
    handover = Handover.objects.get(case=case)
    assert handover.plan_version is not None and handover.plan_version.number == 2
    partner_text = pdf_text(handover.letter)
    assert CONDITION in partner_text and CHECKED_AGAIN in partner_text
    assert "versie 2" in partner_text
    (household,) = handover.household_letters.all()
    household_text = pdf_text(household)
    assert "Karin de Wit" in household_text
    assert CONDITION in household_text and "na 3 en na 12 maanden" in household_text
