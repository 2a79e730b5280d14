"""Every read of persons and households, scoped to the user (R-PRIV-3).

A user sees a person when the person belongs to the household of a case the user may see; out of
scope answers 404, the same as missing. One exception: a person the user registered and has not
yet placed in a household, so the registration can be finished. The search before registering
looks through the whole VT on purpose (one person, one registration: R-REP-5), and logs every
person it shows.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can
from zicht.audit.history import HistoryEntry, change_history
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.core.errors import NotFound
from zicht.organisation.models import Municipality
from zicht.people import matching
from zicht.people.bsn import bsn_hash, is_valid_bsn, masked_bsn
from zicht.people.models import Household, HouseholdMember, Person, Sex
from zicht.people.scope import visible_cases

MIN_SCORE = 25  # a similar last name alone (≥ 0.8 alike) just makes it
# The indexed pre-filter returns at most this many rows to score; closest matches come first.
PREFILTER_LIMIT = 300


def persons_visible_to(user: User) -> QuerySet[Person]:
    if not can(user, Action.VIEW_CLIENT_DATA):
        return Person.objects.none()
    # Correlated from each person: a member of a household with a visible case. Never the set of
    # every person the user may see (tens of thousands at national scale) materialised and then
    # probed per candidate: a question about ten candidates reads those ten persons' rows.
    visible_case = visible_cases(user).filter(household_id=OuterRef("household_id"))
    in_scope = HouseholdMember.objects.filter(person_id=OuterRef("pk")).filter(Exists(visible_case))
    unplaced = Q(created_by=user) & ~Exists(HouseholdMember.objects.filter(person=OuterRef("pk")))
    return Person.objects.filter(merged_into__isnull=True).filter(Exists(in_scope) | unplaced)


def households_visible_to(user: User) -> QuerySet[Household]:
    return Household.objects.filter(pk__in=visible_cases(user).values("household_id"))


def person_get_for_user(
    *, user: User, person_id: int, channel: Channel = Channel.HTML, resource: str = ""
) -> Person:
    """The person if the user may see them; logs the read (R-PRIV-3)."""
    person = persons_visible_to(user).select_related("municipality").filter(pk=person_id).first()
    if person is None:
        raise NotFound
    access_log_record(
        user=user,
        event=AccessEvent.READ,
        channel=channel,
        person_ids=[person.pk],
        resource=resource or f"/personen/{person.pk}",
    )
    return person


def person_found_in_search(*, person_id: int) -> Person | None:
    """A person by number, unscoped: only for a number the caller proved the user's own search
    showed (the household page signs the list of results)."""
    return Person.objects.filter(pk=person_id, merged_into__isnull=True).first()


def household_get_for_user(
    *, user: User, household_id: int, channel: Channel = Channel.HTML, resource: str = ""
) -> Household:
    """The household if one of its cases is visible to the user; logs a read of every member."""
    household = (
        households_visible_to(user).select_related("municipality").filter(pk=household_id).first()
    )
    if household is None:
        raise NotFound
    access_log_record(
        user=user,
        event=AccessEvent.READ,
        channel=channel,
        person_ids=household.members.values_list("person_id", flat=True),
        resource=resource or f"/huishoudens/{household.pk}",
    )
    return household


def household_members(*, household: Household) -> QuerySet[HouseholdMember]:
    return (
        HouseholdMember.objects.filter(household=household)
        .select_related("person")
        .order_by("person__last_name", "person__first_names", "pk")
    )


def household_case_numbers(*, user: User, household: Household) -> list[str]:
    cases = visible_cases(user).filter(household=household)
    return sorted(cases.values_list("number", flat=True))


@dataclass(frozen=True)
class PersonHousehold:
    household: Household
    role: str
    case_numbers: list[str]


@dataclass(frozen=True)
class PersonHouseholds:
    visible: list[PersonHousehold]
    elsewhere: int  # households outside the user's scope: counted, never named


def person_households(*, user: User, person: Person) -> PersonHouseholds:
    memberships = list(
        HouseholdMember.objects.filter(person=person)
        .select_related("household")
        .order_by("household__name", "pk")
    )
    numbers: dict[int, list[str]] = defaultdict(list)
    cases = visible_cases(user).filter(household_id__in=[m.household_id for m in memberships])
    for household_id, number in cases.values_list("household_id", "number").order_by("number"):
        numbers[household_id].append(number)
    visible = [
        PersonHousehold(m.household, m.roles_display, numbers[m.household_id])
        for m in memberships
        if numbers[m.household_id]
    ]
    return PersonHouseholds(visible=visible, elsewhere=len(memberships) - len(visible))


def merged_person_ids(*, person: Person) -> list[int]:
    """The numbers of registrations merged into this person, so an old number can be traced."""
    return list(person.merged_from.order_by("pk").values_list("pk", flat=True))


def person_history(*, person: Person) -> list[HistoryEntry]:
    """Who changed what, newest first. A BSN is shown masked here too."""
    records = list(person.history.select_related("history_user").order_by("history_date", "pk"))
    municipality_ids = {r.municipality_id for r in records if r.municipality_id}
    municipalities = dict(
        Municipality.objects.filter(pk__in=municipality_ids).values_list("pk", "name")
    )
    return change_history(
        records, Person, lambda name, value: _display(name, value, municipalities)
    )


def _display(name: str, value: Any, municipalities: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if name == "bsn":
        return masked_bsn(str(value))
    if name == "sex":
        return str(Sex(value).label)
    if name == "municipality":
        return municipalities.get(value, str(value))
    if name in {"merged_into", "created_by"}:
        return f"persoon {value}" if name == "merged_into" else str(value)
    return str(value)


@dataclass(frozen=True)
class Candidate:
    """A person who may be the one searched for, with the score 0–100 and why."""

    person: Person
    score: int
    reasons: list[str]
    visible: bool  # whether the user may open the person's page

    @property
    def masked_bsn(self) -> str:
        return masked_bsn(self.person.bsn)


def person_candidates(
    *,
    user: User,
    last_name: str = "",
    first_names: str = "",
    prefix: str = "",
    bsn: str = "",
    birth_year: int | None = None,
    birth_month: int | None = None,
    birth_day: int | None = None,
    limit: int = 10,
    min_score: int = MIN_SCORE,
    exclude_ids: Iterable[int] = (),
    visible_only: bool = False,
    channel: Channel = Channel.HTML,
    resource: str = "",
) -> list[Candidate]:
    """Search before registering: persons in this VT who may be the one described, best first,
    each scoring at least `min_score`.

    Only rows an index finds are scored: the same BSN (by its keyed hash), the same or a
    similar-starting name key, or the same date of birth, also with day and month swapped.
    Every person returned gets a SEARCH entry in the access log (R-PRIV-3).
    """
    # A partner system searches too (its report must not duplicate a person) but sees nothing:
    # its candidates are never `visible`, and only their numbers reach the reports API.
    if not (can(user, Action.VIEW_CLIENT_DATA) or can(user, Action.SUBMIT_REPORT)):
        return []
    query = matching.Identity(
        last_name=last_name,
        prefix=prefix,
        first_names=first_names,
        birth=matching.PartialDate(birth_year, birth_month, birth_day),
        bsn_hash=bsn_hash(bsn) if bsn and is_valid_bsn(bsn) else "",
    )
    rows = _prefiltered(query, min_score)
    if rows is None:
        return []
    rows = rows.exclude(pk__in=list(exclude_ids))
    # Scored from plain tuples of the identity columns: up to PREFILTER_LIMIT rows, where model
    # instances would cost more than the scoring. Only the best few are then loaded as persons.
    scored = []
    for row in rows.values("pk", "merged_into_id", *_IDENTITY)[:PREFILTER_LIMIT]:
        if row["merged_into_id"] is not None:
            continue
        candidate = _identity(row)
        points, reasons = matching.score(query, candidate)
        if points >= min_score:
            scored.append((points, reasons, candidate, row["pk"]))
    scored.sort(key=lambda item: (-item[0], item[2].last_name, item[2].first_names, item[3]))
    # Which candidates the user may see is asked about the scored few, after scoring: a filter
    # on the prefiltered rows made the database check up to PREFILTER_LIMIT of them each.
    if visible_only:
        visible = _visible_among(user, [pk for *_, pk in scored])
        scored = [item for item in scored if item[3] in visible]
    best = scored[:limit]
    if not best:
        return []
    ids = [pk for *_, pk in best]
    persons = Person.objects.in_bulk(ids)
    if not visible_only:
        visible = _visible_among(user, ids)
    access_log_record(
        user=user,
        event=AccessEvent.SEARCH,
        channel=channel,
        person_ids=ids,
        resource=resource,
        detail="zoeken naar bestaande persoon",
    )
    return [
        Candidate(persons[pk], points, reasons, pk in visible) for points, reasons, _, pk in best
    ]


def _visible_among(user: User, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(persons_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _prefiltered(query: matching.Identity, min_score: int = MIN_SCORE) -> QuerySet[Person] | None:
    """The rows worth scoring, found through indexes only; None when nothing was given.

    With a full date of birth, a candidate found only by its name scores at most
    `matching.BEST_WITHOUT_SAME_DATE`: a search for better candidates (the reports API, which
    takes a person over from 90) skips the name branches, whose common names would bring up to
    PREFILTER_LIMIT rows to score, and looks up the BSN and the date only.

    Only indexed columns appear in the WHERE clause (merged persons are skipped in Python), so
    the database answers each branch from an index: SQLite's planner, lacking statistics, would
    otherwise walk the `merged_into` index through the whole table. The closest kinds of match
    come first, so the cap on rows never drops an exact match for a merely similar one.
    """
    conditions = Q()
    rank = []
    if query.bsn_hash:
        conditions |= Q(bsn_hash=query.bsn_hash)
        rank.append(models.When(bsn_hash=query.bsn_hash, then=0))
    year, month, day = query.birth.year, query.birth.month, query.birth.day
    by_name = not (year and month and day) or min_score <= matching.BEST_WITHOUT_SAME_DATE
    has_name = by_name and query.last_name.strip()
    key = matching.name_key(query.last_name, query.prefix) if has_name else ""
    if key:
        conditions |= Q(name_key=key)
        rank.append(models.When(name_key=key, then=1))
    if year and month and day:
        same_date = Q(birth_year=year, birth_month=month, birth_day=day)
        if day <= 12 and day != month:
            same_date |= Q(birth_year=year, birth_month=day, birth_day=month)
        conditions |= same_date
        rank.append(models.When(same_date, then=2))
    if key:
        # Typos after the first letters: a range on the indexed key ("jan" ≤ key < "jao").
        start = key[:3]
        conditions |= Q(name_key__gte=start, name_key__lt=start[:-1] + chr(ord(start[-1]) + 1))
        if year:
            rank.append(models.When(birth_year=year, then=3))
    if not conditions:
        return None
    order = models.Case(*rank, default=4, output_field=models.IntegerField())
    return Person.objects.filter(conditions).order_by(order, "pk")


_IDENTITY = (
    "last_name",
    "prefix",
    "first_names",
    "birth_year",
    "birth_month",
    "birth_day",
    "bsn_hash",
)


def _identity(row: dict[str, Any]) -> matching.Identity:
    return matching.Identity(
        last_name=row["last_name"],
        prefix=row["prefix"],
        first_names=row["first_names"],
        birth=matching.PartialDate(row["birth_year"], row["birth_month"], row["birth_day"]),
        bsn_hash=row["bsn_hash"],
    )
