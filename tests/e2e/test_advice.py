"""Registering an advice in Chromium: a BSN in the question refused with the input kept, then
saved, to the detail page with ‘Omzetten naar melding’."""

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

    page.get_by_label("Professional").check()
    page.get_by_label("Sector").select_option(label="Onderwijs")
    page.get_by_label("Beroep").fill("leerkracht")
    page.get_by_label("Naam adviesvrager").fill("Annemiek de Wit")
    page.get_by_label("Organisatie").fill("Basisschool De Linde")
    page.get_by_label("Adviesvraag").fill(f"{QUESTION} BSN 111222333.")
    page.get_by_role("group", name=re.compile(r"^Vraag 1:")).get_by_label("Nee").check()
    page.get_by_label("Advies en ondersteuning").check()
    page.get_by_label("Gesprekken voorbereiden").check()
    page.get_by_label("Besproken").check()
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
    expect(page.get_by_role("link", name="Omzetten naar melding")).to_have_attribute(
        "href", f"/meldingen/nieuw?advies={advice.pk}"
    )
    check_page(page, screenshot, "advies-detail")
    assert advice.question == QUESTION and advice.responsibility_discussed
