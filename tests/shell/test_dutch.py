"""Dutch as the Dutch write it (issue 16.7): dates through Django's nl formats ("do 10 dec.
2026"), never a format spelled out in a template; "1 actief dossier"; timeline filter names."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format

import zicht
from tests.cases.factories import household_with, open_case
from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from zicht.cases import services
from zicht.cases.timeline_kinds import LABELS

SRC = Path(zicht.__file__).parent
NAMED_FORMATS = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "c",
}  # "c": ISO 8601 for datetime=""


def test_dates_read_as_dutch_dates():
    with translation.override("nl"):
        assert date_format(date(2026, 12, 10)) == "do 10 dec. 2026"
        assert date_format(date(2026, 5, 14)) == "do 14 mei 2026"  # "mei" has no full stop
        assert date_format(datetime(2026, 12, 10, 14, 5, tzinfo=UTC), "DATETIME_FORMAT") == (
            "do 10 dec. 2026 14:05"
        )


def test_no_template_spells_out_a_date_format():
    """Every `date` filter names one of the locale's formats (formats/nl/formats.py)."""
    hand_made = [
        f"{path.relative_to(SRC)}: {fmt}"
        for path in SRC.rglob("templates/**/*.html")
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text(encoding="utf-8"))
        if fmt not in NAMED_FORMATS
    ]
    assert hand_made == []


@pytest.mark.django_db
def test_one_unassigned_case_is_one_actief_dossier():
    team = TeamFactory()
    leader = UserFactory(team_leader=True)
    team.members.add(leader)
    services.case_open(user=leader, household=household_with("Jansen"), team=team, worker=None)
    body = verified_client(leader).get("/team").content.decode()
    assert "1 actief dossier zonder medewerker" in body


def test_every_timeline_kind_the_code_writes_has_a_dutch_name():
    written = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"timeline_add\((.{0,400}?)\)\n", text, re.S):
            written.update(re.findall(r'kind="([a-z_]+)"', call.group(1)))
    assert written and written <= set(LABELS), sorted(written - set(LABELS))


@pytest.mark.django_db
def test_timeline_filter_shows_names_not_codes(worker_client, case_worker):
    case = open_case(user=case_worker, team=TeamFactory())
    body = worker_client.get(f"/dossiers/{case.number}").content.decode()
    filter_part = body[
        body.index('<select id="soort"') : body.index("</select>", body.index('<select id="soort"'))
    ]
    assert '<option value="case_opened">Dossier geopend</option>' in filter_part
    assert ">case_opened<" not in filter_part
