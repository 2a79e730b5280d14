"""Demo cases and scale data from `seed_demo` (synthetic only), built as the services build them."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from zicht.accounts.models import Team, User
from zicht.assessment.models import Assessment
from zicht.audit.models import AccessLogEntry
from zicht.cases import selectors, services
from zicht.cases.deadlines import Status
from zicht.cases.models import (
    Case,
    CaseNumberCounter,
    Deadline,
    HolderType,
    PhaseChange,
    ResponsibilityPeriod,
    TimelineEvent,
)
from zicht.cases.workflow import ACTIVE_PHASES, Phase
from zicht.demo.cases import split_last_name, synthetic_bsn
from zicht.demo.reference import SCALE_PREFIX, demo_cases
from zicht.handover.models import Handover
from zicht.people.bsn import is_valid_bsn
from zicht.people.models import Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (Case, Household, HouseholdMember, Person, Deadline, ResponsibilityPeriod)
    return {model.__name__: model.objects.count() for model in (*models, PhaseChange, User)}


def _open_periods_per_active_case() -> set[int]:
    return set(
        Case.objects.filter(phase__in=ACTIVE_PHASES)
        .annotate(open=Count("responsibility", filter=Q(responsibility__ended_at__isnull=True)))
        .values_list("open", flat=True)
    )


def test_demo_cases_cover_every_phase_and_a_second_run_adds_nothing():
    """R-ZOV-1: every active demo case has exactly one open responsibility period."""
    _seed()
    counts = _counts()
    assert counts["Case"] >= 10
    _seed()
    assert _counts() == counts
    assert set(Case.objects.values_list("phase", flat=True)) == set(Phase)
    assert _open_periods_per_active_case() == {1}


def test_demo_cases_show_the_scenarios_of_the_demo():
    _seed()
    worker = User.objects.get(email="medewerker@zicht.test")
    statuses = {
        row.status
        for row in selectors.open_deadlines(deadlines=selectors.my_deadlines(user=worker))
    }
    assert {Status.OVERDUE, Status.DUE_TODAY, Status.ON_TIME} <= statuses
    assert selectors.my_cases(user=worker).count() >= 5

    leader = User.objects.get(email="teamleider@zicht.test")
    assert selectors.led_teams(user=leader).get().name == "Team Alkmaar en omstreken"
    assert selectors.team_cases(teams=selectors.led_teams(user=leader)).count() >= 7
    assert Case.objects.values("team").distinct().count() == Team.objects.count()

    with_partner = ResponsibilityPeriod.objects.filter(
        ended_at__isnull=True, holder_type=HolderType.PARTNER
    )
    # The confirmed cold handover, and the monitored families (demo/monitoring.py).
    assert sorted(period.case.phase for period in with_partner) == [
        Phase.HANDOVER,
        Phase.MONITORING,
        Phase.MONITORING,
    ]
    linked = Case.objects.filter(phase__in=ACTIVE_PHASES, earlier_cases__phase=Phase.CLOSED)
    assert linked.count() == 1


def test_demo_persons_are_synthetic_with_valid_bsns():
    _seed()
    bsns = list(Person.objects.exclude(bsn="").values_list("bsn", flat=True))
    assert bsns and all(is_valid_bsn(bsn) and bsn.startswith("9999") for bsn in bsns)
    assert len(set(bsns)) == len(bsns)


def test_synthetic_bsn_passes_the_eleven_proof_by_construction():
    rng = random.Random(1)
    assert all(is_valid_bsn(synthetic_bsn(rng)) for _ in range(500))


def test_split_last_name_separates_the_prefix():
    assert split_last_name("van der Berg") == ("van der", "Berg")
    assert split_last_name("Jansen") == ("", "Jansen")
    assert split_last_name("van") == ("", "van")


def test_scale_adds_open_cases_with_deadlines_and_one_open_period_each():
    """R-ZOV-1: scale data keeps one open period per case; numbering continues afterwards."""
    _seed()
    before = _counts()
    log_entries = AccessLogEntry.objects.count()
    output = _seed("--scale", "200", "--batch-size", "64")
    after = _counts()

    assert after["Case"] - before["Case"] == 200
    assert after["Deadline"] - before["Deadline"] == 3 * 200
    assert after["PhaseChange"] - before["PhaseChange"] == 200
    added = Case.objects.filter(responsibility__reason__contains="schaalgegevens")
    assert added.count() == 200
    assert set(added.values_list("phase", flat=True)) <= set(ACTIVE_PHASES)
    assert _open_periods_per_active_case() == {1}
    assert TimelineEvent.objects.filter(case__in=added).count() == 200
    sizes = set(
        Household.objects.filter(cases__in=added)
        .annotate(n=Count("members"))
        .values_list("n", flat=True)
    )
    assert sizes <= {2, 3, 4}
    statuses = {
        row.status
        for row in selectors.open_deadlines(
            deadlines=Deadline.objects.filter(case__in=added), today=timezone.localdate()
        )
    }
    assert {Status.OVERDUE, Status.ON_TIME} <= statuses
    assert AccessLogEntry.objects.count() == log_entries  # seeding reads nobody's data
    assert "200 open dossiers" in output

    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    year = timezone.localdate().year
    highest = max(int(n.split("-")[1]) for n in numbers if n.startswith(f"{year}-"))
    assert CaseNumberCounter.objects.get(year=year).last == highest

    team = Team.objects.get(name="Team West-Friesland")
    user = User.objects.get(email="medewerker3@zicht.test")
    fresh = services.case_open(user=user, household=Household.objects.first(), team=team)
    assert fresh.number == f"{year}-{highest + 1:06d}"


def test_seed_demo_again_after_scale_leaves_the_scale_cases_alone():
    """The services' demo seeders (assessment, handover, informing) work on the demo scenarios
    only: re-running seed_demo on a database with scale data adds nothing to the scale cases."""
    _seed()
    _seed("--scale", "60", "--batch-size", "64")
    scale = Case.objects.filter(created_by__email__startswith=SCALE_PREFIX)
    assert scale.count() == 60
    assert not demo_cases().filter(pk__in=scale).exists()
    assert demo_cases().exists()
    _seed()
    assert not Handover.objects.filter(case__in=scale).exists()
    assert not Assessment.objects.filter(case__in=scale).exists()


def test_worklist_selectors_agree_with_their_plain_definitions_on_demo_and_scale_data():
    """R-WL-3: the reshaped worklist queries give what the straightforward ones give."""
    _seed("--scale", "150")
    today = timezone.localdate()
    leader = User.objects.get(email="teamleider@zicht.test")
    teams = selectors.led_teams(user=leader)
    for user in User.objects.filter(teams__in=teams):
        plain = Case.objects.visible_to(user).filter(worker=user, phase__in=ACTIVE_PHASES)
        assert set(selectors.my_cases(user=user)) == set(plain)
    assert not selectors.my_cases(user=User.objects.get(email="beleid@zicht.test")).exists()

    rows = list(selectors.caseload_per_worker(teams=teams, today=today))
    assert [u.pk for u in rows] == [
        u.pk
        for u in sorted(
            User.objects.filter(teams__in=teams, is_active=True).distinct(),
            key=lambda u: (
                -Case.objects.filter(worker=u, team__in=teams, phase__in=ACTIVE_PHASES).count(),
                u.full_name,
            ),
        )
    ]
    for row in rows:
        cases = Case.objects.filter(worker=row, team__in=teams, phase__in=ACTIVE_PHASES)
        open_deadlines = Deadline.objects.filter(case__in=cases, met_at__isnull=True)
        assert row.active_cases == cases.count()
        assert row.open_deadlines == open_deadlines.count()
        assert row.overdue == open_deadlines.filter(due__lt=today).count()
    assert any(row.overdue for row in rows)
