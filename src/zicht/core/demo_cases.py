"""Synthetic demo cases, and synthetic scale data for benchmarks. Never real persons.

`seed_demo_cases` builds about a dozen households with cases through the real services
(`cases.services`, `people.services`), so the demo shows a case in every phase of the workflow,
"Mijn werk" with overdue, due-today and on-time deadlines, a case whose responsibility for safety
lies with a partner agency, and one with an earlier closed case linked. It is idempotent: a
scenario whose household already exists is skipped.

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
from zicht.audit.models import Channel
from zicht.cases import services as case_services
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
from zicht.core.demo import DEMO_DOMAIN, SCALE_PREFIX, TEAMS
from zicht.organisation.models import Municipality
from zicht.people import services as people_services
from zicht.people.matching import NAME_PREFIXES, name_key
from zicht.people.models import Household, HouseholdMember, HouseholdRole, Person, Sex
from zicht.reports.models import (
    CallerKind,
    Contact,
    ContactChannel,
    ContactOutcome,
    Involvement,
    Report,
    ReportPerson,
    Sector,
)

ALKMAAR = "Team Alkmaar en omstreken"
WEST_FRIESLAND = "Team West-Friesland"
KOP = "Team Kop van Noord-Holland"


def synthetic_bsn(rng: random.Random) -> str:
    """A BSN that passes the 11-proof by construction, in the 9999… range of test numbers.

    Eight digits are chosen, the ninth is the one that makes 9·d1 + … + 2·d8 − d9 a multiple
    of 11; a choice for which that digit would be 10 is drawn again.
    """
    while True:
        digits = [9, 9, 9, 9] + [rng.randrange(10) for _ in range(4)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "".join(map(str, [*digits, check]))


def split_last_name(faked: str) -> tuple[str, str]:
    """Faker's nl_NL last names carry their prefix ("van der Berg"): (prefix, last name)."""
    words = faked.split()
    prefix: list[str] = []
    while len(words) > 1 and words[0].lower() in NAME_PREFIXES:
        prefix.append(words.pop(0))
    return " ".join(prefix), " ".join(words)


def household_name(prefix: str, last_name: str, word: str = "Gezin") -> str:
    # Without a first name before it, a Dutch prefix takes a capital: "Gezin Van Vliet".
    family = f"{prefix} {last_name}".strip()
    return f"{word} {family[:1].upper()}{family[1:]}"


# --- Demo cases --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoDeadline:
    kind: str
    started_days_ago: int
    met_days_ago: int | None = None  # None: still open


@dataclass(frozen=True)
class DemoScenario:
    team: str
    worker: str | None  # local part of a demo account; None: not yet assigned
    path: tuple[Phase, ...]  # transitions after opening (see tests/cases/factories.PATHS)
    opened_days_ago: int
    deadlines: tuple[DemoDeadline, ...]
    children: int = 1
    earlier_closed: bool = False  # the mother had a case before, now closed (R-REP-5)


D = DemoDeadline
DEMO_SCENARIOS: tuple[DemoScenario, ...] = (
    # medewerker@zicht.test: "Mijn werk" with overdue, due today and on time.
    DemoScenario(
        ALKMAAR,
        "medewerker",
        (),
        12,
        (D("assessment", 12), D("reporter_contact", 12, met_days_ago=11)),
        children=2,
    ),
    DemoScenario(
        ALKMAAR, "medewerker", (), 0, (D("crisis_action", 0), D("assessment", 0)), children=3
    ),
    DemoScenario(
        ALKMAAR,
        "medewerker",
        (Phase.INVESTIGATION,),
        30,
        (
            D("assessment", 30, met_days_ago=26),
            D("investigation_done", 25),
            D("reporter_update", 25),
        ),
    ),
    DemoScenario(
        ALKMAAR,
        "medewerker",
        (Phase.CONDITIONS,),
        80,
        (D("assessment", 80, met_days_ago=76), D("conditions_done", 75)),
        children=2,
    ),
    DemoScenario(
        ALKMAAR,
        "medewerker",
        (Phase.CONDITIONS, Phase.MONITORING),
        130,
        (D("conditions_done", 125, met_days_ago=95), D("monitoring_3_months", 91)),
    ),
    DemoScenario(ALKMAAR, "medewerker", (), 0, (D("assessment", 0),), earlier_closed=True),
    # Handed over to the local team, which confirmed it took the case up (handover.demo).
    DemoScenario(
        ALKMAAR, "medewerker2", (Phase.HANDOVER,), 20, (D("assessment", 20, met_days_ago=15),)
    ),
    DemoScenario(ALKMAAR, None, (), 1, (D("assessment", 1), D("reporter_contact", 1))),
    DemoScenario(
        WEST_FRIESLAND,
        "medewerker3",
        (Phase.INVESTIGATION,),
        40,
        (D("reporter_contact", 40), D("investigation_done", 35)),
        children=2,
    ),
    DemoScenario(
        WEST_FRIESLAND,
        "medewerker3",
        (Phase.CONDITIONS, Phase.MONITORING),
        200,
        (D("monitoring_3_months", 100, met_days_ago=8), D("monitoring_12_months", 100)),
    ),
    DemoScenario(
        KOP, "medewerker4", (), 14, (D("house_ban_end", 12), D("assessment", 8)), children=2
    ),
    # Handed over, the partner has not confirmed yet: VT still responsible (R-HO-1).
    DemoScenario(
        ALKMAAR, "medewerker", (Phase.HANDOVER,), 6, (D("assessment", 6, met_days_ago=1),)
    ),
)


