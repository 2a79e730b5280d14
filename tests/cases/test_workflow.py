"""The workflow table: every allowed and every refused transition, and who may make it."""

import itertools

import pytest

from tests.factories import UserFactory
from zicht.accounts.policy import Role
from zicht.cases.workflow import TRANSITIONS, Phase, TransitionRefused, check_transition
from zicht.core.errors import NotPermitted

ALLOWED = {
    (Phase.ASSESSMENT, Phase.CLOSED),
    (Phase.ASSESSMENT, Phase.HANDOVER),
    (Phase.ASSESSMENT, Phase.CONDITIONS),
    (Phase.ASSESSMENT, Phase.INVESTIGATION),
    (Phase.CONDITIONS, Phase.HANDOVER),
    (Phase.CONDITIONS, Phase.MONITORING),
    (Phase.INVESTIGATION, Phase.CONDITIONS),
    (Phase.INVESTIGATION, Phase.HANDOVER),
    (Phase.INVESTIGATION, Phase.MONITORING),
    (Phase.HANDOVER, Phase.MONITORING),
    (Phase.HANDOVER, Phase.CLOSED),
    (Phase.HANDOVER, Phase.ASSESSMENT),
    (Phase.MONITORING, Phase.CLOSED),
    (Phase.MONITORING, Phase.INVESTIGATION),
    (Phase.CLOSED, Phase.ASSESSMENT),
}
ALL_PAIRS = list(itertools.product(Phase, Phase))


def test_table_is_exactly_the_flow():
    assert set(TRANSITIONS) == ALLOWED


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_transition_for_case_worker(source, target):
    worker = UserFactory.build(role=Role.CASE_WORKER)
    assert check_transition(worker, source, target).target == target


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_refused_transition(source, target):
    worker = UserFactory.build(role=Role.CASE_WORKER)
    with pytest.raises(TransitionRefused, match="kan een dossier niet naar"):
        check_transition(worker, source, target)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_policy_control_may_make_no_transition(source, target):
    analyst = UserFactory.build(role=Role.POLICY_CONTROL)
    with pytest.raises(NotPermitted, match="Uw rol mag"):  # a right, not the phase: 403
        check_transition(analyst, source, target)


@pytest.mark.django_db
def test_front_office_may_only_reopen():
    """R-REP-5: intake staff reopen a closed case with a new report, nothing else."""
    front = UserFactory.build(role=Role.FRONT_OFFICE)
    assert check_transition(front, Phase.CLOSED, Phase.ASSESSMENT)
    with pytest.raises(NotPermitted):
        check_transition(front, Phase.ASSESSMENT, Phase.INVESTIGATION)
