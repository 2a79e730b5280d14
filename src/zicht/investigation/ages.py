"""How old a household member may be on a given day, from a date of birth that may be partial
(R-REP-6: unknown, a year, or a year and month). R-OND-3 asks for children of 6 or older to be
spoken personally, so the doubt counts against skipping: a child is "possibly 6 or older" unless
even the latest possible date of birth makes them younger on that day."""

from datetime import date

from zicht.calendar.periods import add_months
from zicht.people.models import Person

SPOKEN_FROM_AGE = 6


def _earliest_birth(person: Person) -> date | None:
    if not person.birth_year:
        return None
    month = person.birth_month or 1
    day = person.birth_day or 1
    try:
        return date(person.birth_year, month, day)
    except ValueError:  # an impossible stored day: fall back to the month's first
        return date(person.birth_year, month, 1)


def possibly_at_least(person: Person, years: int, on: date) -> bool:
    """Whether the person may have turned `years` on or before `on`; an unknown date of birth
    may be any age."""
    earliest = _earliest_birth(person)
    return earliest is None or add_months(earliest, 12 * years) <= on


def must_be_spoken(person: Person, on: date) -> bool:
    """R-OND-3: from 6 personally spoken; only a child surely younger may be seen alone."""
    return possibly_at_least(person, SPOKEN_FROM_AGE, on)
