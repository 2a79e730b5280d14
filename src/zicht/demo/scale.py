"""Synthetic scale data for benchmarks (`seed_demo --scale N`). Never real persons.

`seed_scale` adds many open cases fast with bulk inserts, bypassing the services (and therefore
the access log and the change history: seeding reads and changes nobody's data). It keeps the
invariants the services keep: one open responsibility period per case (R-ZOV-1), unique case
numbers with the year's counter advanced, a phase change and a timeline event per case.
"""

import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from zicht.accounts import services as account_services
from zicht.accounts.models import Team, User
from zicht.accounts.policy import Role
from zicht.cases.deadlines import DEADLINE_KINDS
from zicht.cases.models import (
    Case,
    CaseNumberCounter,
    Deadline,
    HolderType,
    PhaseChange,
    ResponsibilityPeriod,
    TimelineEvent,
)
from zicht.cases.workflow import Phase
from zicht.demo.cases import household_name, split_last_name
from zicht.demo.reference import DEMO_DOMAIN, SCALE_PREFIX, TEAMS
from zicht.organisation.models import Municipality
from zicht.people.matching import name_key
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person, Sex

SCALE_WORKERS_PER_TEAM = 12
SCALE_BATCH = 5000
SCALE_UNASSIGNED = 0.05  # share of cases waiting for a worker
SCALE_PHASES: dict[Phase, tuple[int, tuple[str, str, str]]] = {
    # weight, and the three deadline kinds a case in that phase typically has
    Phase.ASSESSMENT: (35, ("assessment", "reporter_contact", "crisis_action")),
    Phase.HANDOVER: (10, ("partner_receipt", "partner_start", "reporter_update")),
    Phase.CONDITIONS: (20, ("assessment", "conditions_done", "reporter_update")),
    Phase.INVESTIGATION: (15, ("assessment", "investigation_done", "reporter_update")),
    Phase.MONITORING: (20, ("conditions_done", "monitoring_3_months", "monitoring_12_months")),
}
SCALE_REASON = "Melding ontvangen (schaalgegevens)"


@dataclass
class ScaleResult:
    cases: int = 0
    persons: int = 0
    deadlines: int = 0
    workers_added: int = 0
    seconds: float = 0.0


@dataclass
class _Pool:
    """Names and addresses drawn once from Faker (slow) and combined at random (fast)."""

    female: list[str]
    male: list[str]
    families: list[tuple[str, str, str]]  # prefix, last name, name key
    streets: list[str]
    postcodes: list[str]

    @classmethod
    def generate(cls, seed: int, size: int = 300) -> "_Pool":
        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        families = {split_last_name(fake.last_name()) for _ in range(size)}
        return cls(
            female=[fake.first_name_female() for _ in range(size)],
            male=[fake.first_name_male() for _ in range(size)],
            families=[(p, n, name_key(n, p)) for p, n in sorted(families)],
            streets=[fake.street_name() for _ in range(size)],
            postcodes=[fake.postcode() for _ in range(size)],
        )


@dataclass
class _Context:
    rng: random.Random
    pool: _Pool
    now: datetime
    today: date
    teams: list[Team]
    workers: dict[int, list[int]]  # team id → worker ids
    municipalities: dict[int, list[Municipality]]  # team id → the municipalities it serves
    due_cache: dict[tuple[str, date], date] = field(default_factory=dict)
    span: dict[str, int] = field(default_factory=dict)  # kind → about how many days it runs

    def due(self, kind: str, start: date) -> date:
        key = (kind, start)
        if key not in self.due_cache:
            self.due_cache[key] = DEADLINE_KINDS[kind].calculate(start)
        return self.due_cache[key]

    def days_of(self, kind: str) -> int:
        if kind not in self.span:
            self.span[kind] = (self.due(kind, self.today) - self.today).days
        return self.span[kind]


def _scale_workers(teams: list[Team]) -> tuple[dict[int, list[int]], int]:
    """Synthetic case workers per team (no usable password, no 2FA device: they never log in).

    Scale cases go to these, not to the demo accounts, so a demo worker's "Mijn werk" keeps a
    realistic caseload however many cases are added.
    """
    fake = Faker("nl_NL")
    added = 0
    workers: dict[int, list[int]] = {}
    for team_index, team in enumerate(teams):
        ids = []
        for number in range(1, SCALE_WORKERS_PER_TEAM + 1):
            email = f"{SCALE_PREFIX}{slugify(team.name)}-{number:02d}@{DEMO_DOMAIN}"
            user = User.objects.filter(email=email).first()
            if user is None:
                fake.seed_instance(f"{team_index}-{number}")
                user = account_services.user_create(
                    email=email,
                    full_name=fake.name(),
                    role=Role.CASE_WORKER,
                    password=None,
                    teams=[team],
                )
                added += 1
            ids.append(user.pk)
        workers[team.pk] = ids
    return workers, added


