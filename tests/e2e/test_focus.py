"""Focus after a submit (issue 20.5, 16.10; WCAG 2.4.3): to the error summary after a failed
submit, to the status message after a successful one; on the public decision aid too."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, OrganisationFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_decision_aid_moves_focus_to_its_error_summary(page, live_server):
    """16.10: a question left open on /meldcode: focus on the summary, the title says "Fout"."""
    OrganisationFactory()
    page.goto(f"{live_server.url}/meldcode")
    page.get_by_role("button", name="Bekijk de uitkomst").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fout: Afwegingskader meldcode"))


def test_failed_login_and_successful_logout_move_focus(page, live_server):
    """A refused login focuses the error summary; the logout's status message takes focus."""
    OrganisationFactory()
    user = UserFactory(email="focus@zicht.test")
    device = TOTPDeviceFactory(user=user)
    page.goto(f"{live_server.url}/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill("niet-goed")
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".error-summary")).to_be_focused()

    log_in(page, live_server.url, user, device, PASSWORD)
    page.get_by_role("button", name="Uitloggen").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("U bent uitgelogd.")
    expect(status).to_be_focused()
