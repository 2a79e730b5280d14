"""Letters in Chromium: a letter opened from its page shows the letter in a sandboxed frame,
styled, with an axe scan."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, OrganisationFactory, TOTPDeviceFactory, UserFactory
from tests.informing.helpers import contact, register

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
