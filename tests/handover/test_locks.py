"""Locks as meant (issue 16, R2): a partner's answer locks the case and its own handover rows,
never the partner agency; the case is locked first everywhere, so an answer and a worker's
hand-back wait for each other instead of deadlocking, and the later one is refused, not lost."""

import pytest
from django.db import transaction

from tests import letter_templates
from tests.concurrency import held_open, needs_postgresql
from tests.handover.conftest import LINK_BASE, send, token_of
from zicht.cases.models import Case, HolderType
from zicht.cases.services import StaleVersion, current_period
from zicht.handover import services
from zicht.handover.models import Handover, HandoverStatus
from zicht.handover.services import Decision
from zicht.organisation.models import PartnerAgency

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _templates(db):
    letter_templates.restore()  # an earlier transactional test emptied the database


def _accept(link):
    return services.handover_answer_by_link(
        token=token_of(link), decision=Decision.ACCEPT, link_base=LINK_BASE
    )


def _hand_back(user, handover, version):
    return services.handover_hand_back(
        user=user,
        handover=handover,
        by="household",
        reason="Moeder belt: het gezin wil het wijkteam niet.",
        expected_version=version,
    )


def test_a_partners_answer_does_not_lock_the_partner_agency(case_worker, case, partner):
    """R-HO-5: while one answer is being saved, the partner agency's row stays free, so the
    answers of one agency's many handovers do not queue behind each other."""
    _, link = send(case_worker, case, partner)
    with held_open(lambda: _accept(link)), transaction.atomic():
        locked = PartnerAgency.objects.select_for_update(nowait=True).get(pk=partner.pk)
    assert locked.pk == partner.pk


def test_a_hand_back_during_an_answer_waits_and_is_refused_as_stale(case_worker, case, partner):
    """R-HO-6, R-ZOV-1: the worker opened the case before the partner accepted; their hand-back
    waits for the answer's lock (no deadlock) and is then refused: nothing is overwritten."""
    handover, link = send(case_worker, case, partner)
    version = Case.objects.get(pk=case.pk).version
    with held_open(lambda: _accept(link), commit_after=0.5), pytest.raises(StaleVersion):
        _hand_back(case_worker, handover, version)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED
    assert current_period(case).holder_type == HolderType.PARTNER


def test_an_answer_during_a_hand_back_waits_and_is_refused(case_worker, case, partner):
    """R-HO-6: the household handed the case back while the partner was answering: the answer
    waits for the hand-back's lock, then finds the handover handed back and changes nothing."""
    handover, link = send(case_worker, case, partner)
    version = Case.objects.get(pk=case.pk).version
    hand_back = held_open(lambda: _hand_back(case_worker, handover, version), commit_after=0.5)
    with hand_back, pytest.raises(services.TokenRefused):  # the hand-back revoked the link
        _accept(link)
    handover = Handover.objects.get(pk=handover.pk)
    assert handover.status == HandoverStatus.HANDED_BACK
    assert current_period(case).holder_type == HolderType.VT
