"""R-OND-3: children are spoken personally from 6, counted on the day of the conversation; a
partial or unknown date of birth counts as possibly 6 or older."""

from datetime import date

import pytest

from zicht.investigation.ages import must_be_spoken
from zicht.people.models import Person


def person(year=None, month=None, day=None) -> Person:
    return Person(last_name="Kind", birth_year=year, birth_month=month, birth_day=day)


@pytest.mark.parametrize(
    ("birth", "on", "spoken"),
    [
        ((2020, 3, 10), date(2026, 3, 9), False),  # the day before the 6th birthday
        ((2020, 3, 10), date(2026, 3, 10), True),  # on the 6th birthday
        ((2020, 2, 29), date(2026, 2, 27), False),  # born on a leap day: not 6 yet
        ((2020, 2, 29), date(2026, 2, 28), True),  # 6 on the last day of February
        ((2023, 5, 1), date(2026, 12, 3), False),  # 3 years old
        ((2019, 1, 2), date(2026, 12, 3), True),  # 7 years old
    ],
)
def test_ond3_six_on_the_day_of_the_conversation(birth, on, spoken):
    """R-OND-3: the age that counts is the age on the day of the conversation."""
    assert must_be_spoken(person(*birth), on) is spoken


@pytest.mark.parametrize(
    ("birth", "on", "spoken"),
    [
        ((None, None, None), date(2026, 12, 3), True),  # unknown: may be any age
        ((2020, None, None), date(2026, 1, 1), True),  # born in 2020: may be 6 on 1 January
        ((2021, None, None), date(2026, 12, 31), False),  # born in 2021: surely under 6
        ((2020, 6, None), date(2026, 6, 1), True),  # June 2020: may be 6 from 1 June
        ((2020, 6, None), date(2026, 5, 31), False),  # … and surely not in May
    ],
)
def test_ond3_partial_date_of_birth_counts_as_possibly_six(birth, on, spoken):
    """R-OND-3, R-REP-6: with a partial or unknown date of birth the child counts as possibly 6
    or older, so it must be spoken (or a reason given) unless it is surely younger."""
    assert must_be_spoken(person(*birth), on) is spoken
