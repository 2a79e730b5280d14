"""Beheer in Chromium: four eyes on a client-data role (issue 17.3). One administrator asks,
cannot approve it herself, a second administrator approves; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, OrganisationFactory, TOTPDeviceFactory, UserFactory
from zicht.accounts.models import AccountChange
from zicht.accounts.policy import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _approve_first_pending(page, base_url: str) -> None:
    page.goto(f"{base_url}/beheer/accounts/accountchange/?status__exact=pending")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").click()


def test_a_client_data_role_needs_a_second_administrator(
    page, browser, browser_context_args, live_server, screenshot
):
    OrganisationFactory()
    first = UserFactory(
        functional_admin=True, email="anna-beheer@zicht.test", full_name="Anna Beheer"
    )
    second = UserFactory(
        functional_admin=True, email="bram-beheer@zicht.test", full_name="Bram Beheer"
    )
    analyst = UserFactory(role=Role.POLICY_CONTROL, full_name="Piet Analist")

    log_in(page, live_server.url, first, TOTPDeviceFactory(user=first), PASSWORD)
    page.goto(f"{live_server.url}/beheer/accounts/user/{analyst.pk}/change/")
    expect(page.get_by_role("link", name="Wachtwoord en tweede factor resetten")).to_be_visible()
    check_page(page, screenshot, "beheer-medewerker")
    page.get_by_label("Rol").select_option(Role.CASE_WORKER)
    page.get_by_label("Reden van de wijziging").fill("Overstap naar het casusteam")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("wacht op een tweede beheerder")).to_be_visible()
    check_page(page, screenshot, "beheer-wijziging-wacht")

    _approve_first_pending(page, live_server.url)
    expect(page.get_by_text("U kunt uw eigen wijziging niet bevestigen")).to_be_visible()
    check_page(page, screenshot, "beheer-eigen-wijziging-geweigerd")
    analyst.refresh_from_db()
    assert analyst.role == Role.POLICY_CONTROL

    other = browser.new_context(**browser_context_args).new_page()
    log_in(other, live_server.url, second, TOTPDeviceFactory(user=second), PASSWORD)
    _approve_first_pending(other, live_server.url)
    expect(other.get_by_text("1 wijziging(en) bevestigd en doorgevoerd")).to_be_visible()
    other.goto(f"{live_server.url}/beheer/accounts/accountchange/")
    expect(other.get_by_text(re.compile("rol: Beleid en control → Medewerker"))).to_be_visible()
    check_page(other, screenshot, "beheer-wijziging-bevestigd")
    analyst.refresh_from_db()
    assert analyst.role == Role.CASE_WORKER
    change = AccountChange.objects.get(user=analyst)
    assert (change.requested_by, change.decided_by) == (first, second)


def test_a_reset_mails_the_person_a_link_to_set_a_password_and_enrol_again(
    page, browser, browser_context_args, live_server, screenshot, mailoutbox
):
    OrganisationFactory()
    admin = UserFactory(functional_admin=True, email="anna-beheer@zicht.test")
    worker = UserFactory(email="eva@zicht.test", full_name="Eva de Vries")
    TOTPDeviceFactory(user=worker)

    log_in(page, live_server.url, admin, TOTPDeviceFactory(user=admin), PASSWORD)
    page.goto(f"{live_server.url}/beheer/accounts/user/{worker.pk}/change/")
    page.get_by_role("link", name="Wachtwoord en tweede factor resetten").click()
    check_page(page, screenshot, "beheer-reset")
    page.get_by_role("button", name="Resetten").click()
    expect(page.get_by_text("Vul de reden van deze wijziging in.")).to_be_visible()
    page.get_by_label("Reden").fill("Telefoon kwijt")
    page.get_by_role("button", name="Resetten").click()
    expect(page.get_by_text("eenmalige link per e-mail")).to_be_visible()

    (mail,) = mailoutbox
    link = re.search(r"https?://\S+/inloggen/wachtwoord/\S+", mail.body).group(0)
    person = browser.new_context(**browser_context_args).new_page()
    person.goto(link)
    expect(person.get_by_role("heading", level=1)).to_have_text("Wachtwoord instellen")
    check_page(person, screenshot, "wachtwoord-instellen")
    person.get_by_label("Nieuw wachtwoord", exact=True).fill("een-eigen-nieuw-wachtwoord")
    person.get_by_label("Nieuw wachtwoord nog een keer").fill("een-eigen-nieuw-wachtwoord")
    person.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(person.get_by_text("Uw wachtwoord is ingesteld")).to_be_visible()
    person.get_by_label("E-mailadres").fill(worker.email)
    person.get_by_label("Wachtwoord").fill("een-eigen-nieuw-wachtwoord")
    person.get_by_role("button", name="Verder").click()
    expect(person.get_by_text("koppel eerst een authenticator-app")).to_be_visible()


def test_a_partner_systems_token_is_issued_and_rotated_with_an_overlap(
    page, live_server, screenshot
):
    """Issue 19.3 in Chromium: the administrator issues a partner system's token (shown once),
    rotates it with an overlap (a wrong overlap named at the field, what was typed kept), and
    the list says until when the old one works; axe on every page."""
    OrganisationFactory()
    admin = UserFactory(functional_admin=True, email="anna-beheer@zicht.test")
    partner = UserFactory(
        role=Role.PARTNER_SYSTEM,
        full_name="Politie Noord-Holland (koppeling)",
        email="koppeling-politie@zicht.test",
    )

    log_in(page, live_server.url, admin, TOTPDeviceFactory(user=admin), PASSWORD)
    page.goto(f"{live_server.url}/beheer/accounts/apitoken/add/")
    check_page(page, screenshot, "beheer-token-aanmaken")
    page.get_by_label("Account").select_option(str(partner.pk))
    page.get_by_role("button", name="Token aanmaken").click()
    expect(page.get_by_text("niet nog eens getoond")).to_be_visible()
    first_key = page.get_by_label("Token").input_value()
    assert len(first_key) == 40

    page.goto(f"{live_server.url}/beheer/accounts/apitoken/")
    check_page(page, screenshot, "beheer-tokens")
    page.get_by_role("link", name="Roteren met overlap").click()
    check_page(page, screenshot, "beheer-token-roteren")
    page.get_by_label("Overlap in dagen").fill("45")
    page.get_by_role("button", name="Nieuw token aanmaken").click()
    expect(page.get_by_text("Kies een overlap van 1 tot en met 30 dagen").first).to_be_visible()
    expect(page.get_by_label("Overlap in dagen")).to_have_value("45")
    check_page(page, screenshot, "beheer-token-roteren-fout")
    page.get_by_label("Overlap in dagen").fill("7")
    page.get_by_role("button", name="Nieuw token aanmaken").click()
    expect(page.get_by_text("werkt nog tot")).to_be_visible()
    assert page.get_by_label("Token").input_value() not in ("", first_key)
    check_page(page, screenshot, "beheer-token-geroteerd")

    page.goto(f"{live_server.url}/beheer/accounts/apitoken/")
    expect(page.get_by_text(re.compile(r"Geldig tot \d\d-\d\d-\d{4}"))).to_be_visible()
