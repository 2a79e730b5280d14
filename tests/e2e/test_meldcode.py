"""The public decision aid of the meldcode in Chromium, without logging in (DOMAIN §4.8)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import check_page
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _answer(page, legend_start: str, choice: str) -> None:
    group = page.get_by_role("group", name=re.compile("^" + re.escape(legend_start)))
    group.get_by_label(choice, exact=True).check()


def test_walk_the_aid_to_report_necessary(page, live_server, screenshot):
    """R-MC-1, R-MC-2, R-MC-3: from the login page to "melden is noodzakelijk", with decision 2
    and the other household members in the reasons; a missing answer is named."""
    OrganisationFactory()
    page.goto(f"{live_server.url}/inloggen")
    page.get_by_role("link", name="Loop het afwegingskader van de meldcode door").click()
    expect(page).to_have_url(re.compile(r"/meldcode$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Afwegingskader meldcode")
    check_page(page, screenshot, "meldcode-vragen")

    _answer(page, "Vraag 1:", "Ja")
    _answer(page, "Vraag 2a:", "Nee")
    page.get_by_role("button", name="Bekijk de uitkomst").click()
    expect(page.get_by_role("alert")).to_contain_text("Beantwoord vraag 2b")
    group_1 = page.get_by_role("group", name=re.compile("^Vraag 1:"))
    expect(group_1.get_by_label("Ja", exact=True)).to_be_checked()
    check_page(page, screenshot, "meldcode-vragen-fout")

    _answer(page, "Vraag 2b:", "Ja")
    _answer(page, "Vraag 2c:", "Nee")
    _answer(page, "Vraag 2d:", "Nee")
    _answer(page, "Vraag 2e:", "Ja")
    _answer(page, "Afweging a:", "Ja")
    _answer(page, "Afweging b:", "Ja")
    _answer(page, "Afweging c:", "Weet ik (nog) niet")
    page.get_by_role("button", name="Bekijk de uitkomst").click()

    expect(page).to_have_url(re.compile(r"/meldcode/uitkomst\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitkomst: Melden is noodzakelijk")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Er is sprake van structurele onveiligheid.")
    expect(main).to_contain_text("Melden is noodzakelijk, ook als u zelf hulp biedt")
    expect(main).to_contain_text("andere gezinsleden dan uw eigen cliënt tellen ook mee")
    expect(page.get_by_role("heading", name=re.compile("Besluit 2"))).to_be_visible()
    expect(main).to_contain_text("0800-2000")
    check_page(page, screenshot, "meldcode-uitkomst")

    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Antwoorden aanpassen")).to_be_hidden()
    expect(page.get_by_role("link", name="Over Zicht")).to_be_hidden()
    screenshot("meldcode-uitkomst-print", page)