def demo_staff() -> dict[str, User]:
    users = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    return {user.email.split("@")[0]: user for user in users}


def _names(fake: Faker, count: int) -> list[tuple[str, str]]:
    """`count` distinct (prefix, last name) pairs, in a fixed order for a fixed seed."""
    names: list[tuple[str, str]] = []
    while len(names) < count:
        name = split_last_name(fake.last_name())
        if name not in names:
            names.append(name)
    return names


def seed_demo_cases() -> int:
    """Adds the demo scenarios whose household does not exist yet; returns how many it added."""
    staff = demo_staff()
    fake = Faker("nl_NL")
    fake.seed_instance(4107)
    rng = random.Random(4107)  # noqa: S311 - synthetic demo data, not security
    # Two names per scenario (the earlier household needs its own), drawn before any is used so
    # a skipped scenario never shifts the names of the next.
    names = _names(fake, 2 * len(DEMO_SCENARIOS))
    added = 0
    for index, scenario in enumerate(DEMO_SCENARIOS):
        prefix, last_name = names[2 * index]
        name = household_name(prefix, last_name)
        scenario_fake = Faker("nl_NL")
        scenario_fake.seed_instance(f"demo-{index}")
        scenario_rng = random.Random(rng.random())  # noqa: S311 - see above
        if Household.objects.filter(name=name).exists():
            continue
        _seed_scenario(
            scenario,
            name=name,
            family=(prefix, last_name),
            former_family=names[2 * index + 1],
            staff=staff,
            fake=scenario_fake,
            rng=scenario_rng,
            municipality_index=index,
        )
        added += 1
    return added


@dataclass
class _Registration:
    """What one scenario registers, and who does it."""

    opener: User
    municipality: Municipality
    fake: Faker
    rng: random.Random
    street: str = ""
    postcode: str = ""
    house_number: str = ""

    def person(
        self, *, family: tuple[str, str], sex: Sex, age: int, with_bsn: bool = False
    ) -> Person:
        first = self.fake.first_name_female() if sex == Sex.FEMALE else self.fake.first_name_male()
        birth_year = timezone.localdate().year - age
        return people_services.person_create(
            user=self.opener,
            first_names=first,
            prefix=family[0],
            last_name=family[1],
            birth_year=birth_year,
            birth_month=self.rng.randint(1, 12),
            birth_day=self.rng.randint(1, 28),
            sex=sex,
            bsn=synthetic_bsn(self.rng) if with_bsn else "",
            street=self.street,
            house_number=self.house_number,
            postcode=self.postcode,
            city=self.municipality.name,
            municipality=self.municipality,
            channel=Channel.SYSTEM,
        )

    def household(self, name: str, members: list[tuple[Person, HouseholdRole]]) -> Household:
        household = people_services.household_create(
            user=self.opener, name=name, municipality=self.municipality, channel=Channel.SYSTEM
        )
        for person, role in members:
            people_services.household_add_member(
                user=self.opener,
                household=household,
                person=person,
                role=role,
                channel=Channel.SYSTEM,
            )
        return household


