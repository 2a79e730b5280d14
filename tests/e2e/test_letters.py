"""Letters in Chromium: a letter opened from its page shows the letter in a sandboxed frame,
styled, with an axe scan."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.informing.helpers import contact, inform_household, register
from zicht.informing.models import HouseholdInforming
from zicht.letters.models import Letter

pytestmark = pytest.mark.django_db(transaction=True)


def test_letter_page_shows_the_letter_in_a_sandboxed_frame(
    page, live_server, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory()
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    report = register(worker)
    letter = contact(worker, report, send_letter=True).letter
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.goto(f"{live_server.url}/brieven/{letter.pk}")

    frame = page.frame_locator("iframe.letter-frame")
    expect(frame.get_by_text("Wat wij hebben afgesproken")).to_be_visible()
    check_page(page, screenshot, "brief-voorbeeld")


def test_a_letter_is_opened_from_the_case_page_previewed_downloaded_and_recorded_sent(
    page, live_server, screenshot, settings, tmp_path
):
    """Issue 16.3: the case page's letters panel leads to every letter: its preview in a
    sandboxed frame, its PDF (read back), and recording how and when it was sent."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OrganisationFactory()
    worker = UserFactory(full_name="Wim Werker", email="wim@zicht.test")
    report = register(worker, anonymous=True)
    contact(worker, report, send_letter=True)
    inform_household(worker, report)
    log_in(page, live_server.url, worker, TOTPDeviceFactory(user=worker), PASSWORD)

    page.goto(f"{live_server.url}/dossiers/{report.case.number}")
    page.locator("#informeren").get_by_role("link", name="1 brief klaargezet").click()
    panel = page.locator("#brieven")
    expect(panel).to_contain_text("Anna Bakker en Bram Bakker")
    expect(panel).to_contain_text("Klaar om te verzenden")
    check_page(page, screenshot, "dossier-brieven")
    # The preview folded open: now its frame is laid out and measured at 320 px as well.
    panel.locator("summary").first.click()
    expect(
        panel.frame_locator("iframe.letter-frame")
        .first.get_by_text("Anna Bakker en Bram Bakker")
        .first
    ).to_be_visible()
    check_page(page, screenshot, "dossier-brieven-voorbeeld")

    panel.get_by_role(
        "link", name=re.compile(r"Brief openen\s*: Veilig Thuis heeft een melding")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Brief:")
    frame = page.frame_locator("iframe.letter-frame")
    expect(frame.get_by_text("Anna Bakker en Bram Bakker").first).to_be_visible()
    check_page(page, screenshot, "brief-vanuit-dossier")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    text = " ".join(page_.extract_text() for page_ in PdfReader(download.value.path()).pages)
    assert "Anna Bakker en Bram Bakker" in " ".join(text.split())
    assert "Kerkstraat 12" in text
    assert "anoniem" in text

    page.goto(f"{live_server.url}/dossiers/{report.case.number}#brieven")
    page.locator("#brieven").get_by_role(
        "link", name=re.compile(r"Verzending vastleggen\s*: Veilig Thuis heeft een melding")
    ).click()
    page.get_by_label("Hoe verzonden").select_option("post")
    check_page(page, screenshot, "brief-verzending")
    page.get_by_role("button", name="Verzending vastleggen").click()
    expect(page.locator("#brieven")).to_contain_text("per post op")
    assert Letter.objects.get(pk=HouseholdInforming.objects.get().letters.get().pk).sent_via
