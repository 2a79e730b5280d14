"""Working days per the Algemene termijnenwet (rule R-DL-1)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

import zicht.calendar
from zicht.calendar.models import ExtraNonWorkingDay
from zicht.calendar.workdays import (
    add_working_days,
    extra_days_memo,
    holidays,
    is_working_day,
    statutory_holidays,
    working_days_between,
)

NONE: frozenset[date] = frozenset()

# Written out by hand from the Easter dates, not computed by the code under test.
HOLIDAYS_2019_2032 = [
    # 2019: Easter Sunday 21 April
    (date(2019, 1, 1), "Nieuwjaarsdag"),
    (date(2019, 4, 19), "Goede Vrijdag"),
    (date(2019, 4, 21), "Eerste paasdag"),
    (date(2019, 4, 22), "Tweede paasdag"),
    (date(2019, 4, 27), "Koningsdag"),
    (date(2019, 5, 5), "Bevrijdingsdag"),
    (date(2019, 5, 30), "Hemelvaartsdag"),
    (date(2019, 6, 9), "Eerste pinksterdag"),
    (date(2019, 6, 10), "Tweede pinksterdag"),
    (date(2019, 12, 25), "Eerste kerstdag"),
    (date(2019, 12, 26), "Tweede kerstdag"),
    # 2020: Easter Sunday 12 April
    (date(2020, 1, 1), "Nieuwjaarsdag"),
    (date(2020, 4, 10), "Goede Vrijdag"),
    (date(2020, 4, 12), "Eerste paasdag"),
    (date(2020, 4, 13), "Tweede paasdag"),
    (date(2020, 4, 27), "Koningsdag"),
    (date(2020, 5, 5), "Bevrijdingsdag"),
    (date(2020, 5, 21), "Hemelvaartsdag"),
    (date(2020, 5, 31), "Eerste pinksterdag"),
    (date(2020, 6, 1), "Tweede pinksterdag"),
    (date(2020, 12, 25), "Eerste kerstdag"),
    (date(2020, 12, 26), "Tweede kerstdag"),
    # 2021: Easter Sunday 4 April
    (date(2021, 1, 1), "Nieuwjaarsdag"),
    (date(2021, 4, 2), "Goede Vrijdag"),
    (date(2021, 4, 4), "Eerste paasdag"),
    (date(2021, 4, 5), "Tweede paasdag"),
    (date(2021, 4, 27), "Koningsdag"),
    (date(2021, 5, 5), "Bevrijdingsdag"),
    (date(2021, 5, 13), "Hemelvaartsdag"),
    (date(2021, 5, 23), "Eerste pinksterdag"),
    (date(2021, 5, 24), "Tweede pinksterdag"),
    (date(2021, 12, 25), "Eerste kerstdag"),
    (date(2021, 12, 26), "Tweede kerstdag"),
    # 2022: Easter Sunday 17 April
    (date(2022, 1, 1), "Nieuwjaarsdag"),
    (date(2022, 4, 15), "Goede Vrijdag"),
    (date(2022, 4, 17), "Eerste paasdag"),
    (date(2022, 4, 18), "Tweede paasdag"),
    (date(2022, 4, 27), "Koningsdag"),
    (date(2022, 5, 5), "Bevrijdingsdag"),
    (date(2022, 5, 26), "Hemelvaartsdag"),
    (date(2022, 6, 5), "Eerste pinksterdag"),
    (date(2022, 6, 6), "Tweede pinksterdag"),
    (date(2022, 12, 25), "Eerste kerstdag"),
    (date(2022, 12, 26), "Tweede kerstdag"),
    # 2023: Easter Sunday 9 April
    (date(2023, 1, 1), "Nieuwjaarsdag"),
    (date(2023, 4, 7), "Goede Vrijdag"),
    (date(2023, 4, 9), "Eerste paasdag"),
    (date(2023, 4, 10), "Tweede paasdag"),
    (date(2023, 4, 27), "Koningsdag"),
    (date(2023, 5, 5), "Bevrijdingsdag"),
    (date(2023, 5, 18), "Hemelvaartsdag"),
    (date(2023, 5, 28), "Eerste pinksterdag"),
    (date(2023, 5, 29), "Tweede pinksterdag"),
    (date(2023, 12, 25), "Eerste kerstdag"),
    (date(2023, 12, 26), "Tweede kerstdag"),
    # 2024: Easter Sunday 31 March
    (date(2024, 1, 1), "Nieuwjaarsdag"),
    (date(2024, 3, 29), "Goede Vrijdag"),
    (date(2024, 3, 31), "Eerste paasdag"),
    (date(2024, 4, 1), "Tweede paasdag"),
    (date(2024, 4, 27), "Koningsdag"),
    (date(2024, 5, 5), "Bevrijdingsdag"),
    (date(2024, 5, 9), "Hemelvaartsdag"),
    (date(2024, 5, 19), "Eerste pinksterdag"),
    (date(2024, 5, 20), "Tweede pinksterdag"),
    (date(2024, 12, 25), "Eerste kerstdag"),
    (date(2024, 12, 26), "Tweede kerstdag"),
    # 2025: Easter Sunday 20 April; 27 April is a Sunday
    (date(2025, 1, 1), "Nieuwjaarsdag"),
    (date(2025, 4, 18), "Goede Vrijdag"),
    (date(2025, 4, 20), "Eerste paasdag"),
    (date(2025, 4, 21), "Tweede paasdag"),
    (date(2025, 4, 26), "Koningsdag"),
    (date(2025, 5, 5), "Bevrijdingsdag"),
    (date(2025, 5, 29), "Hemelvaartsdag"),
    (date(2025, 6, 8), "Eerste pinksterdag"),
    (date(2025, 6, 9), "Tweede pinksterdag"),
    (date(2025, 12, 25), "Eerste kerstdag"),
    (date(2025, 12, 26), "Tweede kerstdag"),
    # 2026: Easter Sunday 5 April
    (date(2026, 1, 1), "Nieuwjaarsdag"),
    (date(2026, 4, 3), "Goede Vrijdag"),
    (date(2026, 4, 5), "Eerste paasdag"),
    (date(2026, 4, 6), "Tweede paasdag"),
    (date(2026, 4, 27), "Koningsdag"),
    (date(2026, 5, 5), "Bevrijdingsdag"),
    (date(2026, 5, 14), "Hemelvaartsdag"),
    (date(2026, 5, 24), "Eerste pinksterdag"),
    (date(2026, 5, 25), "Tweede pinksterdag"),
    (date(2026, 12, 25), "Eerste kerstdag"),
    (date(2026, 12, 26), "Tweede kerstdag"),
    # 2027: Easter Sunday 28 March
    (date(2027, 1, 1), "Nieuwjaarsdag"),
    (date(2027, 3, 26), "Goede Vrijdag"),
    (date(2027, 3, 28), "Eerste paasdag"),
    (date(2027, 3, 29), "Tweede paasdag"),
    (date(2027, 4, 27), "Koningsdag"),
    (date(2027, 5, 5), "Bevrijdingsdag"),
    (date(2027, 5, 6), "Hemelvaartsdag"),
    (date(2027, 5, 16), "Eerste pinksterdag"),
    (date(2027, 5, 17), "Tweede pinksterdag"),
    (date(2027, 12, 25), "Eerste kerstdag"),
    (date(2027, 12, 26), "Tweede kerstdag"),
    # 2028: Easter Sunday 16 April
    (date(2028, 1, 1), "Nieuwjaarsdag"),
    (date(2028, 4, 14), "Goede Vrijdag"),
    (date(2028, 4, 16), "Eerste paasdag"),
    (date(2028, 4, 17), "Tweede paasdag"),
    (date(2028, 4, 27), "Koningsdag"),
    (date(2028, 5, 5), "Bevrijdingsdag"),
    (date(2028, 5, 25), "Hemelvaartsdag"),
    (date(2028, 6, 4), "Eerste pinksterdag"),
    (date(2028, 6, 5), "Tweede pinksterdag"),
    (date(2028, 12, 25), "Eerste kerstdag"),
    (date(2028, 12, 26), "Tweede kerstdag"),
    # 2029: Easter Sunday 1 April
    (date(2029, 1, 1), "Nieuwjaarsdag"),
    (date(2029, 3, 30), "Goede Vrijdag"),
    (date(2029, 4, 1), "Eerste paasdag"),
    (date(2029, 4, 2), "Tweede paasdag"),
    (date(2029, 4, 27), "Koningsdag"),
    (date(2029, 5, 5), "Bevrijdingsdag"),
    (date(2029, 5, 10), "Hemelvaartsdag"),
    (date(2029, 5, 20), "Eerste pinksterdag"),
    (date(2029, 5, 21), "Tweede pinksterdag"),
    (date(2029, 12, 25), "Eerste kerstdag"),
    (date(2029, 12, 26), "Tweede kerstdag"),
    # 2030: Easter Sunday 21 April
    (date(2030, 1, 1), "Nieuwjaarsdag"),
    (date(2030, 4, 19), "Goede Vrijdag"),
    (date(2030, 4, 21), "Eerste paasdag"),
    (date(2030, 4, 22), "Tweede paasdag"),
    (date(2030, 4, 27), "Koningsdag"),
    (date(2030, 5, 5), "Bevrijdingsdag"),
    (date(2030, 5, 30), "Hemelvaartsdag"),
    (date(2030, 6, 9), "Eerste pinksterdag"),
    (date(2030, 6, 10), "Tweede pinksterdag"),
    (date(2030, 12, 25), "Eerste kerstdag"),
    (date(2030, 12, 26), "Tweede kerstdag"),
    # 2031: Easter Sunday 13 April; 27 April is a Sunday
    (date(2031, 1, 1), "Nieuwjaarsdag"),
    (date(2031, 4, 11), "Goede Vrijdag"),
    (date(2031, 4, 13), "Eerste paasdag"),
    (date(2031, 4, 14), "Tweede paasdag"),
    (date(2031, 4, 26), "Koningsdag"),
    (date(2031, 5, 5), "Bevrijdingsdag"),
    (date(2031, 5, 22), "Hemelvaartsdag"),
    (date(2031, 6, 1), "Eerste pinksterdag"),
    (date(2031, 6, 2), "Tweede pinksterdag"),
    (date(2031, 12, 25), "Eerste kerstdag"),
    (date(2031, 12, 26), "Tweede kerstdag"),
    # 2032: Easter Sunday 28 March
    (date(2032, 1, 1), "Nieuwjaarsdag"),
    (date(2032, 3, 26), "Goede Vrijdag"),
    (date(2032, 3, 28), "Eerste paasdag"),
    (date(2032, 3, 29), "Tweede paasdag"),
    (date(2032, 4, 27), "Koningsdag"),
    (date(2032, 5, 5), "Bevrijdingsdag"),
    (date(2032, 5, 6), "Hemelvaartsdag"),
    (date(2032, 5, 16), "Eerste pinksterdag"),
    (date(2032, 5, 17), "Tweede pinksterdag"),
    (date(2032, 12, 25), "Eerste kerstdag"),
    (date(2032, 12, 26), "Tweede kerstdag"),
]


@pytest.mark.parametrize(("day", "name"), HOLIDAYS_2019_2032)
def test_statutory_holiday(day, name):
    """R-DL-1: each holiday of the Algemene termijnenwet falls on its date and is no working day."""
    assert statutory_holidays(day.year)[day] == name
    assert not is_working_day(day, extra=NONE)


@pytest.mark.parametrize("year", range(2019, 2033))
def test_no_other_statutory_holidays(year):
    """R-DL-1: a year has exactly the eleven holidays of the table, no more."""
    expected = {day: name for day, name in HOLIDAYS_2019_2032 if day.year == year}
    assert len(expected) == 11
    assert statutory_holidays(year) == expected


@pytest.mark.parametrize(
    ("year", "kings_day"),
    [(2024, date(2024, 4, 27)), (2025, date(2025, 4, 26)), (2031, date(2031, 4, 26))],
)
def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday(year, kings_day):
    """R-DL-1: Koningsdag is 27 April, or 26 April when the 27th is a Sunday (2025, 2031)."""
    assert statutory_holidays(year)[kings_day] == "Koningsdag"
    assert (date(year, 4, 27).weekday() == 6) == (kings_day.day == 26)


def test_liberation_day_every_year():
    """R-DL-1: Bevrijdingsdag counts every year, not only in lustrum years."""
    assert not is_working_day(date(2026, 5, 5), extra=NONE)  # a Tuesday, not a lustrum year


def test_ascension_day_on_liberation_day_keeps_both_names():
    """R-DL-1: in 2016 Ascension Day fell on 5 May; the day carries both names."""
    assert statutory_holidays(2016)[date(2016, 5, 5)] == "Bevrijdingsdag en Hemelvaartsdag"


def test_good_friday_and_easter_monday_are_skipped():
    """R-DL-1: Good Friday is no working day, nor is Easter Monday: 2 April 2026 + 1 = 7 April."""
    assert add_working_days(date(2026, 4, 2), 1, extra=NONE) == date(2026, 4, 7)
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7), extra=NONE) == 1


def test_liberation_day_is_skipped():
    """R-DL-1: 5 working days from Thursday 30 April 2026 skip 5 May and end on Friday 8 May."""
    assert add_working_days(date(2026, 4, 30), 5, extra=NONE) == date(2026, 5, 8)


def test_christmas_is_skipped():
    """R-DL-1: the working day after Thursday 24 December 2026 is Monday 28 December."""
    assert add_working_days(date(2026, 12, 24), 1, extra=NONE) == date(2026, 12, 28)


def test_working_days_in_a_year():
    """R-DL-1: 2026 has 261 weekdays, 8 of them holidays, so 253 working days."""
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31), extra=NONE) == 253


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 6, 5), 1, date(2026, 6, 8)),  # Friday + 1: Monday
        (date(2026, 6, 6), 1, date(2026, 6, 8)),  # Saturday + 1: Monday
        (date(2026, 6, 8), -1, date(2026, 6, 5)),  # Monday - 1: Friday
        (date(2026, 6, 5), -1, date(2026, 6, 4)),  # Friday - 1: Thursday
        (date(2026, 6, 6), -1, date(2026, 6, 4)),  # Saturday counts as Friday
        (date(2026, 6, 6), 0, date(2026, 6, 6)),  # 0 leaves even a Saturday alone
    ],
)
def test_counting_from_and_to_a_weekend(start, n, expected):
    """R-DL-1: the start day never counts, and a day off counts as the working day before it."""
    assert add_working_days(start, n, extra=NONE) == expected


@st.composite
def days_with_extra(draw):
    """A day and some extra non-working days near it, where they can matter."""
    day = draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
    offsets = draw(st.frozensets(st.integers(-600, 600), max_size=30))
    return day, frozenset(day + timedelta(days=offset) for offset in offsets)


PROPERTY = settings(max_examples=200, deadline=None)
STEPS = st.integers(-400, 400)


@PROPERTY
@given(days_with_extra(), STEPS.filter(bool))
def test_result_is_a_working_day(day_extra, n):
    """R-DL-1: n working days from any day (n != 0) lands on a working day, never a weekend."""
    day, extra = day_extra
    result = add_working_days(day, n, extra=extra)
    assert is_working_day(result, extra=extra)
    assert result.weekday() < 5
    assert (result > day) == (n > 0)


@PROPERTY
@given(days_with_extra(), STEPS)
def test_round_trip(day_extra, n):
    """R-DL-1: counting the working days up to add_working_days(d, n) gives n back."""
    day, extra = day_extra
    assert working_days_between(day, add_working_days(day, n, extra=extra), extra=extra) == n


@PROPERTY
@given(days_with_extra(), STEPS, STEPS)
def test_monotonic(day_extra, n, m):
    """R-DL-1: more working days never give an earlier date."""
    day, extra = day_extra
    n, m = sorted((n, m))
    assert add_working_days(day, n, extra=extra) <= add_working_days(day, m, extra=extra)


@PROPERTY
@given(days_with_extra(), st.integers(0, 200), st.integers(0, 200), st.sampled_from([1, -1]))
def test_adding_in_two_steps(day_extra, n, m, sign):
    """R-DL-1: adding n then m working days (same sign) equals adding n + m."""
    day, extra = day_extra
    n, m = sign * n, sign * m
    in_two = add_working_days(add_working_days(day, n, extra=extra), m, extra=extra)
    assert in_two == add_working_days(day, n + m, extra=extra)


@PROPERTY
@given(days_with_extra(), st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_between_is_antisymmetric(day_extra, other):
    """R-DL-1: working_days_between(a, b) == -working_days_between(b, a)."""
    day, extra = day_extra
    assert working_days_between(day, other, extra=extra) == -working_days_between(
        other, day, extra=extra
    )


@PROPERTY
@given(days_with_extra(), st.integers(0, 800))
def test_between_counts_day_by_day(day_extra, span):
    """R-DL-1: the arithmetic count equals counting the working days in (a, b] one by one."""
    day, extra = day_extra
    end = day + timedelta(days=span)
    by_day = sum(is_working_day(day + timedelta(days=i), extra=extra) for i in range(1, span + 1))
    assert working_days_between(day, end, extra=extra) == by_day


def test_public_api_importable_from_the_app():
    """R-DL-1: the working-day functions are importable from zicht.calendar itself."""
    assert zicht.calendar.add_working_days is add_working_days
    assert zicht.calendar.working_days_between is working_days_between
    assert zicht.calendar.is_working_day is is_working_day
    assert zicht.calendar.holidays is holidays


@pytest.mark.django_db
def test_extra_day_from_the_database():
    """R-DL-1: a day declared equal by decree (art. 3(3)) is no working day and shifts deadlines."""
    monday = date(2026, 5, 4)
    assert is_working_day(monday)
    assert add_working_days(date(2026, 4, 30), 5) == date(2026, 5, 8)

    ExtraNonWorkingDay.objects.create(date=monday, name="Dodenherdenking")

    assert not is_working_day(monday)
    assert holidays(2026)[monday] == "Dodenherdenking"
    assert date(2026, 5, 5) in holidays(2026)
    assert monday not in holidays(2025)
    assert add_working_days(date(2026, 4, 30), 5) == date(2026, 5, 11)
    assert working_days_between(date(2026, 4, 30), date(2026, 5, 11)) == 5


@pytest.mark.django_db
def test_administrator_declares_an_extra_day(admin_client):
    """R-DL-1: a functional administrator adds an extra day in the admin, without a code change."""
    response = admin_client.post(
        "/beheer/calendar/extranonworkingday/add/",
        {"date": "2026-05-04", "name": "Dodenherdenking", "reason": "KB van 1 maart 2026"},
    )
    assert response.status_code == 302
    assert not is_working_day(date(2026, 5, 4))


@pytest.mark.django_db
def test_long_span_takes_one_query(django_assert_max_num_queries):
    """R-DL-1: the extra days are read once for the whole span, not once per day."""
    ExtraNonWorkingDay.objects.create(date=date(2030, 6, 3), name="Gelijkgestelde dag")
    with django_assert_max_num_queries(1):
        result = add_working_days(date(2026, 1, 1), 10_000)
    with django_assert_max_num_queries(1):
        assert working_days_between(date(2026, 1, 1), result) == 10_000


@pytest.mark.django_db
def test_many_extra_days_widen_the_span(django_assert_max_num_queries):
    """R-DL-1: when extra days push the result past the first span, it is read again, wider."""
    first = date(2026, 6, 2)
    ExtraNonWorkingDay.objects.bulk_create(
        ExtraNonWorkingDay(date=first + timedelta(days=i), name="Gelijkgestelde dag")
        for i in range(60)  # 2 June up to and including 31 July 2026
    )
    with django_assert_max_num_queries(3):
        assert add_working_days(date(2026, 6, 1), 10) == date(2026, 8, 14)


@pytest.mark.django_db
def test_memo_reads_a_span_once_and_still_honours_declared_days():
    """R-DL-1: within `extra_days_memo` a declared extra day still moves every due date, and a
    span inside one already read is not read again; outside it each count reads its own span."""
    ExtraNonWorkingDay.objects.create(date=date(2030, 6, 3), name="Gelijkgestelde dag")
    friday = date(2030, 5, 31)
    with CaptureQueriesContext(connection) as ctx, extra_days_memo():
        five = add_working_days(friday, 5)
        two = add_working_days(friday, 2)
    assert (five, two) == (date(2030, 6, 11), date(2030, 6, 5))  # 3 June and Whit Monday skipped
    assert len(ctx.captured_queries) == 1
    with CaptureQueriesContext(connection) as ctx:
        add_working_days(friday, 5)
        add_working_days(friday, 2)
    assert len(ctx.captured_queries) == 2
