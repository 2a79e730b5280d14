"""R-PRIV-4: when a closed file is due for destruction (pure rules)."""

from datetime import date

import pytest

from zicht.retention.models import Basis
from zicht.retention.rules import ChildBirth, adult_on, destruction_date

ENDED = date(2026, 3, 15)


def test_priv4_twenty_years_after_the_end_of_involvement_by_default():
    """R-PRIV-4: the setting's years after VT's involvement ended."""
    assert destruction_date(ended_on=ENDED, years=20, child_protection=False) == (
        date(2046, 3, 15),
        Basis.DEFAULT,
    )
    assert destruction_date(ended_on=ENDED, years=15, child_protection=False)[0] == date(
        2041, 3, 15
    )


def test_priv4_child_protection_keeps_it_until_the_youngest_child_is_18_when_later():
    """R-PRIV-4: with the recorded decision, until the youngest child is 18 — only where that is
    later than the default; without the decision the children do not count."""
    baby = ChildBirth(2026, 1, 2)
    older = ChildBirth(2010, 6, 1)
    assert destruction_date(
        ended_on=ENDED, years=15, child_protection=True, children=[older, baby]
    ) == (date(2044, 1, 2), Basis.CHILD_PROTECTION)
    assert destruction_date(ended_on=ENDED, years=20, child_protection=True, children=[baby]) == (
        date(2046, 3, 15),
        Basis.DEFAULT,
    )
    assert destruction_date(ended_on=ENDED, years=15, child_protection=False, children=[baby]) == (
        date(2041, 3, 15),
        Basis.DEFAULT,
    )


@pytest.mark.parametrize(
    ("birth", "adult"),
    [
        (ChildBirth(2016, 5, 12), date(2034, 5, 12)),
        (ChildBirth(2016, 2), date(2034, 2, 28)),  # day unknown: the month's last day
        (ChildBirth(2016), date(2034, 12, 31)),  # only the year: its last day
        (ChildBirth(2008, 2, 29), date(2026, 2, 28)),  # born on a leap day
        (ChildBirth(None), None),
    ],
)
def test_priv4_partial_dates_of_birth_count_as_the_latest_possible_day(birth, adult):
    """R-PRIV-4 with R-REP-6: a partial date of birth keeps the file rather longer than too short."""
    assert adult_on(birth) == adult
