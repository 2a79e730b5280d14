"""R-WL-1: recording the daily screening."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.screening.helpers import assess, register
from zicht.cases.models import Deadline, TimelineEvent
from zicht.core.errors import NotPermitted
from zicht.screening import services
from zicht.screening.models import Screening

pytestmark = pytest.mark.django_db


def test_acute_screening_starts_crisis_intervention_today(screener, team):
    """R-WL-1: direct danger always gets direct intervention: the crisis deadline starts, due
    today, and the case's timeline says so."""
    report = register(screener, team)
    services.screening_record(user=screener, report=report, note="Dreigt met wapen", acute=True)
    crisis = Deadline.objects.get(case=report.case, kind="crisis_action")
    assert crisis.due == timezone.localdate() and crisis.met_at is None
    event = TimelineEvent.objects.get(case=report.case, kind="screening_acute")
    assert "Dreigt met wapen" in event.summary and event.actor == screener


def test_non_acute_screening_starts_nothing(screener, team):
    """R-WL-1: a screening without direct danger records the note and nothing else."""
    report = register(screener, team)
    services.screening_record(
        user=screener, report=report, note="Geen nieuwe signalen", acute=False
    )
    assert not Deadline.objects.filter(case=report.case, kind="crisis_action").exists()
    assert not TimelineEvent.objects.filter(case=report.case, kind="screening_acute").exists()


def test_second_screening_same_day_replaces_the_first(screener, team):
    """R-WL-1: one screening per report per day; the second the same day replaces the first,
    and the history keeps what was replaced."""
    report = register(screener, team)
    colleague = UserFactory(full_name="Carla Collega")
    team.members.add(colleague)
    services.screening_record(user=screener, report=report, note="Rustig", acute=False)
    services.screening_record(user=colleague, report=report, note="Toch dreiging", acute=True)
    screening = Screening.objects.get(report=report)
    assert (screening.note, screening.acute, screening.screened_by) == (
        "Toch dreiging",
        True,
        colleague,
    )
    assert screening.history.count() == 2
    assert Deadline.objects.filter(case=report.case, kind="crisis_action").count() == 1


def test_a_new_day_gets_a_new_screening(screener, team):
    """R-WL-1: screened daily: each day its own row."""
    report = register(screener, team, received_at=timezone.now() - timedelta(days=2))
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        services.screening_record(user=screener, report=report, note="Dag 1", acute=False)
    services.screening_record(user=screener, report=report, note="Dag 2", acute=False)
    assert Screening.objects.filter(report=report).count() == 2


@pytest.mark.parametrize(
    ("note", "field"),
    [("", "note"), ("   ", "note"), ("x" * 501, "note")],
)
def test_bad_note_is_refused_naming_the_field(screener, team, note, field):
    """Bad input is refused with a Dutch message naming the field; nothing is saved."""
    report = register(screener, team)
    with pytest.raises(ValidationError) as error:
        services.screening_record(user=screener, report=report, note=note, acute=True)
    assert field in error.value.message_dict
    assert not Screening.objects.exists()
    assert not Deadline.objects.filter(kind="crisis_action").exists()


def test_assessed_report_is_not_screened(screener, team):
    """R-WL-1: screening is for reports still waiting for their assessment."""
    report = register(screener, team)
    assess(report, UserFactory())
    with pytest.raises(ValidationError) as error:
        services.screening_record(user=screener, report=report, note="Te laat", acute=False)
    assert "al beoordeeld" in error.value.message_dict["report"][0]


def test_front_office_may_not_screen(screener, team):
    """R-WL-1: screening for risk is safety assessment work (ASSESS_SAFETY)."""
    report = register(screener, team)
    front = UserFactory(role="front_office")
    with pytest.raises(NotPermitted, match="Uw rol mag geen meldingen screenen"):
        services.screening_record(user=front, report=report, note="Geprobeerd", acute=False)
