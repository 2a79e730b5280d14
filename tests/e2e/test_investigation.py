"""The investigation in Chromium (issue 12's main path): the assessment decides "5. Onderzoek",
the worker records the reason, conversations with all members (the child of 7 spoken, the child
of 3 seen), information from the network and the confirmed conclusion with its facts and an
attributed opinion. Bad input on the way is refused in Dutch with the input kept. Axe on every
new page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.e2e.forms import fill_assessment
from tests.factories import (
    PASSWORD,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerAgencyFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.investigation.conftest import household_persons, pdf_text, report_case
from zicht.accounts.policy import Role
from zicht.cases.models import Case, HolderType, ResponsibilityPeriod
from zicht.handover.models import Handover
from zicht.investigation.models import Investigation
from zicht.letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)

CONDITION = "Vader komt niet in de woning zolang hij drinkt."
FACTS = "Sem (7) vertelde dat vader hem slaat; de leerkracht zag blauwe plekken op zijn arm."


def decide_in_browser(browser, live_server, screenshot):
    """A worker proposes outcome 5, a behavioural scientist confirms it."""
    OrganisationFactory()
    team = TeamFactory(name="Team Noord")
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    scientist = UserFactory(
        full_name="Gea Gedrag", email="gea@zicht.test", role=Role.BEHAVIOURAL_SCIENTIST
    )
    team.members.add(worker, scientist)
    case = report_case(worker, persons=household_persons())
    Case.objects.filter(pk=case.pk).update(
        municipality=MunicipalityFactory(name="Alkmaar", cbs_code="GM0361"), worker=worker
    )
    page = browser.new_context().new_page()
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    page.goto(f"{live_server.url}/dossiers/{case.number}")
    page.get_by_role("link", name="Beoordeling invullen").click()
    fill_assessment(page, 5)
    page.get_by_role("button", name="Ter bevestiging aanbieden").click()
    expect(page.get_by_text("Ter bevestiging aangeboden door Wim Werker")).to_be_visible()
    other = browser.new_context().new_page()
    log_in(other, live_server.url, scientist, TOTPDeviceFactory(user=scientist), PASSWORD)
    other.goto(f"{live_server.url}/dossiers/{case.number}")
    other.get_by_role("link", name="Beoordeling bekijken en bevestigen").click()
    other.get_by_role("button", name="Bevestigen").click()
    expect(other.locator(".phase-tag")).to_have_text("Onderzoek")
    other.context.close()
    return page, case


def investigate_in_browser(page, live_server, case, screenshot) -> None:
    """From the case page to a confirmed conclusion."""
    page.goto(f"{live_server.url}/dossiers/{case.number}")
    panel = page.locator("section[aria-labelledby=onderzoek]")
    expect(panel).to_contain_text("Onderzoek starten: uiterlijk")
    check_page(page, screenshot, "onderzoek-dossier")
    panel.get_by_role("link", name="Reden van het onderzoek vastleggen").click()
    check_page(page, screenshot, "onderzoek-reden")
    page.get_by_role("group", name="Informatie onvoldoende om een vervolg te kiezen").get_by_label(
        "Deze reden geldt"
    ).check()
    page.get_by_role("button", name="Reden vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Licht de reden")
    page.get_by_label("Toelichting: Informatie onvoldoende om een vervolg te kiezen").fill(
        "Sem vertelt over slaan, moeder ontkent; wat er thuis gebeurt is onduidelijk."
    )
    page.get_by_role("button", name="Reden vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onderzoek")
    expect(page.get_by_text("Nog 3 ontbrekend.")).to_be_visible()
    check_page(page, screenshot, "onderzoek-overzicht")

    # Sem (7) only seen, without a reason: refused, what was typed kept.
    page.get_by_role("link", name="Gesprek vastleggen").click()
    check_page(page, screenshot, "onderzoek-gesprek")
    # The worker's day in Amsterdam, not the UTC date of opened_at: after midnight there they differ.
    page.get_by_label("Datum van het gesprek").fill(str(timezone.localdate()))
    group = page.get_by_role("group", name="Karin de Wit")
    group.get_by_label("Persoonlijk gesproken").check()
    page.get_by_role("group", name="Sem de Wit").get_by_label("Gezien, niet gesproken").check()
    page.get_by_role("group", name="Lotte de Wit").get_by_label("Gezien, niet gesproken").check()
    page.get_by_label("Samenvatting").fill("Huisbezoek: moeder en de kinderen thuis.")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vanaf 6 jaar wordt ieder kind")
    expect(page.get_by_label("Samenvatting")).to_have_value(
        "Huisbezoek: moeder en de kinderen thuis."
    )
    check_page(page, screenshot, "onderzoek-gesprek-fout")
    page.get_by_role("group", name="Sem de Wit").get_by_label("Persoonlijk gesproken").check()
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_text("Niemand ontbreekt.")).to_be_visible()
    expect(page.get_by_role("row", name="Lotte de Wit")).to_contain_text("jonger dan 6 jaar")

    page.get_by_role("link", name="Informatie opvragen").click()
    check_page(page, screenshot, "onderzoek-netwerk")
    page.get_by_label("Professioneel netwerk").check()
    page.get_by_label("Van wie (naam, functie of relatie)").fill("Mevrouw Bakker, leerkracht")
    page.get_by_label("Gevraagd op").fill(str(timezone.localdate()))
    page.get_by_label("Welke informatie is gevraagd").fill("Wat ziet u aan Sem in de klas?")
    page.get_by_label("Antwoord (als het er al is)").fill("Sem is stil en schrikachtig.")
    page.get_by_label("Antwoord ontvangen op").fill(str(timezone.localdate()))
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("row", name="Mevrouw Bakker, leerkracht")).to_contain_text(
        "Sem is stil en schrikachtig."
    )

    page.get_by_role("link", name="Onderzoek afronden").click()
    check_page(page, screenshot, "onderzoek-afronden")
    page.get_by_label("Bevestigd", exact=True).check()
    page.get_by_label("Feiten waarop de conclusie berust").fill(FACTS)
    page.get_by_label("Welke stappen volgen").fill(
        "Veiligheidsvoorwaarden en plan, daarna een warme overdracht aan het wijkteam."
    )
    page.locator("#id_form-0-text").fill("Wij denken dat de spanning thuis oploopt.")
    page.locator("#id_form-0-holder").fill("Gea Gedrag, gedragswetenschapper")
    page.get_by_role("button", name="Onderzoek afronden").click()
    expect(page.get_by_role("alert")).to_contain_text("Een mening zonder bron kan niet")
    page.locator("#id_form-0-based_on").fill("Het verhaal van Sem en wat de leerkracht ziet.")
    page.get_by_role("button", name="Onderzoek afronden").click()
    expect(page.get_by_role("heading", name="Conclusie")).to_be_visible()
    expect(page.locator("section[aria-labelledby=conclusie]")).to_contain_text(
        "Mening van Gea Gedrag, gedragswetenschapper"
    )
    check_page(page, screenshot, "onderzoek-afgerond")


def plan_and_warm_handover_in_browser(page, browser, live_server, case, screenshot) -> None:
    """R-OND-4: the conditions and plan, the warm handover meeting, the partner confirms."""
    today = timezone.localdate().isoformat()
    page.get_by_role("link", name="Veiligheidsvoorwaarden en veiligheidsplan").click()
    page.locator("#id_voorwaarde-0-text").fill(CONDITION)
    page.locator("#id_voorwaarde-0-members_0").check()
    page.locator("#id_voorwaarde-0-check_how").fill("Wekelijks huisbezoek door het wijkteam.")
    page.locator("#id_actie-0-member").select_option(label="Karin de Wit (ouder/verzorger)")
    page.locator("#id_actie-0-what").fill("Aanmelden bij het wijkteam")
    page.locator("#id_actie-0-due").fill("2027-01-15")
    page.get_by_role("button", name="Nieuwe versie opslaan").click()
    expect(page.locator("section[aria-labelledby=betrokkenheid]")).to_contain_text("versie 1")

    page.goto(f"{live_server.url}/dossiers/{case.number}/onderzoek")
    page.get_by_role("link", name="Warme overdracht").click()
    screenshot("onderzoek-warme-overdracht", page)  # the handover's page: its own test checks it
    page.get_by_label("Ketenpartner", exact=True).select_option(
        label="Wijkteam Alkmaar-Noord (Lokaal team / CJG / wijkteam)"
    )
    page.get_by_label("Feiten", exact=True).fill(FACTS)
    page.get_by_label("Datum van het overdrachtsgesprek").fill(today)
    page.get_by_label("Aanwezig bij het overdrachtsgesprek").fill(
        "Karin de Wit, Wim Werker (Veilig Thuis), Paula Peters (Wijkteam Alkmaar-Noord)"
    )
    page.get_by_label("De cliënt was bij het gesprek").check()
    page.get_by_label("Professional van de ketenpartner die de zaak overneemt").fill(
        "Paula Peters, gezinscoach"
    )
    page.get_by_label("Onderbouwing van de overdracht").fill(
        "Het onderzoek bevestigde het geweld; het wijkteam volgt de voorwaarden dichtbij."
    )
    page.get_by_label("Afspraken over monitoren").fill(
        "Veilig Thuis belt na 3 en na 12 maanden met moeder en de gezinscoach."
    )
    page.get_by_role("button", name="Warme overdracht versturen").click()
    expect(page.locator(".ledger__item--current")).to_contain_text("Veilig Thuis")
    link = page.locator(".confirmation-link").first.get_attribute("href")
    assert link and "/overdracht/" in link

    partner_page = browser.new_context().new_page()  # the partner: no login
    partner_page.goto(link)
    partner_page.get_by_label("Ontvangen en opgepakt: wij nemen de zaak over").check()
    partner_page.get_by_label("Uw naam en functie").fill("Paula Peters, gezinscoach")
    partner_page.get_by_role("button", name="Antwoord versturen").click()
    expect(partner_page.get_by_role("heading", level=1)).to_have_text(
        "Dank u, uw antwoord is vastgelegd"
    )
    partner_page.context.close()
    page.goto(f"{live_server.url}/dossiers/{case.number}")
    ledger = page.locator(".ledger__item")  # newest first: the partner, then VT
    expect(ledger.first).to_contain_text("Wijkteam Alkmaar-Noord")
    expect(ledger.nth(1)).to_contain_text("Veilig Thuis")
    check_page(page, screenshot, "onderzoek-na-overdracht")


def test_investigation_main_path(browser, live_server, settings, screenshot):
    """R-OND-1..4, R-HO-4, R-HO-1, R-HO-3 warm: outcome 5 → reason → conversations with all (the
    child of 7 spoken, of 3 seen) → network information → confirmed, facts and an attributed
    opinion → conditions and plan → warm handover meeting → the partner confirms: the ledger
    shows VT then the partner; the household and partner letters read back with the
    conditions."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    PartnerAgencyFactory(
        name="Wijkteam Alkmaar-Noord", address="Postbus 1, 1800 AA Alkmaar"
    ).municipalities.add(MunicipalityFactory(name="Alkmaar", cbs_code="GM0361"))
    page, case = decide_in_browser(browser, live_server, screenshot)
    investigate_in_browser(page, live_server, case, screenshot)
    investigation = Investigation.objects.get(case=case)
    assert investigation.conclusion == "confirmed" and investigation.started_at
    letter = Letter.objects.get(template_code="investigation_conclusion_household")
    text = pdf_text(letter)
    assert FACTS[:40] in text and "Mening van Gea Gedrag" in text

    plan_and_warm_handover_in_browser(page, browser, live_server, case, screenshot)
    page.context.close()
    holders = list(
        ResponsibilityPeriod.objects.filter(case=case)
        .order_by("started_at", "id")
        .values_list("holder_type", flat=True)
    )
    assert holders[-2:] == [HolderType.VT, HolderType.PARTNER]
    handover = Handover.objects.get(case=case)
    assert CONDITION in pdf_text(handover.letter)
    (household,) = handover.household_letters.all()
    assert CONDITION in pdf_text(household)
