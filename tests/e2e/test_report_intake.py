"""The report intake in Chromium: three persons, one of them already known, to the case page."""

import re

import pytest
from playwright.sync_api import expect

from tests.concurrency import held_open, needs_postgresql
from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.e2e.forms import fill_person_row
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.people.factories import PersonFactory, bsn_from
from zicht.people import services as people_services
from zicht.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_a_report_with_a_knownfill_person_row(page, live_server, screenshot):
    """R-REP-2, R-REP-4, R-REP-6: the worker types the report, Zicht offers the known child before
    registering anyone, and the report lands in a new case."""
    OrganisationFactory()
    worker = UserFactory(full_name="Fatima Front")
    TeamFactory(name="Team Intake").members.add(worker)
    known = PersonFactory(
        first_names="Mohammed", last_name="Yilmaz", birth_year=2015, birth_month=4, birth_day=7
    )
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.get_by_role("link", name="Nieuwe melding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe melding")
    check_page(page, screenshot, "melding-nieuw")

    page.get_by_label("Professional").check()
    page.get_by_label("Sector").select_option(label="Onderwijs")
    page.get_by_label("Beroep").fill("leerkracht")
    page.get_by_label("Naam melder").fill("Annemiek de Wit")
    page.get_by_label("Organisatie").fill("Basisschool De Linde")
    page.get_by_label("Telefoonnummer").fill("020-1234567")
    page.get_by_label("Melder blijft zelf hulp bieden").check()
    page.get_by_label("Afspraken met de melder").fill("Juf geeft nieuwe signalen door.")
    page.get_by_label("Zorgen en signalen").fill("Mohammed vertelt dat papa mama slaat.")
    page.get_by_label("Lichamelijk geweld").check()
    page.get_by_label("Getuige van partnergeweld (kind)").check()
    fill_person_row(
        page, 1, Voornamen="Mohammed", Achternaam="Yilmaz", Geboortejaar="2015", Rol="Kind"
    )
    fill_person_row(page, 2, Voornamen="Ayse", Achternaam="Kaya", Rol="Slachtoffer")

    page.get_by_role("button", name="Meer personen").click()  # nothing typed is lost
    expect(page.get_by_role("group", name="Persoon 4", exact=True)).to_be_visible()
    expect(page.get_by_label("Naam melder")).to_have_value("Annemiek de Wit")
    fill_person_row(page, 3, Voornamen="Emre", Achternaam="Demir", Rol="Vermoedelijke pleger")

    fill_person_row(page, 2, BSN="123456788")  # fails the 11-proof: refused, everything kept
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Persoon 2, BSN: Dit BSN klopt niet")
    expect(page.get_by_label("Zorgen en signalen")).to_have_value(
        "Mohammed vertelt dat papa mama slaat."
    )
    check_page(page, screenshot, "melding-fout")
    page.get_by_role("link", name=re.compile("Persoon 2, BSN")).click()
    expect(
        page.get_by_role("group", name="Persoon 2", exact=True).get_by_label("BSN")
    ).to_be_focused()
    fill_person_row(page, 2, BSN="")

    page.get_by_role("button", name="Controleren en opslaan").click()
    choice = page.get_by_role("group", name=re.compile("Wie is persoon 1"))
    expect(choice).to_contain_text("Bestaande persoon: Mohammed Yilmaz")
    check_page(page, screenshot, "melding-kandidaten")
    choice.get_by_label(re.compile("Bestaande persoon: Mohammed Yilmaz")).check()

    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d{4}-\d+$"))
    report = Report.objects.get()
    expect(page.get_by_role("status")).to_contain_text(
        f"Melding vastgelegd in dossier {report.case.number}"
    )
    assert report.persons.filter(person=known).exists()
    assert report.persons.count() == 3
    check_page(page, screenshot, "melding-dossier")


@needs_postgresql
def test_a_child_a_colleague_registers_meanwhile_is_offered(page, live_server, screenshot):
    """R-REP-5: a colleague registers the same child (same BSN) while the worker saves; the page
    comes back saying so, with everything typed and the colleague's person to choose; axe."""
    OrganisationFactory()
    worker, colleague = UserFactory(full_name="Fatima Front"), UserFactory()
    TeamFactory(name="Team Intake").members.add(worker)
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)
    page.get_by_role("link", name="Nieuwe melding").click()
    page.get_by_label("Burger").check()
    page.get_by_label("Naam melder").fill("Annemiek de Wit")
    page.get_by_label("Telefoonnummer").fill("020-1234567")
    page.get_by_label("Zorgen en signalen").fill("De buren horen 's nachts geschreeuw.")
    page.get_by_label("Lichamelijk geweld").check()
    child = {"first_names": "Mohammed", "last_name": "Yilmaz", "bsn": bsn_from(42)}
    fill_person_row(
        page, 1, Voornamen="Mohammed", Achternaam="Yilmaz", BSN=child["bsn"], Rol="Kind"
    )

    meanwhile = held_open(
        lambda: people_services.person_create(user=colleague, **child), commit_after=1.0
    )
    with meanwhile as held:
        page.get_by_role("button", name="Controleren en opslaan").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "Een collega heeft zojuist een van deze personen geregistreerd"
        )
    choice = page.get_by_role("group", name=re.compile("Wie is persoon 1"))
    colleagues_person = choice.get_by_label(re.compile("Bestaande persoon: Mohammed Yilmaz"))
    # A likely match is offered, not chosen for the worker (issue 16.4): nothing preselected.
    expect(colleagues_person).not_to_be_checked()
    expect(page.get_by_label("Naam melder")).to_have_value("Annemiek de Wit")
    check_page(page, screenshot, "melding-collega-registreerde")

    colleagues_person.check()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d{4}-\d+$"))
    assert Report.objects.get().persons.get().person == held.value
