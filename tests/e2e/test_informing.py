"""Informing in Chromium: record the reporter contact, then inform the household by letter
(R-TRI-7), with an axe scan of each page."""

from dataclasses import replace

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.informing.helpers import TEACHER, contact, register
from zicht.informing.models import HouseholdInforming, ReporterContact
from zicht.letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)


def test_record_reporter_contact_then_inform_household_by_letter(
    page, live_server, screenshot, settings, tmp_path
):
    """R-TRI-7: the contact with the reporter first, then the household is informed by letter;
    a BSN in the information for the reporter is refused at the field (R-PRIV-2)."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory()
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    report = register(worker, anonymous=True)
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.goto(f"{live_server.url}/dossiers/{report.case.number}")
    panel = page.locator("#informeren")
    expect(panel).to_contain_text("anoniem naar het huishouden")
    check_page(page, screenshot, "informeren-paneel")
    panel.get_by_role("link", name="Contact met de melder vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact met de melder vastleggen")

    page.get_by_label("Manier van contact").select_option("phone")
    page.get_by_label("Oordeel over de veiligheid").fill("Zorgen; VT blijft betrokken.")
    page.get_by_label("Informatie gedeeld met de melder").fill("BSN moeder 123456782")
    page.get_by_label("Eigen mogelijkheden van de melder om te helpen").fill("Kind volgen.")
    page.get_by_label("Afspraken met de melder").fill("VT belt over twee weken terug.")
    page.get_by_role("button", name="Contact vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Haal het BSN uit deze tekst")
    expect(page.get_by_label("Afspraken met de melder")).to_have_value(
        "VT belt over twee weken terug."
    )
    check_page(page, screenshot, "informeren-melder-fout")

    page.get_by_label("Informatie gedeeld met de melder").fill("VT spreekt eerst de ouders.")
    page.get_by_label("Stuur de melder een bevestigingsbrief").check()
    page.get_by_role("button", name="Contact vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(report.case.number)
    assert ReporterContact.objects.filter(report=report).exists()

    page.locator("#informeren").get_by_role(
        "link", name="Informeren van het huishouden vastleggen"
    ).click()
    check_page(page, screenshot, "informeren-huishouden")
    page.get_by_label("Manier van informeren").select_option("short_letter")
    page.get_by_label("Wat Veilig Thuis gaat doen en de afspraken").fill(
        "Een medewerker komt volgende week langs."
    )
    page.get_by_role("button", name="Informeren vastleggen").click()
    # One letter per address (16.3): the two adults live together.
    expect(page.locator("#informeren")).to_contain_text("1 brief klaargezet")
    assert HouseholdInforming.objects.get(report=report).letters.count() == 1
    check_page(page, screenshot, "informeren-klaar")


def test_the_school_of_an_anonymous_reporter_is_refused_in_the_household_text(
    page, live_server, screenshot, settings, tmp_path
):
    """R-PRIV-5 (issue 16.1): the reporter's school typed into the text for the household is
    refused at the field, with what was typed kept, and no letter is made."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory()
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    school = replace(TEACHER, organisation="Basisschool De Vlieger, Alkmaar")
    report = register(worker, reporter=school, anonymous=True)
    contact(worker, report)
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.goto(f"{live_server.url}/dossiers/{report.case.number}")
    page.locator("#informeren").get_by_role(
        "link", name="Informeren van het huishouden vastleggen"
    ).click()
    page.get_by_label("Manier van informeren").select_option("short_letter")
    text = "Wij hebben een melding ontvangen van Basisschool De Vlieger."
    page.get_by_label("Wat Veilig Thuis gaat doen en de afspraken").fill(text)
    page.get_by_role("button", name="Informeren vastleggen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Wat Veilig Thuis gaat doen en de afspraken")
    expect(summary).to_contain_text("noemt de organisatie van de melder")
    expect(page.get_by_label("Wat Veilig Thuis gaat doen en de afspraken")).to_have_value(text)
    check_page(page, screenshot, "informeren-huishouden-melder-geweigerd")
    assert not HouseholdInforming.objects.filter(report=report).exists()
    assert not Letter.objects.filter(case=report.case).exclude(recipient_kind="reporter").exists()
