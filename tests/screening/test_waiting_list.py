"""R-WL-2: backlog, trend, rates and the escalation signal, computed from the database."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.screening.helpers import assess, register
from zicht.core.errors import NotPermitted
from zicht.screening import selectors, services
from zicht.screening.models import WaitingListEscalation

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=AMS)  # a Monday


def _at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=AMS)


@pytest.fixture
def history(screener, team):
    """Four reports: C came before the trend window and waited long; A and D were assessed; B
    still waits. Seen from Monday 23 November 2026."""
    with time_machine.travel(TODAY, tick=False):
        assessor = UserFactory()
        a = register(screener, team, received_at=_at(2))
        b = register(screener, team, received_at=_at(12))
        c = register(screener, team, received_at=_at(20, 10))
        d = register(screener, team, received_at=_at(20))
        assess(a, assessor, at=_at(10))
        assess(c, assessor, at=_at(20))
        assess(d, assessor, at=datetime(2026, 11, 20, 16, 0, tzinfo=AMS))
        return a, b, c, d


def test_trend_is_the_end_of_day_backlog_of_28_days(history):
    """R-WL-2: the backlog at the end of each of the last 28 days, from received_at and the
    assessment's met_at."""
    with time_machine.travel(TODAY, tick=False):
        figures = selectors.waiting_list()
    trend = dict(figures.trend)
    assert len(figures.trend) == 28
    assert figures.trend[0][0] == date(2026, 10, 27) and figures.trend[-1][0] == date(2026, 11, 23)
    assert trend[date(2026, 10, 27)] == 1  # C
    assert trend[date(2026, 11, 2)] == 2  # C and A
    assert trend[date(2026, 11, 10)] == 1  # A assessed
    assert trend[date(2026, 11, 12)] == 2  # B came in
    assert trend[date(2026, 11, 20)] == 1  # C assessed, D in and out the same day
    assert trend[date(2026, 11, 23)] == figures.backlog == 1


def test_rates_over_20_working_days_and_signal(history):
    """R-WL-2: intake and assessment rates over the last 20 working days; at equal rates a
    non-zero backlog never clears, so the signal is on."""
    with time_machine.travel(TODAY, tick=False):
        figures = selectors.waiting_list()
    assert figures.window_start == date(2026, 10, 26)
    assert figures.intake_rate == pytest.approx(3 / 20)  # A, B, D (C came before the window)
    assert figures.assessment_rate == pytest.approx(3 / 20)  # A, C, D
    assert figures.days_to_clear is None
    assert figures.signal is True


def test_signal_switches_off_when_assessments_outpace_intake(screener, team):
    """R-WL-2: with intake ahead of assessments even a backlog of one is signalled; once
    assessments clearly outpace intake, it clears within 3 weeks and the signal is off."""
    with time_machine.travel(TODAY, tick=False):
        assessor = UserFactory()
        register(screener, team, received_at=_at(20))
        for day in (3, 4, 5, 6):
            assess(register(screener, team, received_at=_at(day)), assessor, at=_at(day + 7))
        before = selectors.waiting_list()
        # Six older reports (from before the window) assessed within it.
        for day in (16, 17, 18, 19, 20, 21):
            assess(register(screener, team, received_at=_at(20, 10)), assessor, at=_at(day))
        after = selectors.waiting_list()
    assert (before.backlog, before.intake_rate, before.assessment_rate) == (1, 0.25, 0.2)
    assert before.signal is True
    assert (after.backlog, after.intake_rate, after.assessment_rate) == (1, 0.25, 0.5)
    assert after.days_to_clear == pytest.approx(4.0)
    assert after.signal is False


def test_backlog_per_team_and_total(screener, team):
    """R-WL-2: the backlog is counted per team and in total."""
    other = TeamFactory(name="Team Zuid")
    colleague = UserFactory()
    other.members.add(colleague)
    register(screener, team)
    register(screener, team)
    register(colleague, other)
    figures = selectors.waiting_list()
    assert figures.per_team == [("Team Noord", 2), ("Team Zuid", 1)]
    assert figures.backlog == 3


def test_figures_take_a_fixed_number_of_queries(screener, team):
    """R-WL-2: the trend is computed in one query, not one per day."""
    register(screener, team)
    with CaptureQueriesContext(connection) as few:
        selectors.waiting_list()
    for _ in range(5):
        register(screener, team)
    with CaptureQueriesContext(connection) as many:
        selectors.waiting_list()
    assert len(many) == len(few) <= 4


def test_escalation_is_recorded_with_the_figures(leader, screener, team):
    """R-WL-2: the team leader records the escalation to the regional steering group; the
    figures of that moment are kept beside it."""
    register(screener, team)
    escalation = services.escalation_record(
        user=leader,
        escalated_on=timezone.localdate(),
        escalated_to="Regionale stuurgroep",
        note="Wachtlijst loopt op; extra capaciteit gevraagd.",
    )
    assert escalation.backlog == 1 and escalation.days_to_clear is None
    assert list(selectors.escalations()) == [escalation]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"escalated_on": None}, "escalated_on"),
        ({"escalated_on": date(2999, 1, 1)}, "escalated_on"),
        ({"escalated_to": " "}, "escalated_to"),
        ({"note": ""}, "note"),
    ],
)
def test_escalation_refuses_bad_input(leader, values, field):
    """R-WL-2: an escalation names its date, to whom and what was asked; nothing half-saved."""
    data = {"escalated_on": date(2026, 1, 5), "escalated_to": "Stuurgroep", "note": "Gevraagd"}
    with pytest.raises(ValidationError) as error:
        services.escalation_record(user=leader, **{**data, **values})
    assert field in error.value.message_dict
    assert not WaitingListEscalation.objects.exists()


def test_only_a_team_leader_records_an_escalation():
    """R-WL-2: escalating is the team leader's (LEAD_TEAM); policy/control sees figures only."""
    with pytest.raises(NotPermitted, match="Alleen een teamleider"):
        services.escalation_record(
            user=UserFactory(policy_control=True),
            escalated_on=date(2026, 1, 5),
            escalated_to="Stuurgroep",
            note="Gevraagd",
        )


def test_the_team_leader_sees_the_signal_on_the_start_page(screener, team):
    """R-WL-2: the signal reaches the team leader on the start page, with the way to escalate;
    a case worker does not get it, and without a backlog there is none."""
    leader = UserFactory(team_leader=True)
    team.members.add(leader)
    leader_client, worker_client = verified_client(leader), verified_client(screener)
    assert "niet binnen 3 weken" not in leader_client.get("/").content.decode()
    register(screener, team)  # intake, and nothing assessed: the backlog cannot clear
    home = leader_client.get("/").content.decode()
    assert "De wachtlijst is niet binnen 3 weken weg te werken" in home
    assert "1 melding wacht op de veiligheidsbeoordeling" in home
    assert 'href="/screening/wachtlijst"' in home
    assert "niet binnen 3 weken" not in worker_client.get("/").content.decode()
