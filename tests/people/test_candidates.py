"""Search before create with a minimum score: the reports API asks only for a person it may take
over (score ≥ 90), and that narrower search must find exactly what the full search finds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from tests.people.factories import PersonFactory, bsn_from
from zicht.people import matching
from zicht.people.selectors import person_candidates

pytestmark = pytest.mark.django_db

LAST_NAMES = ["Jansen", "Janssen", "de Jong", "Meijer", "Meyer"]
FIRST_NAMES = ["Piet", "Pieter", "Anna", "Anne", "J."]
DATES = [(1985, 4, 7), (1985, 7, 4), (1985, 4, None), (1985, None, None), (1990, 4, 7), (None,) * 3]


@pytest.fixture
def population(db):
    """Namesakes and near-namesakes with equal, swapped, partial and other dates of birth."""
    n = 0
    for last in LAST_NAMES:
        for first in FIRST_NAMES:
            for year, month, day in DATES:
                n += 1
                PersonFactory(
                    last_name=last,
                    first_names=first,
                    birth_year=year,
                    birth_month=month,
                    birth_day=day,
                    bsn=bsn_from(n) if n % 7 == 0 else "",
                )
    return UserFactory()


def _found(user, query, **extra):
    return [
        (c.person.pk, c.score) for c in person_candidates(user=user, **query, limit=1000, **extra)
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    last=st.sampled_from(LAST_NAMES),
    first=st.sampled_from(FIRST_NAMES),
    date=st.sampled_from(DATES),
    bsn_n=st.sampled_from([0, 7, 14, 21]),
    min_score=st.sampled_from([60, 85, 86, 90, 100]),
)
def test_a_minimum_score_finds_what_the_full_search_finds_above_it(
    population, last, first, date, bsn_n, min_score
):
    """R-REP-5: the narrowed search (no name branches when a full date of birth rules them out)
    loses no candidate the full search scores at or above the minimum."""
    year, month, day = date
    query = {
        "last_name": last,
        "first_names": first,
        "birth_year": year,
        "birth_month": month,
        "birth_day": day,
        "bsn": bsn_from(bsn_n) if bsn_n else "",
    }
    full = [(pk, score) for pk, score in _found(population, query) if score >= min_score]
    assert _found(population, query, min_score=min_score) == full


def test_best_without_same_date_is_the_highest_such_score():
    """The bound the narrowed search relies on: equal names with only year and month alike."""
    query = matching.Identity(
        last_name="Jansen", first_names="Piet", birth=matching.PartialDate(1985, 4, 7)
    )
    best = max(
        matching.score(query, matching.Identity(last_name="Jansen", first_names="Piet", birth=b))[0]
        for b in [
            matching.PartialDate(1985, 4, None),
            matching.PartialDate(1985, None, None),
            matching.PartialDate(None, None, None),
            matching.PartialDate(1985, 4, 8),
            matching.PartialDate(1986, 4, 7),
        ]
    )
    assert best == matching.BEST_WITHOUT_SAME_DATE == 85


def test_a_search_for_a_takeover_with_a_full_date_skips_the_namesakes(population):
    """With a full date of birth and a minimum of 90, only rows with that date (or swapped) are
    read: none of the 25 Jansen-like namesakes with other dates is scored."""
    query = {"last_name": "Jansen", "first_names": "Piet", "birth_year": 1985, "birth_month": 4,
             "birth_day": 7}  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        found = person_candidates(user=population, **query, limit=1000, min_score=90)
    searches = [q["sql"] for q in ctx.captured_queries if "CASE WHEN" in q["sql"]]
    assert len(searches) == 1 and "name_key" not in searches[0]
    full = [c for c in person_candidates(user=population, **query, limit=1000) if c.score >= 90]
    assert [c.person.pk for c in found] == [c.person.pk for c in full]
    assert {c.score for c in found} >= {100, 93}  # the same date; day and month swapped
