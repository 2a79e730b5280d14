"""Errors on radio and checkbox groups are linked to the group (issue 20.6, WCAG 1.3.1/3.3.1):
the fieldset's aria-describedby names the element that holds the group's error."""

import re

import pytest

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.screening.helpers import register

pytestmark = pytest.mark.django_db

FIELDSET = re.compile(r"<fieldset[^>]*>", re.S)


def described_groups(page: str) -> dict[str, str]:
    """For every fieldset with aria-describedby: each id it names → the fieldset's opening tag."""
    named = {}
    for tag in FIELDSET.findall(page):
        match = re.search(r'aria-describedby="([^"]+)"', tag)
        for ref in match.group(1).split() if match else ():
            named[ref] = tag
    return named


def assert_group_errors_linked(page: str, *names: str) -> None:
    named = described_groups(page)
    for name in names:
        error_id = f"id_{name}_error"
        assert error_id in named, f"{name}: de groep verwijst niet naar haar fout"
        assert re.search(rf'<p class="field__error" id="{error_id}">', page), error_id
    for ref in named:  # nothing points at an element that is not there
        assert f'id="{ref}"' in page, ref


def test_report_form_links_caller_kind_and_violence_types(worker_client):
    response = worker_client.post("/meldingen/nieuw", {"rijen": "1"})
    assert_group_errors_linked(response.content.decode(), "caller_kind", "violence_types")


def test_advice_form_links_caller_kind_and_outcome(db):
    user = UserFactory()
    TeamFactory().members.add(user)
    response = verified_client(user).post("/adviezen/nieuw", {})
    assert_group_errors_linked(response.content.decode(), "caller_kind", "framework_outcome")


def test_screening_form_links_acute(db):
    team = TeamFactory()
    screener = UserFactory()
    team.members.add(screener)
    report = register(screener, team)
    response = verified_client(screener).post(f"/screening/meldingen/{report.pk}", {"note": "x"})
    assert response.status_code == 400
    assert_group_errors_linked(response.content.decode(), "acute")
