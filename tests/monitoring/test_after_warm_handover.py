"""R-MON-1 along the real path: conditions & follow-up → warm handover → the partner accepts →
the case is in monitoring, cannot close without it, and the plan starts from the agreements made
at the handover."""

import pytest
from django.utils import timezone

from tests.conditions.conftest import LINK_BASE, MEETING, acknowledge, into_conditions, plan, warm
from tests.conftest import verified_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from tests.handover.conftest import token_of
from tests.monitoring.conftest import start
from zicht.accounts.policy import Role
from zicht.cases.services import case_transition
from zicht.cases.workflow import Phase, TransitionRefused
from zicht.handover import services as handover
from zicht.handover.services import Decision
from zicht.monitoring.models import Basis

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    team = TeamFactory()
    author = UserFactory(full_name="Anna Auteur")
    scientist = UserFactory(full_name="Bram Gedrag", role=Role.BEHAVIOURAL_SCIENTIST)
    team.members.add(author, scientist)
    case = into_conditions(author, scientist)
    acknowledge(author, case)
    plan(author, case)
    case.refresh_from_db()
    partner = PartnerAgencyFactory(name="Wijkteam Testdorp", address="Postbus 7, 1234 AA Testdorp")
    _, link = warm(author, case, partner)
    handover.handover_answer_by_link(
        token=token_of(link), decision=Decision.ACCEPT, link_base=LINK_BASE
    )
    case.refresh_from_db()
    return author, case


def test_after_the_warm_handover_the_case_is_monitored_and_cannot_close_without(accepted):
    """R-MON-1: the accepted warm handover leads into monitoring; closing without a plan that
    found lasting safety is refused."""
    author, case = accepted
    assert case.phase == Phase.MONITORING
    with pytest.raises(TransitionRefused, match="R-MON-1"):
        case_transition(user=author, case=case, target=Phase.CLOSED, expected_version=None)


def test_the_plan_starts_from_the_handover_s_agreements(accepted):
    """R-MON-1, R-MON-2: the start page offers the monitoring agreements made at the warm
    handover; the plan needs no reason of its own."""
    author, case = accepted
    page = verified_client(author).get(f"/dossiers/{case.number}/monitoren/starten")
    assert MEETING.monitoring_agreements in page.content.decode()
    started = start(author, case, started_on=timezone.localdate())
    assert started.basis == Basis.AFTER_INVOLVEMENT
