"""Deadlines whose obligation falls away (R-DL-3): ended as lapsed with the reason, neither met
nor left open on a worklist."""

import pytest
from django.utils import timezone

from tests.cases.factories import open_case
from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from zicht.cases import services
from zicht.cases.deadlines import Status, with_status
from zicht.cases.models import Deadline, TimelineEvent
from zicht.cases.selectors import my_deadlines, open_deadlines
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    user = UserFactory()
    TeamFactory().members.add(user)
    return user


def _conditions_case(worker):
    case = open_case(user=worker, team=worker.teams.first(), phase=Phase.CONDITIONS)
    services.deadline_start(case=case, kind="conditions_done", start=timezone.localdate())
    return case


def test_leaving_conditions_lapses_its_deadline_with_the_reason(worker):
    """R-DL-3, R-VV-3: the case is handed over while "Voorwaarden en vervolg afronden" is open:
    the obligation fell away; the deadline ends as lapsed (not met), with why, on the timeline,
    and leaves the worker's list."""
    case = _conditions_case(worker)
    services.case_transition(user=worker, case=case, target=Phase.HANDOVER, expected_version=None)

    deadline = with_status(Deadline.objects.filter(case=case), timezone.localdate()).get(
        kind="conditions_done"
    )
    assert deadline.status == Status.LAPSED
    assert deadline.status_label == "Vervallen"
    assert deadline.met_at is not None
    assert deadline.lapsed_reason == (
        "Het dossier ging van Voorwaarden en vervolg naar Overdracht."
    )
    assert not open_deadlines(deadlines=my_deadlines(user=worker), kind="conditions_done")
    event = TimelineEvent.objects.get(case=case, kind="deadline_lapsed")
    assert event.summary.startswith("Termijn vervallen: Voorwaarden en vervolg afronden.")
    assert not TimelineEvent.objects.filter(case=case, kind="deadline_met").exists()


def test_a_met_deadline_stays_met_when_the_phase_ends(worker):
    """R-DL-3: only what is still open lapses; a deadline met before the case moves on is
    not rewritten."""
    case = _conditions_case(worker)
    services.deadline_meet(case=case, kind="conditions_done", user=worker)
    services.case_transition(user=worker, case=case, target=Phase.MONITORING, expected_version=None)
    deadline = Deadline.objects.get(case=case, kind="conditions_done")
    assert deadline.lapsed_reason == ""


def test_deadlines_of_the_case_itself_do_not_lapse_with_a_phase(worker):
    """R-DL-3: the assessment deadline belongs to no phase and is not ended by a transition."""
    case = open_case(user=worker, team=worker.teams.first())
    services.deadline_start(case=case, kind="assessment", start=timezone.localdate())
    services.case_transition(user=worker, case=case, target=Phase.CONDITIONS, expected_version=None)
    assert Deadline.objects.get(case=case, kind="assessment").met_at is None


def test_the_case_page_shows_a_lapsed_deadline_with_its_reason(worker):
    """R-DL-3: the case page names the lapsed deadline and why it lapsed."""
    case = _conditions_case(worker)
    services.case_transition(user=worker, case=case, target=Phase.HANDOVER, expected_version=None)
    body = verified_client(worker).get(f"/dossiers/{case.number}").content.decode()
    assert "Vervallen" in body
    assert "Het dossier ging van Voorwaarden en vervolg naar Overdracht." in body
