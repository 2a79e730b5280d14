"""An advice becomes a report in Chromium: the caller decides to report (R-ADV-6), or an MDO
decides that Veilig Thuis reports itself (R-ADV-7). Every page passes an axe scan."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.e2e.forms import fill_person_row
from tests.e2e.test_advice import register_advice_in_browser
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from zicht.advice.models import Advice, MdoDecision
from zicht.letters.models import Letter
from zicht.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_concerns_and_persons(page):
    page.get_by_label("Zorgen en signalen").fill("Daan vertelt dat zijn vader hem slaat.")
    page.get_by_label("Lichamelijk geweld").check()
    fill_person_row(page, 1, Voornamen="Daan", Achternaam="Bakker", Geboortejaar="2016", Rol="Kind")
    fill_person_row(page, 2, Voornamen="Peter", Achternaam="Bakker", Rol="Vermoedelijke pleger")


@pytest.fixture
def worker(page, live_server):
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000")
    user = UserFactory(full_name="Fenna Frontoffice")
    TeamFactory(name="Team Advies").members.add(user)
    log_in(page, live_server.url, user, TOTPDeviceFactory(user=user), PASSWORD)
    return user


def test_turn_an_advice_into_a_report(page, worker, screenshot):
    """R-ADV-6: from the advice page to a prefilled report form; with the persons added the report
    is saved, linked to the advice, and the case page shows where it came from."""
    advice = register_advice_in_browser(page)
    page.get_by_role("link", name="Omzetten in melding").click()
    expect(page).to_have_url(re.compile(rf"/meldingen/nieuw\?advies={advice.pk}$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"Deze melding komt voort uit advies {advice.pk}"
    )
    expect(page.get_by_label("Naam melder")).to_have_value("Annemiek de Wit")
    expect(page.get_by_label("Telefoonnummer")).to_have_value("020-1234567")
    check_page(page, screenshot, "advies-naar-melding")

    _fill_concerns_and_persons(page)
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d{4}-\d+$"))
    report = Report.objects.get()
    expect(page.get_by_role("status")).to_contain_text(
        f"Melding vastgelegd in dossier {report.case.number}, gekoppeld aan advies {advice.pk}"
    )
    panel = page.get_by_role("region", name="Voortgekomen uit advies")
    expect(panel.get_by_role("link", name=f"advies {advice.pk}")).to_be_visible()
    check_page(page, screenshot, "advies-naar-melding-dossier")
    assert Advice.objects.get(pk=advice.pk).report == report
    assert report.persons.count() == 2

    panel.get_by_role("link", name=f"advies {advice.pk}").click()
    expect(page.get_by_role("link", name=report.case.number)).to_be_visible()
    expect(page.get_by_role("link", name="Omzetten in melding")).to_have_count(0)


def test_vt_initiated_report_after_an_mdo(page, worker, screenshot):
    """R-ADV-7: the worker records the MDO (refused alone, then with a behavioural scientist and
    all four conditions), goes on to the report form with VT as reporter, and the case shows the
    MDO decision and the letter to the professional."""
    scientist = UserFactory(full_name="Gerda Gedrag", behavioural_scientist=True)
    advice = register_advice_in_browser(page)
    page.get_by_role("link", name="MDO-besluit vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MDO-besluit ambtshalve melding")
    check_page(page, screenshot, "mdo-nieuw")

    criteria = {
        "Het risico is hoog en acuut": "Kind vertelt over dagelijkse mishandeling.",
        "De professional kan of wil": "De school durft de ouders niet aan te spreken.",
        "Er is geen overeenstemming": "De school wil niet melden.",
        "Veilig Thuis beschikt over": "De school gaf de gegevens van het gezin door.",
    }
    for start, grounds in criteria.items():
        group = page.locator("div.criterion").filter(
            has=page.get_by_role("group", name=re.compile(f"^{start}"))
        )
        group.get_by_label("Ja").check()
        group.get_by_label("Onderbouwing").fill(grounds)
    page.get_by_label("Veilig Thuis doet een ambtshalve melding").check()
    page.get_by_label("Motivering van het besluit").fill("Alle vier voorwaarden gelden.")
    page.get_by_role("button", name="MDO-besluit vastleggen").click()

    expect(page.get_by_role("alert")).to_contain_text("nooit alleen")
    expect(page.get_by_label("Motivering van het besluit")).to_have_value(
        "Alle vier voorwaarden gelden."
    )
    check_page(page, screenshot, "mdo-fout")
    page.get_by_label(re.compile("Gerda Gedrag")).check()
    page.get_by_role("button", name="MDO-besluit vastleggen").click()

    mdo = MdoDecision.objects.get()
    expect(page).to_have_url(re.compile(rf"/meldingen/nieuw\?advies={advice.pk}&mdo={mdo.pk}$"))
    expect(page.get_by_role("status").last).to_contain_text("Ambtshalve melding.")
    expect(page.get_by_label("Naam melder")).to_have_value("Veilig Thuis Testregio")
    expect(page.get_by_label("Organisatie")).to_have_value("Veilig Thuis (ambtshalve melding)")
    check_page(page, screenshot, "mdo-melding")

    _fill_concerns_and_persons(page)
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d{4}-\d+$"))
    panel = page.get_by_role("region", name="Voortgekomen uit advies")
    expect(panel).to_contain_text("besluit: Veilig Thuis doet een ambtshalve melding")
    expect(panel).to_contain_text("Gerda Gedrag")
    expect(page.get_by_role("region", name="Tijdlijn")).to_contain_text(
        "Ambtshalve melding na MDO van"
    )
    check_page(page, screenshot, "mdo-dossier")
    report = Report.objects.get()
    assert MdoDecision.objects.get().report == report
    assert Letter.objects.get().case == report.case
    assert set(mdo.participants.all()) == {worker, scientist}
