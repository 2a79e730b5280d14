"""Responsibility for safety: one holder at every moment, and the history can be asked (§5)."""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cases.factories import open_case
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.cases import selectors, services
from zicht.cases.models import HolderType, ResponsibilityPeriod
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db

HOLDERS = [HolderType.VT, HolderType.PARTNER, HolderType.HOUSEHOLD]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(HOLDERS), st.integers(min_value=1, max_value=500)), max_size=12
    )
)
def test_exactly_one_holder_at_every_moment(steps):
    """R-ZOV-1: random sequences of transfers keep exactly one open period, no gaps or overlaps,
    and responsible_at agrees with the ledger at every moment probed."""
    user = UserFactory()
    team = TeamFactory()
    partner = PartnerAgencyFactory()
    case = open_case(user=user, team=team)
    moment = case.opened_at
    expected = [(moment, HolderType.VT)]
    for holder, minutes in steps:
        moment = moment + timedelta(minutes=minutes)
        services.responsibility_transfer(
            user=user,
            case=case,
            holder_type=holder,
            team=team,
            worker=user,
            partner=partner,
            reason="test",
            at=moment,
        )
        expected.append((moment, holder))
    periods = list(ResponsibilityPeriod.objects.filter(case=case).order_by("started_at", "id"))
    assert sum(1 for p in periods if p.ended_at is None) == 1
    for earlier, later in itertools.pairwise(periods):
        assert earlier.ended_at == later.started_at  # no gap, no overlap
    for start, holder in expected:
        probe = start + timedelta(seconds=30)
        later_starts = [s for s, _ in expected if s > start]
        if later_starts and probe >= min(later_starts):
            continue
        assert selectors.responsible_at(case=case, moment=probe).holder_type == holder
    assert selectors.responsible_at(case=case, moment=case.opened_at - timedelta(days=1)) is None


def test_report_received_makes_vt_responsible():
    """R-ZOV-2: from the opening of a case (a report received) VT holds responsibility."""
    user = UserFactory()
    team = TeamFactory()
    case = open_case(user=user, team=team)
    period = selectors.responsible_at(case=case, moment=timezone.now())
    assert period.holder_type == HolderType.VT and period.team == team and period.worker == user


def test_closing_hands_to_household_and_reopening_back_to_vt():
    """R-ZOV-2: closing passes responsibility to the household; a new report gives it back to VT."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory(), phase=Phase.CLOSED)
    assert services.current_period(case).holder_type == HolderType.HOUSEHOLD
    case = services.case_transition(
        user=user, case=case, target=Phase.ASSESSMENT, expected_version=case.version
    )
    assert services.current_period(case).holder_type == HolderType.VT


def test_hand_back_from_partner_returns_to_vt():
    """R-ZOV-2: a hand-back (handover → assessment) makes VT responsible again."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory(), phase=Phase.HANDOVER)
    services.responsibility_transfer(
        user=user,
        case=case,
        holder_type=HolderType.PARTNER,
        partner=PartnerAgencyFactory(),
        reason="Geaccepteerd",
    )
    case.refresh_from_db()
    services.case_transition(
        user=user, case=case, target=Phase.ASSESSMENT, expected_version=case.version
    )
    assert services.current_period(case).holder_type == HolderType.VT


def test_database_refuses_a_second_open_period():
    """R-ZOV-1: the database itself refuses two open periods for one case."""
    user = UserFactory()
    team = TeamFactory()
    case = open_case(user=user, team=team)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResponsibilityPeriod.objects.create(
            case=case,
            holder_type=HolderType.VT,
            team=team,
            started_at=timezone.now(),
            reason="dubbel",
            created_by=user,
        )


def test_transfer_needs_partner_and_reason():
    """R-ZOV-1: a holder is always named: a partner transfer names the partner, with a reason."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory())
    with pytest.raises(ValidationError) as error:
        services.responsibility_transfer(
            user=user, case=case, holder_type=HolderType.PARTNER, reason="x"
        )
    assert "partner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.responsibility_transfer(
            user=user, case=case, holder_type=HolderType.HOUSEHOLD, reason=" "
        )
    assert "reason" in error.value.message_dict
    assert ResponsibilityPeriod.objects.filter(case=case).count() == 1
