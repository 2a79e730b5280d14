"""Page titles (issue 20.4, WCAG 2.4.2): plain text, short, and "Fout: " on a page re-shown with
errors. The browser suite checks every page (tests/e2e/page_checks.py); these pin the causes."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template

from tests.cases.factories import open_case
from tests.factories import TeamFactory
from zicht.cases import services
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(response) -> str:
    match = TITLE.search(response.content.decode())
    assert match, "geen <title>"
    return match.group(1)


def test_case_page_title_is_the_number_only(worker_client, case_worker):
    """The case page's title held the whole change history with its markup (issue 20.4)."""
    case = open_case(user=case_worker, team=TeamFactory())
    title = title_of(worker_client.get(f"/dossiers/{case.number}"))
    assert title == f"Dossier {case.number} — Zicht"


def test_stale_save_prefixes_the_title(worker_client, case_worker):
    """A form re-shown after a stale save (409) says so in the title."""
    case = open_case(user=case_worker, team=TeamFactory())
    opened = case.version
    services.case_transition(
        user=case_worker, case=case, target=Phase.INVESTIGATION, expected_version=opened
    )
    response = worker_client.post(
        f"/dossiers/{case.number}/fase",
        {"version": opened, "target": "closed", "reason": "dubbel"},
    )
    assert response.status_code == 409
    assert title_of(response) == f"Fout: Dossier {case.number} — Zicht"


def test_form_with_errors_prefixes_the_title(worker_client):
    """A form re-shown with field errors: "Fout: " before the normal title."""
    assert title_of(worker_client.get("/personen/nieuw")) == "Nieuwe persoon registreren — Zicht"
    response = worker_client.post("/personen/nieuw", {})
    assert response.status_code in (200, 400)
    assert title_of(response) == "Fout: Nieuwe persoon registreren — Zicht"


def test_report_form_errors_prefix_the_title(worker_client):
    """The report form keeps its own list of errors (not a Django form): prefixed too."""
    response = worker_client.post("/meldingen/nieuw", {"rijen": "1"})
    assert title_of(response).startswith("Fout: Nieuwe melding")


def test_long_title_is_cut_short(rf):
    """A title stays short whatever a name holds: ≤ 80 characters with the suffix."""
    request = rf.get("/")
    request.user = AnonymousUser()
    page = Template(
        '{% extends "base.html" %}{% block title %}Persoon '
        + "Van Heeckeren " * 20
        + "{% endblock %}"
    ).render(RequestContext(request, {}))
    title = TITLE.search(page).group(1)
    assert len(title) <= 80 and title.startswith("Persoon Van Heeckeren") and "<" not in title
