"""Deadline kinds and their calculators (R-DL-2), statuses in the query (R-DL-3)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.factories import open_case
from tests.factories import TeamFactory, UserFactory
from zicht.cases import services
from zicht.cases.deadlines import DEADLINE_KINDS, Status, with_status
from zicht.cases.models import Deadline
from zicht.cases.selectors import open_deadlines

START = date(2026, 4, 30)  # a Thursday before Liberation Day

EXPECTED = {
    "assessment": ("R-TRI-1", date(2026, 5, 8)),  # 5 working days, 5 May is no working day
    "reporter_contact": ("R-TRI-7", date(2026, 5, 8)),
    "crisis_action": ("R-TRI-3", START),
    "conditions_done": ("R-VV-3", START + timedelta(weeks=10)),  # Thu 9 July
    "investigation_start": ("R-OND-2", date(2026, 5, 8)),  # 5 working days, as the assessment
    "investigation_done": ("R-OND-2", START + timedelta(weeks=10)),
    "reporter_update": ("R-TRI-8", START + timedelta(weeks=10)),
    "partner_receipt": ("R-HO-5", date(2026, 5, 4)),  # Fri 1 May, Mon 4 May
    # Two weeks end on Ascension Day, Thu 14 May 2026: the next working day (R-DL-4).
    "partner_start": ("R-HO-5", date(2026, 5, 15)),
    # Calendar months (R-DL-4), not 13 and 52 weeks.
    "monitoring_3_months": ("R-MON-2", date(2026, 7, 30)),
    "monitoring_12_months": ("R-MON-2", date(2027, 4, 30)),
    # About 18 months (R-MON-2): Sat 30 Oct 2027 moves to Mon 1 Nov. An agreed moment's due
    # date is the date agreed (`deadline_start(due=…)`); its period of 0 months is never used.
    "monitoring_end": ("R-MON-2", date(2027, 11, 1)),
    "monitoring_agreed": ("R-MON-2", START),
    # Real time: Sunday 10 May and Thursday 28 May stay (R-HB-1, R-DL-4).
    "house_ban_end": ("R-HB-1", date(2026, 5, 10)),
    "house_ban_max": ("R-HB-1", date(2026, 5, 28)),
    # VT's tasks during the ban: within its ten days, in real time (R-HB-1).
    "house_ban_decision": ("R-HB-1", date(2026, 5, 10)),
    "house_ban_perpetrator_contact": ("R-HB-1", date(2026, 5, 10)),
    "house_ban_victims_contact": ("R-HB-1", date(2026, 5, 10)),
    "house_ban_children_contact": ("R-HB-1", date(2026, 5, 10)),
    "house_ban_executors_advice": ("R-HB-1", date(2026, 5, 10)),
}


def test_registry_holds_every_deadline_of_the_domain():
    """R-DL-2: every deadline the domain names has a kind with its rule and calculator."""
    assert set(DEADLINE_KINDS) == set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "expected"), sorted(EXPECTED.items()))
def test_calculators(code, expected):
    """R-DL-2, R-DL-4: the due date of each kind, from a start before a holiday weekend: weeks
    and months that end on a day off end on the next working day, the house ban does not."""
    rule_id, due = expected
    kind = DEADLINE_KINDS[code]
    assert kind.rule_id == rule_id
    assert kind.calculate(START) == due


@pytest.mark.django_db
def test_status_is_computed_in_the_query():
    """R-DL-3: on time, due today, overdue and met, from one query."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory())
    today = date(2026, 6, 10)
    for kind, due in [
        ("assessment", today - timedelta(days=1)),
        ("reporter_contact", today),
        ("partner_start", today + timedelta(days=3)),
    ]:
        Deadline.objects.create(case=case, kind=kind, started_on=today, due=due)
    met = Deadline.objects.create(case=case, kind="partner_receipt", started_on=today, due=today)
    services.deadline_meet(case=case, kind="partner_receipt", user=user)
    statuses = dict(
        with_status(Deadline.objects.filter(case=case), today).values_list("kind", "status")
    )
    assert statuses == {
        "assessment": Status.OVERDUE,
        "reporter_contact": Status.DUE_TODAY,
        "partner_start": Status.ON_TIME,
        "partner_receipt": Status.MET,
    }
    met.refresh_from_db()
    assert met.met_by == user and met.met_at is not None


@pytest.mark.django_db
def test_start_is_idempotent_and_meeting_records_when_and_who():
    """R-DL-3: a met deadline records when it was met and by whom, in the timeline too."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory())
    first = services.deadline_start(case=case, kind="assessment", start=date(2026, 11, 23))
    again = services.deadline_start(case=case, kind="assessment", start=date(2026, 11, 24))
    assert first.pk == again.pk
    assert first.due == date(2026, 11, 30)
    services.deadline_meet(case=case, kind="assessment", user=user)
    first.refresh_from_db()
    assert first.met_at is not None and first.met_by == user
    assert case.timeline.filter(kind="deadline_met").exists()


@pytest.mark.django_db
def test_several_start_together_with_one_calendar_query_each_in_the_timeline():
    """R-DL-2: a service starting several obligations from one date (a report starts R-TRI-1 and
    R-TRI-7) gets the same due dates as one by one, an open one of a kind is kept, and the
    extra non-working days are read once for the lot."""
    user = UserFactory()
    case = open_case(user=user, team=TeamFactory())
    kept = services.deadline_start(case=case, kind="partner_start", start=date(2026, 4, 1))
    kinds = ["assessment", "reporter_contact", "partner_start", "partner_receipt"]
    with CaptureQueriesContext(connection) as ctx:
        started = services.deadlines_start(case=case, kinds=kinds, start=START, actor=user)
    calendar = [q for q in ctx.captured_queries if "calendar_extranonworkingday" in q["sql"]]
    assert len(calendar) == 1  # 5 working days twice: the same span; 2 working days: inside it
    assert [d.kind for d in started] == kinds
    assert started[2].pk == kept.pk and started[2].due == date(2026, 4, 15)
    for deadline in started[:2] + started[3:]:
        assert deadline.pk is not None and deadline.due == EXPECTED[deadline.kind][1]
    events = case.timeline.filter(kind="deadline_started")
    assert events.count() == 4  # one for the earlier start, one for each new deadline
    assert {e.target_id for e in events} == {d.pk for d in started}
    assert events.get(target_id=started[0].pk).summary == (
        "Termijn gestart: Veiligheidsbeoordeling afronden, uiterlijk 08-05-2026"
    )


@pytest.mark.django_db
def test_an_unknown_kind_starts_nothing():
    case = open_case(user=UserFactory(), team=TeamFactory())
    with pytest.raises(ValueError, match="unknown deadline kind"):
        services.deadlines_start(case=case, kinds=["assessment", "nonsense"], start=START)
    assert not case.deadlines.exists()


def test_worklists_read_their_order_from_the_index():
    """R-DL-3: the worklists' order (due date, then case) is the order of the partial indexes
    they read, after the team or worker, so a page is the first 50 entries of an index scan."""
    order = [
        f.removesuffix("_id")
        for f in open_deadlines(deadlines=Deadline.objects.all()).query.order_by
    ]
    indexes = {index.name: index.fields for index in Deadline._meta.indexes}
    assert indexes["deadline_team_page"] == ["team", *order]
    assert indexes["deadline_worker_page"] == ["worker", *order]
