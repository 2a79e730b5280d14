"""The demo seed: one confirmed and one sent handover on demo cases in the handover phase."""

import pytest

from tests.cases.factories import open_case
from zicht.cases.models import Case, HolderType
from zicht.cases.services import current_period
from zicht.cases.workflow import Phase
from zicht.demo import handover as demo
from zicht.handover.models import Handover, HandoverStatus

pytestmark = pytest.mark.django_db


def test_seed_adds_a_confirmed_and_a_sent_handover_once(case_worker, case, team, partner):
    """R-HO-1, R-HO-5 in the demo: the confirmed one lies with the partner, the sent one with VT."""
    second = open_case(user=case_worker, team=team, phase=Phase.HANDOVER)
    Case.objects.filter(pk=second.pk).update(municipality=case.municipality)

    assert demo.seed() == 2
    assert demo.seed() == 0
    confirmed = Handover.objects.get(case=case)
    sent = Handover.objects.get(case=second)
    assert confirmed.status == HandoverStatus.ACCEPTED
    assert sent.status == HandoverStatus.SENT
    assert current_period(case).holder_type == HolderType.PARTNER
    assert current_period(second).holder_type == HolderType.VT
