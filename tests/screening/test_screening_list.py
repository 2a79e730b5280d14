"""R-WL-1: the daily screening list — which reports, in which order, in whose scope."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from tests.people.factories import PersonFactory
from tests.screening.helpers import assess, register
from zicht.people.models import HouseholdRole, Person
from zicht.screening import selectors, services

pytestmark = pytest.mark.django_db

ADULTS = (HouseholdRole.VICTIM, HouseholdRole.ALLEGED_PERPETRATOR)
WITH_CHILD = (HouseholdRole.PARENT_CARER, HouseholdRole.CHILD)


def _numbers(user):
    return [r.case.number for r in selectors.screening_list(user=user)]


def test_only_unassessed_reports_are_listed(screener, team):
    """R-WL-1: every report whose assessment is still open is on the list, an assessed one not."""
    waiting = register(screener, team)
    done = register(screener, team)
    assess(done, UserFactory())
    assert _numbers(screener) == [waiting.case.number]


def test_order_acute_then_children_then_oldest(screener, team):
    """R-WL-1: acute reports first, then reports with children involved, then the oldest."""
    now = timezone.now()
    old_adults = register(screener, team, received_at=now - timedelta(days=9))
    newer_adults = register(screener, team, received_at=now - timedelta(days=2))
    child_new = register(screener, team, received_at=now - timedelta(days=1), roles=WITH_CHILD)
    child_old = register(screener, team, received_at=now - timedelta(days=5), roles=WITH_CHILD)
    acute_newest = register(screener, team, received_at=now)
    services.screening_record(user=screener, report=acute_newest, note="Dreiging", acute=True)
    assert _numbers(screener) == [
        r.case.number for r in (acute_newest, child_old, child_new, old_adults, newer_adults)
    ]


def test_open_crisis_deadline_counts_as_acute(screener, team):
    """R-WL-1: a report whose case has an open crisis intervention is acute without a screening."""
    from zicht.cases import services as case_services

    plain = register(screener, team, received_at=timezone.now() - timedelta(days=3))
    crisis = register(screener, team)
    case_services.deadline_start(case=crisis.case, kind="crisis_action", start=timezone.localdate())
    rows = list(selectors.screening_list(user=screener))
    assert [r.pk for r in rows] == [crisis.pk, plain.pk]
    assert [r.acute for r in rows] == [True, False]


def test_the_latest_screening_decides_acute(screener, team):
    """R-WL-1: acute is the latest judgement (or an open crisis intervention): yesterday's
    "not acute" does not hide today's direct danger."""
    import time_machine

    report = register(screener, team, received_at=timezone.now() - timedelta(days=3))
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        services.screening_record(user=screener, report=report, note="Rustig", acute=False)
    assert selectors.screening_list(user=screener).get().acute is False
    services.screening_record(user=screener, report=report, note="Nu dreiging", acute=True)
    assert selectors.screening_list(user=screener).get().acute is True


def test_a_minor_by_date_of_birth_counts_as_child(screener, team):
    """R-WL-1: a person under 18 by date of birth counts as a child involved, whatever the role."""
    year = timezone.localdate().year
    minor = register(screener, team, roles=(HouseholdRole.VICTIM,), birth_year=year - 15)
    adult = register(screener, team, roles=(HouseholdRole.VICTIM,), birth_year=year - 40)
    flags = {r.pk: r.children for r in selectors.screening_list(user=screener)}
    assert flags == {minor.pk: True, adult.pk: False}


@pytest.mark.parametrize(
    ("birth", "minor"),
    [
        ((2008, 11, 24), True),  # 18 tomorrow
        ((2008, 11, 23), False),  # 18 today
        ((2008, 11, None), True),  # could be 18 only later this month
        ((2008, 10, None), False),
        ((2008, None, None), True),  # could still be 17
        ((2007, None, None), False),
        ((2010, 1, 1), True),
        ((None, None, None), False),  # nothing known: no reason to count a child
    ],
)
def test_minor_with_partial_dates(birth, minor):
    """R-WL-1: a partial date of birth counts as a minor when the person could be one."""
    year, month, day = birth
    person = PersonFactory(birth_year=year, birth_month=month, birth_day=day)
    matched = Person.objects.filter(selectors._minor("", date(2026, 11, 23)), pk=person.pk)
    assert matched.exists() is minor


def test_household_child_counts_too(screener, team):
    """R-WL-1: a child in the case's household counts, also when the report does not name it."""
    from zicht.people import services as people_services

    report = register(screener, team)
    people_services.household_add_member(
        user=screener,
        household=report.case.household,
        person=PersonFactory(),
        role=HouseholdRole.CHILD,
    )
    assert selectors.screening_list(user=screener).get().children is True


def test_out_of_scope_reports_are_never_shown(screener, team):
    """R-WL-1, R-PRIV-3: another team's reports are not on the screener's list."""
    other_team = TeamFactory(name="Team Zuid")
    colleague = UserFactory()
    other_team.members.add(colleague)
    register(colleague, other_team)
    mine = register(screener, team)
    assert _numbers(screener) == [mine.case.number]
    assert _numbers(colleague) != _numbers(screener)


def test_roles_without_screening_right_see_nothing(team, screener):
    """R-WL-1: the list is for staff who assess safety; front office and policy see none."""
    register(screener, team)
    front = UserFactory(role="front_office")
    policy = UserFactory(policy_control=True)
    team.members.add(front, policy)
    assert _numbers(front) == [] and _numbers(policy) == []
