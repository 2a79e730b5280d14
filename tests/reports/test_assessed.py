"""Each report's assessment day, kept on the report (R-WL-2, issue 15): set when the case's
assessment deadline is met or lapses, for the reports that came in before it; filled in for old
rows by the migration."""

from datetime import date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from tests.people.factories import PersonFactory
from zicht.cases import services as case_services
from zicht.cases.models import Deadline
from zicht.people.models import HouseholdRole
from zicht.reports import assessed
from zicht.reports.models import CallerKind, Report
from zicht.reports.services import Involved, Reporter, report_register

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
REPORTER = Reporter(
    name="Melder", kind=CallerKind.PROFESSIONAL, phone="0612345678", sector="education"
)


@pytest.fixture
def worker():
    user = UserFactory()
    TeamFactory(name="Team Intake").members.add(user)
    return user


def _register(worker, person, received_at):
    return report_register(
        user=worker,
        channel="phone",
        received_at=received_at,
        reporter=REPORTER,
        involved=[Involved(person, HouseholdRole.CHILD)],
        concerns="Zorgen.",
        violence_types=["neglect"],
        team=worker.teams.first(),
    )


def _day(report):
    report.refresh_from_db()
    return report.assessed_on


def test_met_assessment_deadline_sets_the_day_on_the_reports_before_it(worker):
    """R-WL-2: meeting the case's assessment deadline (cases.services.deadline_meet) gives every
    report that came in before it the local day it was met; a later report waits until the
    next assessment deadline of the case is met."""
    child = PersonFactory()
    first = _register(worker, child, datetime(2026, 3, 2, 9, tzinfo=AMS))
    joined = _register(worker, child, datetime(2026, 3, 3, 9, tzinfo=AMS))  # joins the case
    assert joined.case_id == first.case_id
    assert (_day(first), _day(joined)) == (None, None)  # both wait
    # 23:30 UTC on 4 March is 00:30 on 5 March in Amsterdam: the local day counts.
    case_services.deadline_meet(
        case=first.case,
        kind="assessment",
        user=worker,
        at=datetime(2026, 3, 4, 23, 30, tzinfo=ZoneInfo("UTC")),
    )
    assert (_day(first), _day(joined)) == (date(2026, 3, 5),) * 2
    later = _register(worker, child, datetime(2026, 3, 9, 9, tzinfo=AMS))
    assert _day(later) is None
    case_services.deadline_meet(
        case=first.case, kind="assessment", user=worker, at=datetime(2026, 3, 11, 9, tzinfo=AMS)
    )
    assert _day(later) == date(2026, 3, 11)
    assert _day(first) == date(2026, 3, 5)  # its own assessment stays the first


def test_lapsed_deadline_ends_the_wait_and_other_kinds_do_not(worker):
    """R-WL-2: a lapsed assessment deadline ends the wait too (as the waiting list always
    counted it); meeting another kind of deadline does not."""
    report = _register(worker, PersonFactory(), timezone.now() - timedelta(days=2))
    case_services.deadline_meet(case=report.case, kind="reporter_contact", user=worker)
    assert _day(report) is None
    case_services.deadlines_lapse(
        case=report.case, kinds=["assessment"], user=worker, reason="Fase verlaten"
    )
    assert _day(report) == timezone.localdate()


def test_report_registered_late_takes_the_assessment_already_met_after_it(worker):
    """R-WL-2: a report received before an assessment that was already met (registered
    afterwards, backdated) counts as assessed by it; a removed deadline no longer counts."""
    child = PersonFactory()
    first = _register(worker, child, datetime(2026, 5, 4, 9, tzinfo=AMS))
    case_services.deadline_meet(
        case=first.case, kind="assessment", user=worker, at=datetime(2026, 5, 6, 9, tzinfo=AMS)
    )
    backdated = _register(worker, child, datetime(2026, 5, 5, 9, tzinfo=AMS))
    assert backdated.case_id == first.case_id
    assert _day(backdated) == date(2026, 5, 6)
    Deadline.objects.filter(case=first.case, kind="assessment", met_at__isnull=False).delete()
    assert (_day(first), _day(backdated)) == (None, None)


def test_migration_fills_the_day_of_reports_already_there(worker):
    """R-WL-2: the migration gives the reports written before the column their assessment day,
    by the same rule; reports still waiting stay empty."""
    child = PersonFactory()
    first = _register(worker, child, datetime(2026, 2, 2, 9, tzinfo=AMS))
    case_services.deadline_meet(
        case=first.case, kind="assessment", user=worker, at=datetime(2026, 2, 4, 9, tzinfo=AMS)
    )
    waiting = _register(worker, PersonFactory(), datetime(2026, 2, 3, 9, tzinfo=AMS))
    Report.objects.update(assessed_on=None)  # as before the migration
    migration = import_module("zicht.reports.migrations.0005_report_assessed_on")
    migration.fill(apps, None)
    assert (_day(first), _day(waiting)) == (date(2026, 2, 4), None)


def test_refresh_repairs_reports_written_in_bulk(worker):
    """R-WL-2: a bulk write that bypasses save() (the benchmark's) repairs the day with
    `assessed.refresh`, which changes only what differs."""
    report = _register(worker, PersonFactory(), datetime(2026, 4, 1, 9, tzinfo=AMS))
    case_services.deadline_meet(
        case=report.case, kind="assessment", user=worker, at=datetime(2026, 4, 2, 9, tzinfo=AMS)
    )
    Report.objects.filter(pk=report.pk).update(assessed_on=None)
    assert assessed.refresh([report.case_id]) == 1
    assert _day(report) == date(2026, 4, 2)
    assert assessed.refresh([report.case_id]) == 0
