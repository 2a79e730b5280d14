"""Persons in Chromium: search before create, a refused BSN, registering, the person page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    TeamFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_before_create_and_register(page, live_server, screenshot):
    """R-REP-6: an invalid BSN is refused with the field named and the input kept; the search
    finds a spelling variant before a new person is registered."""
    OrganisationFactory()
    worker = UserFactory(full_name="Wim Werker")
    TeamFactory().members.add(worker)
    PersonFactory(
        first_names="Mohammed", last_name="Yilmaz", birth_year=2015, birth_month=4, birth_day=7
    )
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.get_by_role("link", name="Personen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Persoon zoeken")
    check_page(page, screenshot, "persoon-zoeken")

    page.get_by_label("Achternaam").fill("Yilmas")
    page.get_by_label("BSN").fill("123456788")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("alert")).to_contain_text("BSN")
    expect(page.get_by_label("Achternaam")).to_have_value("Yilmas")
    check_page(page, screenshot, "persoon-zoeken-fout")

    page.get_by_label("BSN").fill("")
    page.get_by_label("Geboortedag").fill("4")
    page.get_by_label("Geboortemaand").fill("7")
    page.get_by_label("Geboortejaar").fill("2015")
    page.get_by_role("button", name="Zoeken").click()
    results = page.get_by_role("region", name="Gevonden personen")
    expect(results).to_contain_text("Yilmaz")
    check_page(page, screenshot, "persoon-zoeken-resultaat")

    page.get_by_role("button", name="Nieuwe persoon registreren").click()
    expect(page).to_have_url(re.compile(r"/personen/nieuw"))
    check_page(page, screenshot, "persoon-nieuw")