@transaction.atomic
def _seed_scenario(
    scenario: DemoScenario,
    *,
    name: str,
    family: tuple[str, str],
    former_family: tuple[str, str],
    staff: dict[str, User],
    fake: Faker,
    rng: random.Random,
    municipality_index: int,
) -> Case:
    team = Team.objects.get(name=scenario.team)
    municipalities = TEAMS[scenario.team]
    municipality = Municipality.objects.get(
        name=municipalities[municipality_index % len(municipalities)]
    )
    worker = staff[scenario.worker] if scenario.worker else None
    actor = worker or staff["teamleider"]
    reg = _Registration(
        opener=staff["frontoffice"],
        municipality=municipality,
        fake=fake,
        rng=rng,
        street=fake.street_name(),
        postcode=fake.postcode(),
        house_number=str(rng.randint(1, 250)),
    )
    mother = reg.person(family=family, sex=Sex.FEMALE, age=rng.randint(26, 44), with_bsn=True)
    # After an earlier case, the children carry their father's name, not the new partner's.
    children_family = former_family if scenario.earlier_closed else family
    children = [
        reg.person(
            family=children_family,
            sex=rng.choice([Sex.FEMALE, Sex.MALE]),
            age=rng.randint(1, 15),
        )
        for _ in range(scenario.children)
    ]
    if scenario.earlier_closed:
        _seed_earlier_closed_case(
            reg, team=team, worker=actor, mother=mother, children=children, family=former_family
        )
    partner = reg.person(family=family, sex=Sex.MALE, age=rng.randint(28, 50), with_bsn=True)
    household = reg.household(
        name,
        [
            (mother, HouseholdRole.VICTIM),
            (partner, HouseholdRole.ALLEGED_PERPETRATOR),
            *[(child, HouseholdRole.CHILD) for child in children],
        ],
    )
    now = timezone.now()
    case = case_services.case_open(
        user=reg.opener,
        household=household,
        team=team,
        worker=worker,
        opened_at=now - timedelta(days=scenario.opened_days_ago),
        reason="Melding ontvangen (demogegevens)",
    )
    _seed_first_report(case, fake, anonymous=municipality_index % 3 == 1)
    for target in scenario.path:
        case = case_services.case_transition(
            user=actor, case=case, target=target, expected_version=None, channel=Channel.SYSTEM
        )
    today = timezone.localdate()
    for deadline in scenario.deadlines:
        start = today - timedelta(days=deadline.started_days_ago)
        case_services.deadline_start(case=case, kind=deadline.kind, start=start, actor=actor)
        if deadline.met_days_ago is not None:
            case_services.deadline_meet(
                case=case,
                kind=deadline.kind,
                user=actor,
                at=now - timedelta(days=deadline.met_days_ago),
            )
    return case


def _seed_first_report(case: Case, fake: Faker, *, anonymous: bool) -> Report:
    """The report a demo case came from: a synthetic professional reporter, received when the
    case was opened, about every member of the household. Written as rows, since the case and its
    deadlines are set up by the scenario itself (report_register would open a case of its own)."""
    contact = Contact.objects.create(
        channel=ContactChannel.PHONE,
        received_at=case.opened_at,
        caller_kind=CallerKind.PROFESSIONAL,
        sector=Sector.EDUCATION,
        profession="leerkracht",
        becomes=ContactOutcome.REPORT,
        created_by=case.created_by,
    )
    report = Report.objects.create(
        contact=contact,
        case=case,
        received_at=case.opened_at,
        reporter_name=fake.name(),
        reporter_organisation=f"Basisschool {fake.last_name()}",
        reporter_phone=fake.phone_number()[:30],
        anonymous_to_household=anonymous,
        anonymity_reason="De leerkracht vreest dat het kind anders thuis gestraft wordt."
        if anonymous
        else "",
        concerns="De leerkracht ziet blauwe plekken en een kind dat niet naar huis wil.",
        violence_types=["physical", "child_witness"],
        keeps_helping=True,
        agreements="Veilig Thuis belt de leerkracht terug na de eerste gesprekken.",
        involvement=Involvement.FIRST,
        created_by=case.created_by,
    )
    ReportPerson.objects.bulk_create(
        ReportPerson(report=report, person_id=member.person_id, role=member.role)
        for member in case.household.members.all()
    )
    return report


def _seed_earlier_closed_case(
    reg: _Registration,
    *,
    team: Team,
    worker: User,
    mother: Person,
    children: list[Person],
    family: tuple[str, str],
) -> Case:
    """The mother and children were in a case with a former partner, closed after assessment."""
    former = reg.person(family=family, sex=Sex.MALE, age=reg.rng.randint(30, 50), with_bsn=True)
    household = reg.household(
        household_name(*family),
        [
            (mother, HouseholdRole.VICTIM),
            (former, HouseholdRole.ALLEGED_PERPETRATOR),
            *[(child, HouseholdRole.CHILD) for child in children],
        ],
    )
    opened_at = timezone.now() - timedelta(days=300)
    case = case_services.case_open(
        user=reg.opener,
        household=household,
        team=team,
        worker=worker,
        opened_at=opened_at,
        reason="Melding ontvangen (demogegevens)",
    )
    case_services.deadline_start(
        case=case, kind="assessment", start=timezone.localdate(opened_at), actor=worker
    )
    case_services.deadline_meet(
        case=case, kind="assessment", user=worker, at=opened_at + timedelta(days=4)
    )
    return case_services.case_transition(
        user=worker,
        case=case,
        target=Phase.CLOSED,
        expected_version=None,
        reason="Veiligheid hersteld; ouders uit elkaar.",
        channel=Channel.SYSTEM,
    )


# --- Scale data --------------------------------------------------------------------------------

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
