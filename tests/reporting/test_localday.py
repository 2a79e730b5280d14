"""`LocalDate`: the local day of a moment counted natively on SQLite gives the same day as
Django's `TruncDate` (R-INF-1: the CBS file's days; R-WL-2: the waiting list's)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from zicht.reporting.localday import LocalDate, stretches
from zicht.reports.models import Contact

pytestmark = pytest.mark.django_db

MOMENTS = [
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # CET: 01:59:59 on 29 March
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # CEST from here: 03:00
    datetime(2026, 3, 28, 22, 59, 59, 500000, tzinfo=UTC),  # 23:59:59.5 CET
    datetime(2026, 3, 28, 23, 0, tzinfo=UTC),  # midnight CET: 29 March
    datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC),  # 23:59:59 CEST, the half year's last second
    datetime(2026, 6, 30, 22, 0, tzinfo=UTC),  # 1 July
    datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC),  # 02:59:59 CEST
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # 02:00 CET again
    datetime(2026, 10, 25, 22, 59, tzinfo=UTC),  # 23:59 CET
    datetime(2026, 10, 25, 23, 0, tzinfo=UTC),  # 26 October
    datetime(1990, 7, 1, 22, 30, tzinfo=UTC),  # before the span: Django's function
    datetime(2060, 1, 1, 23, 30, tzinfo=UTC),  # after the span: Django's function
]


def test_local_day_equals_truncdate_around_every_change_of_offset():
    """R-INF-1, R-WL-2: around CET/CEST changes, local midnight and outside the span of years,
    `LocalDate` and `TruncDate` give the same day; an empty moment stays empty."""
    user = UserFactory()
    for moment in MOMENTS:
        Contact.objects.create(
            channel="phone",
            received_at=moment,
            caller_kind="citizen",
            becomes="advice",
            created_by=user,
        )
    rows = Contact.objects.annotate(
        native=LocalDate("received_at"), django=TruncDate("received_at")
    ).values_list("received_at", "native", "django")
    assert len(rows) == len(MOMENTS)
    for moment, native, django in rows:
        assert native == django, moment
    days = dict((m, n) for m, n, _ in rows)
    assert days[datetime(2026, 3, 28, 23, 0, tzinfo=UTC)].isoformat() == "2026-03-29"
    assert days[datetime(2026, 10, 25, 23, 0, tzinfo=UTC)].isoformat() == "2026-10-26"


def test_on_sqlite_no_python_function_is_called_within_the_span():
    """R-INF-1: on SQLite the day is SQLite's own `date()` with the zone's offset; Django's
    per-value Python function is only the way out for moments outside the span."""
    with CaptureQueriesContext(connection) as queries:
        list(Contact.objects.annotate(day=LocalDate("received_at")).values_list("day"))
    sql = queries.captured_queries[-1]["sql"]
    if connection.vendor == "sqlite":
        assert "date(" in sql and "+7200 seconds" in sql and "+3600 seconds" in sql
    else:
        assert "AT TIME ZONE" in sql


def test_the_offsets_change_when_the_zone_says():
    """R-INF-1: the stretches of equal offset are the zone database's: CEST from 01:00 UTC on
    the last Sunday of March, CET from 01:00 UTC on the last Sunday of October."""
    found = stretches("Europe/Amsterdam", date(2026, 1, 1), date(2027, 1, 1))
    assert found == (
        (datetime(2026, 1, 1, tzinfo=UTC), 3600),
        (datetime(2026, 3, 29, 1, tzinfo=UTC), 7200),
        (datetime(2026, 10, 25, 1, tzinfo=UTC), 3600),
    )
    assert found[1][0] - found[0][0] > timedelta(days=80)
