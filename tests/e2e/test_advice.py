"""Registering an advice in Chromium: a BSN in the question refused with the input kept, then
saved, to the detail page with ‘Omzetten in melding’. `register_advice_in_browser` is the flow
other browser tests start from."""

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
from zicht.advice.models import Advice

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Een leerling vertelt dat het thuis onrustig is. Moet de school melden?"


def fill_advice(page, question: str = QUESTION) -> None:
    """Fills the advice form as a worker does while a teacher calls (the advice-seeker known)."""
    page.get_by_label("Professional").check()
    page.get_by_label("Sector").select_option(label="Onderwijs")
    page.get_by_label("Beroep").fill("leerkracht")
    page.get_by_label("Naam adviesvrager").fill("Annemiek de Wit")
    page.get_by_label("Organisatie").fill("Basisschool De Linde")
    page.get_by_label("Telefoonnummer").fill("020-1234567")
    page.get_by_label("Adviesvraag").fill(question)
    page.get_by_role("group", name=re.compile(r"^Vraag 1:")).get_by_label("Nee").check()
    page.get_by_label("Advies en ondersteuning").check()
    page.get_by_label("Gesprekken voorbereiden").check()
    page.get_by_label("Besproken").check()


def register_advice_in_browser(page) -> Advice:
    """From the navigation to the saved advice's page; returns the advice."""
    page.get_by_role("link", name="Nieuw advies").click()
    fill_advice(page)
    page.get_by_role("button", name="Advies opslaan").click()
    expect(page).to_have_url(re.compile(r"/adviezen/\d+$"))
    return Advice.objects.latest("pk")


def test_register_an_advice(page, live_server, screenshot):
    """R-ADV-1, R-ADV-2, R-ADV-3, R-ADV-6: the worker records the advice-seeker, the question and
    the framework's answers; a BSN in the question is refused with everything typed kept."""
    OrganisationFactory()
    worker = UserFactory(full_name="Fenna Frontoffice")
    TeamFactory().members.add(worker)
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.get_by_role("link", name="Nieuw advies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw advies")
    check_page(page, screenshot, "advies-nieuw")

    fill_advice(page, f"{QUESTION} BSN 111222333.")
    page.get_by_role("button", name="Advies opslaan").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Adviesvraag: De adviesvraag lijkt een BSN te bevatten")
    expect(page.get_by_label("Adviesvraag")).to_have_value(f"{QUESTION} BSN 111222333.")
    expect(page.get_by_label("Naam adviesvrager")).to_have_value("Annemiek de Wit")
    expect(page.get_by_label("Gesprekken voorbereiden")).to_be_checked()
    check_page(page, screenshot, "advies-nieuw-fout")
    assert not Advice.objects.exists()

    page.get_by_label("Adviesvraag").fill(QUESTION)
    page.get_by_role("button", name="Advies opslaan").click()
    advice = Advice.objects.get()
    expect(page).to_have_url(re.compile(rf"/adviezen/{advice.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Advies {advice.pk}")
    expect(page.get_by_role("link", name="Omzetten in melding")).to_have_attribute(
        "href", f"/meldingen/nieuw?advies={advice.pk}"
    )
    check_page(page, screenshot, "advies-detail")
    assert advice.question == QUESTION and advice.responsibility_discussed
