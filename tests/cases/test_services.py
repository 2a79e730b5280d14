"""Case services: numbers, stale edits, linking earlier cases, emergency access."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction

from tests.cases.factories import household_with, open_case
from tests.concurrency import needs_postgresql
from tests.factories import TeamFactory, UserFactory
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.cases import services
from zicht.cases.models import Case, CaseNumberCounter, EmergencyAccess
from zicht.cases.services import StaleVersion
from zicht.cases.workflow import Phase, TransitionRefused

pytestmark = pytest.mark.django_db


def test_case_numbers_are_per_year_and_sequential():
    user = UserFactory()
    team = TeamFactory()
    first = open_case(user=user, team=team)
    second = open_case(user=user, team=team)
    year, seq = first.number.split("-")
    assert len(seq) == 6
    assert second.number == f"{year}-{int(seq) + 1:06d}"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_openings_get_consecutive_numbers_and_a_rollback_leaves_no_gap():
    """Case numbers under parallel intake: the first case of the year creates the counter row
    while others race for it, every number is given once, and a transaction that rolls back
    after taking a number gives it back (the numbers stay consecutive)."""
    user, team = UserFactory(), TeamFactory()
    team.members.add(user)
    households = [household_with(f"Gezin{n}", f"Gezin{n}") for n in range(13)]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_some(offset: int) -> None:
        try:
            start.wait()
            for household in households[offset * 3 : offset * 3 + 3]:
                services.case_open(user=user, household=household, team=team)
            if offset == 0:  # takes a number, then fails
                with transaction.atomic():
                    services.case_open(user=user, household=households[12], team=team)
                    transaction.set_rollback(True)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_some, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    numbers = sorted(Case.objects.values_list("number", flat=True))
    year = numbers[0].split("-")[0]
    assert numbers == [f"{year}-{n:06d}" for n in range(1, 13)]
    assert CaseNumberCounter.objects.get(year=int(year)).last == 12


def test_stale_version_is_refused_and_nothing_changes():
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory())
    opened_with = case.version
    services.case_transition(
        user=user, case=case, target=Phase.INVESTIGATION, expected_version=opened_with
    )
    with pytest.raises(StaleVersion, match="intussen door iemand anders gewijzigd"):
        services.case_transition(
            user=user, case=case, target=Phase.CLOSED, expected_version=opened_with
        )
    case.refresh_from_db()
    assert case.phase == Phase.INVESTIGATION
    assert case.phase_changes.count() == 2


def test_refused_transition_leaves_the_case_alone():
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory())
    with pytest.raises(TransitionRefused):
        services.case_transition(
            user=user, case=case, target=Phase.MONITORING, expected_version=case.version
        )
    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT and case.version == 1


def test_new_case_links_earlier_cases_of_the_same_persons():
    """R-REP-5: a new case about a person of an earlier (closed) case links it as history."""
    user = UserFactory()
    team = TeamFactory()
    household = household_with("Bakker", "Bakker")
    earlier = open_case(user=user, team=team, household=household, phase=Phase.CLOSED)
    new_household = household_with("Smit")
    new_household.members.create(person=household.members.first().person, role="victim")
    later = open_case(user=user, team=team, household=new_household)
    assert list(later.earlier_cases.all()) == [earlier]


def test_closed_case_can_be_reopened():
    """R-REP-5: a closed case can be reopened by a new report."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory(), phase=Phase.CLOSED)
    case = services.case_transition(
        user=user,
        case=case,
        target=Phase.ASSESSMENT,
        expected_version=case.version,
        reason="Nieuwe melding",
    )
    assert case.phase == Phase.ASSESSMENT and case.closed_at is None


def test_assignment_moves_responsibility_within_vt():
    """R-ZOV-1: a new worker while VT holds responsibility shows in the ledger."""
    user = UserFactory()
    team = TeamFactory()
    colleague = UserFactory()
    team.members.add(colleague)
    case = open_case(user=user, team=team)
    services.case_assign(
        user=user, case=case, expected_version=case.version, team=team, worker=colleague
    )
    assert services.current_period(case).worker == colleague
    with pytest.raises(ValidationError):
        services.case_assign(
            user=user, case=case, expected_version=None, team=TeamFactory(), worker=colleague
        )


def test_emergency_access_needs_a_reason_and_is_logged():
    """R-PRIV-3: opening a case outside one's scope needs a reason and is logged as such."""
    owner = UserFactory()
    case = open_case(user=owner, team=TeamFactory())
    outsider = UserFactory()
    assert not Case.objects.visible_to(outsider).filter(pk=case.pk).exists()
    with pytest.raises(ValidationError):
        services.emergency_access_grant(user=outsider, number=case.number, reason="kort")
    services.emergency_access_grant(
        user=outsider, number=case.number, reason="Crisisdienst belt over dit gezin"
    )
    assert Case.objects.visible_to(outsider).filter(pk=case.pk).exists()
    assert EmergencyAccess.objects.get().reason == "Crisisdienst belt over dit gezin"
    entry = AccessLogEntry.objects.filter(event=AccessEvent.EMERGENCY).first()
    assert entry.reason == "Crisisdienst belt over dit gezin" and entry.case_number == case.number