def seed_scale(
    count: int,
    *,
    batch_size: int = SCALE_BATCH,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ScaleResult:
    """Adds `count` open cases in active phases with households, deadlines and ledger rows."""
    started = time.perf_counter()
    result = ScaleResult()
    teams = list(Team.objects.order_by("name"))
    if not teams:
        raise ValueError("Er zijn nog geen teams: laad eerst de referentiegegevens.")
    workers, result.workers_added = _scale_workers(teams)
    by_name = {m.name: m for m in Municipality.objects.all()}
    everywhere = list(by_name.values())
    municipalities = {
        team.pk: [by_name[n] for n in TEAMS.get(team.name, []) if n in by_name] or everywhere
        for team in teams
    }
    seed = Case.objects.count() if seed is None else seed
    context = _Context(
        rng=random.Random(seed),  # noqa: S311 - synthetic data, not security
        pool=_Pool.generate(seed),
        now=timezone.now(),
        today=timezone.localdate(),
        teams=teams,
        workers=workers,
        municipalities=municipalities,
    )
    while result.cases < count:
        size = min(batch_size, count - result.cases)
        persons, deadlines = _scale_batch(context, size, batch_size)
        result.cases += size
        result.persons += persons
        result.deadlines += deadlines
        if progress:
            progress(result.cases)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows the tables are no longer nearly empty; and,
        # outside a transaction, a visibility map, so counts can be answered from an index.
        tables = ", ".join(
            model._meta.db_table
            for model in (Household, Person, HouseholdMember, Case, Deadline, ResponsibilityPeriod)
        )
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {tables}")
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _PlannedCase:
    team: Team
    worker_id: int | None
    municipality: Municipality
    phase: Phase
    opened_at: datetime
    family: tuple[str, str, str]
    members: list[tuple[str, Sex, HouseholdRole, int]]  # first name, sex, role, birth year
    deadlines: list[tuple[str, date, date, datetime | None]]  # kind, start, due, met at


def _plan_deadline(context: _Context, kind: str) -> tuple[str, date, date, datetime | None]:
    """A start date chosen so the mix of statuses today is realistic: mostly on time, about a
    fifth overdue, a few due today, about a fifth already met."""
    rng, today = context.rng, context.today
    days = context.days_of(kind)
    roll = rng.random()
    if roll < 0.2 or (days == 0 and roll < 0.9):  # met; a same-day obligation mostly is
        start = today - timedelta(days=days + rng.randint(0, 60))
        met_after = rng.randint(0, max(days, 1))
        met_at = context.now - timedelta(days=(today - start).days - met_after)
        return kind, start, context.due(kind, start), min(met_at, context.now)
    if roll < 0.36:  # overdue
        target = today - timedelta(days=rng.randint(1, 30))
    elif roll < 0.39:  # due today
        target = today
    else:
        target = today + timedelta(days=rng.randint(1, max(days, 1)))
    start = min(target - timedelta(days=days), today)
    return kind, start, context.due(kind, start), None


def _plan_case(context: _Context, phases: list[Phase], weights: list[int]) -> _PlannedCase:
    rng, pool = context.rng, context.pool
    team = rng.choice(context.teams)
    worker_id = None if rng.random() < SCALE_UNASSIGNED else rng.choice(context.workers[team.pk])
    phase = rng.choices(phases, weights)[0]
    deadlines = [_plan_deadline(context, kind) for kind in SCALE_PHASES[phase][1]]
    first_start = min(start for _, start, _, _ in deadlines)
    opened_at = context.now - timedelta(
        days=(context.today - first_start).days + rng.randint(0, 3), minutes=rng.randint(0, 600)
    )
    year = context.today.year
    adults: list[tuple[str, Sex, HouseholdRole, int]] = [
        (rng.choice(pool.female), Sex.FEMALE, HouseholdRole.VICTIM, year - rng.randint(22, 50))
    ]
    if rng.random() < 0.8:
        adults.append(
            (
                rng.choice(pool.male),
                Sex.MALE,
                HouseholdRole.ALLEGED_PERPETRATOR,
                year - rng.randint(22, 55),
            )
        )
    children = []
    for _ in range(rng.randint(2, 4) - len(adults) or 1):
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        first = rng.choice(pool.female if sex == Sex.FEMALE else pool.male)
        children.append((first, sex, HouseholdRole.CHILD, year - rng.randint(0, 17)))
    return _PlannedCase(
        team=team,
        worker_id=worker_id,
        municipality=rng.choice(context.municipalities[team.pk]),
        phase=phase,
        opened_at=opened_at,
        family=rng.choice(pool.families),
        members=adults + children,
        deadlines=deadlines,
    )


def _reserve_numbers(years: Counter[int]) -> dict[int, Iterator[int]]:
    """Advances each year's counter by the cases of that year, under the same row lock as
    `cases.services._next_number`, so later `case_open` calls continue after this block."""
    numbers: dict[int, Iterator[int]] = {}
    for year, amount in sorted(years.items()):
        CaseNumberCounter.objects.get_or_create(year=year)
        counter = CaseNumberCounter.objects.select_for_update().get(year=year)
        numbers[year] = iter(range(counter.last + 1, counter.last + amount + 1))
        counter.last += amount
        counter.save(update_fields=["last"])
    return numbers


@transaction.atomic
def _scale_batch(context: _Context, size: int, batch_size: int) -> tuple[int, int]:
    phases = list(SCALE_PHASES)
    weights = [SCALE_PHASES[phase][0] for phase in phases]
    plans = [_plan_case(context, phases, weights) for _ in range(size)]
    rng, pool = context.rng, context.pool
    households = Household.objects.bulk_create(
        [
            Household(
                name=household_name(*plan.family[:2], word="Huishouden"),
                municipality_id=plan.municipality.pk,
            )
            for plan in plans
        ],
        batch_size=batch_size,
    )
    persons: list[Person] = []
    roles: list[tuple[int, HouseholdRole]] = []
    for plan, household in zip(plans, households, strict=True):
        prefix, last_name, key = plan.family
        street, postcode = rng.choice(pool.streets), rng.choice(pool.postcodes)
        house_number = str(rng.randint(1, 300))
        for first, sex, role, birth_year in plan.members:
            persons.append(
                Person(
                    first_names=first,
                    prefix=prefix,
                    last_name=last_name,
                    name_key=key,
                    birth_year=birth_year,
                    birth_month=rng.randint(1, 12),
                    birth_day=rng.randint(1, 28),
                    sex=sex,
                    street=street,
                    house_number=house_number,
                    postcode=postcode,
                    city=plan.municipality.name,
                    municipality_id=plan.municipality.pk,
                )
            )
            roles.append((household.pk, role))
    Person.objects.bulk_create(persons, batch_size=batch_size)
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(household_id=household_id, person_id=person.pk, role=role)
            for person, (household_id, role) in zip(persons, roles, strict=True)
        ],
        batch_size=batch_size,
    )
    numbers = _reserve_numbers(Counter(timezone.localdate(p.opened_at).year for p in plans))
    cases = Case.objects.bulk_create(
        [
            Case(
                number=f"{year}-{next(numbers[year]):06d}",
                household_id=household.pk,
                team_id=plan.team.pk,
                worker_id=plan.worker_id,
                municipality_id=plan.municipality.pk,
                phase=plan.phase,
                opened_at=plan.opened_at,
                created_by_id=plan.worker_id or context.workers[plan.team.pk][0],
            )
            for plan, household in zip(plans, households, strict=True)
            for year in [timezone.localdate(plan.opened_at).year]
        ],
        batch_size=batch_size,
    )
    deadlines = [
        Deadline(
            case_id=case.pk,
            kind=kind,
            started_on=start,
            due=due,
            met_at=met_at,
            met_by_id=case.created_by_id if met_at else None,
            team_id=case.team_id,
            worker_id=case.worker_id,
            case_active=case.phase != Phase.CLOSED,
        )
        for case, plan in zip(cases, plans, strict=True)
        for kind, start, due, met_at in plan.deadlines
    ]
    Deadline.objects.bulk_create(deadlines, batch_size=batch_size)
    ResponsibilityPeriod.objects.bulk_create(
        [
            ResponsibilityPeriod(
                case_id=case.pk,
                holder_type=HolderType.VT,
                team_id=case.team_id,
                worker_id=case.worker_id,
                started_at=case.opened_at,
                reason=SCALE_REASON,
                created_by_id=case.created_by_id,
            )
            for case in cases
        ],
        batch_size=batch_size,
    )
    PhaseChange.objects.bulk_create(
        [
            PhaseChange(
                case_id=case.pk,
                to_phase=case.phase,
                at=case.opened_at,
                by_id=case.created_by_id,
                reason=SCALE_REASON,
            )
            for case in cases
        ],
        batch_size=batch_size,
    )
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                case_id=case.pk,
                at=case.opened_at,
                actor_id=case.created_by_id,
                kind="case_opened",
                summary=f"Dossier geopend: {SCALE_REASON}",
            )
            for case in cases
        ],
        batch_size=batch_size,
    )
    return len(persons), len(deadlines)