def test_policy_control_sees_no_cases():
    """R-PRIV-3: policy/control has no access to client data at all."""
    owner = UserFactory()
    team = TeamFactory()
    open_case(user=owner, team=team)
    analyst = UserFactory(policy_control=True)
    team.members.add(analyst)
    assert not Case.objects.visible_to(analyst).exists()


def test_deadlines_follow_their_case_into_the_worklists():
    """R-DL-3: an open deadline shows in the worklist of the case's current team and worker,
    and leaves the worklists while the case is closed."""
    from django.utils import timezone

    from zicht.cases import selectors
    from zicht.cases.models import Deadline

    user = UserFactory()
    north, south = TeamFactory(), TeamFactory()
    other = UserFactory()
    south.members.add(other)
    case = open_case(user=user, team=north)
    services.deadline_start(case=case, kind="assessment", start=timezone.localdate())

    def listed(deadlines):
        return list(selectors.open_deadlines(deadlines=deadlines).values_list("case", flat=True))

    north_rows = selectors.team_deadlines(teams=north.__class__.objects.filter(pk=north.pk))
    south_rows = selectors.team_deadlines(teams=south.__class__.objects.filter(pk=south.pk))
    assert listed(north_rows) == [case.pk]
    case = services.case_assign(
        user=user, case=case, expected_version=case.version, team=south, worker=other
    )
    assert listed(north_rows) == [] and listed(south_rows) == [case.pk]
    assert listed(selectors.my_deadlines(user=other)) == [case.pk]
    case = services.case_transition(
        user=user, case=case, target=Phase.CLOSED, expected_version=case.version
    )
    assert listed(south_rows) == [] and listed(selectors.my_deadlines(user=other)) == []
    services.case_transition(
        user=user, case=case, target=Phase.ASSESSMENT, expected_version=case.version
    )
    assert listed(south_rows) == [case.pk]
    assert Deadline.objects.get(case=case).case_active


def test_timeline_batch_inserts_its_events_together_at_the_end_in_order():
    """A service of many steps writes its timeline events in one insert when its block ends, in
    the order they were added; a nested batch joins the outer one; a block that raises writes
    none of them."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory())
    before = case.timeline.count()
    with services.timeline_batch():
        services.timeline_add(case=case, actor=user, kind="note", summary="eerste")
        with services.timeline_batch():
            services.deadlines_start(
                case=case, kinds=["assessment"], start=case.opened_at.date(), actor=user
            )
        services.timeline_add(case=case, actor=user, kind="note", summary="laatste")
        assert case.timeline.count() == before  # nothing yet
    added = list(case.timeline.order_by("id")[before:].values_list("summary", flat=True))
    assert added[0] == "eerste" and added[2] == "laatste"
    assert added[1].startswith("Termijn gestart: Veiligheidsbeoordeling afronden")
    with pytest.raises(RuntimeError), transaction.atomic(), services.timeline_batch():
        services.timeline_add(case=case, actor=user, kind="note", summary="vergeten")
        raise RuntimeError
    assert not case.timeline.filter(summary="vergeten").exists()


def test_vt_responsible_again_takes_it_back_once_with_the_cases_team_and_worker():
    """R-ZOV-1, R-HO-6: one service makes VT responsible again (hand-back, dispute, new report):
    from a partner to the case's own team and worker, with the reason; when VT already holds it,
    nothing changes (no second period, no version raised)."""
    from tests.factories import PartnerAgencyFactory
    from zicht.cases.models import HolderType, ResponsibilityPeriod

    user, team = UserFactory(), TeamFactory()
    team.members.add(user)
    case = open_case(user=user, team=team)
    services.case_assign(
        user=user, case=case, expected_version=case.version, team=team, worker=user
    )
    case.refresh_from_db()
    services.responsibility_transfer(
        user=user,
        case=case,
        holder_type=HolderType.PARTNER,
        partner=PartnerAgencyFactory(),
        reason="Overdracht opgepakt",
    )
    with transaction.atomic():
        locked = services.case_lock(case, None)
        period = services.vt_responsible_again(user=user, case=locked, reason="Teruggelegd")
    assert period is not None
    assert (period.holder_type, period.team, period.worker) == (HolderType.VT, team, user)
    assert period.reason == "Teruggelegd"
    version = Case.objects.get(pk=case.pk).version
    with transaction.atomic():
        locked = services.case_lock(case, None)
        again = services.vt_responsible_again(user=user, case=locked, reason="Nog eens")
    assert again is None
    assert Case.objects.get(pk=case.pk).version == version
    assert ResponsibilityPeriod.objects.filter(case=case, ended_at__isnull=True).count() == 1
