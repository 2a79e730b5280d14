"""Synthetic demo cases. Never real persons.

`seed_demo_cases` builds about a dozen households with cases through the real services
(`cases.services`, `people.services`), so the demo shows a case in every phase of the workflow,
"Mijn werk" with overdue, due-today and on-time deadlines, a case whose responsibility for safety
lies with a partner agency, and one with an earlier closed case linked. It is idempotent: a
scenario whose household already exists is skipped.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from zicht.accounts.models import Team, User
from zicht.audit.models import Channel
from zicht.cases import services as case_services
from zicht.cases.models import (
    Case,
)
from zicht.cases.workflow import Phase
from zicht.demo.reference import DEMO_DOMAIN, TEAMS
from zicht.organisation.models import Municipality
from zicht.people import services as people_services
from zicht.people.matching import NAME_PREFIXES
from zicht.people.models import Household, HouseholdRole, Person, Sex
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
        # Its monitoring plan and moments come from demo/monitoring.py.
        (D("conditions_done", 125, met_days_ago=95),),
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
        (D("conditions_done", 190, met_days_ago=105),),
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


def seed_demo_cases(variant: str = "") -> int:
    """Adds the demo scenarios whose household does not exist yet; returns how many it added.
    A `variant` draws other families (the federation demo's second organisation must not hold
    the first one's families: the register would match them all)."""
    staff = demo_staff()
    fake = Faker("nl_NL")
    fake.seed_instance(f"4107{variant}" if variant else 4107)
    rng = random.Random(f"4107{variant}" if variant else 4107)  # noqa: S311 - synthetic demo data
    # Two names per scenario (the earlier household needs its own), drawn before any is used so
    # a skipped scenario never shifts the names of the next.
    names = _names(fake, 2 * len(DEMO_SCENARIOS))
    added = 0
    for index, scenario in enumerate(DEMO_SCENARIOS):
        prefix, last_name = names[2 * index]
        name = household_name(prefix, last_name)
        scenario_fake = Faker("nl_NL")
        scenario_fake.seed_instance(f"demo-{index}{variant}")
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
class Registration:
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
    reg = Registration(
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
    report = seed_first_report(case, fake, anonymous=municipality_index % 3 == 1)
    for target in scenario.path:
        case = case_services.case_transition(
            user=actor, case=case, target=target, expected_version=None, channel=Channel.SYSTEM
        )
    today = timezone.localdate()
    for deadline in scenario.deadlines:
        start = today - timedelta(days=deadline.started_days_ago)
        # The reporter's contact is about the report (R-TRI-7); the other kinds about the case.
        subject = (
            case_services.deadline_subject(report) if deadline.kind == "reporter_contact" else ""
        )
        case_services.deadline_start(
            case=case, kind=deadline.kind, start=start, actor=actor, subject=subject
        )
        if deadline.met_days_ago is not None:
            case_services.deadline_meet(
                case=case,
                kind=deadline.kind,
                user=actor,
                at=now - timedelta(days=deadline.met_days_ago),
                subject=subject,
            )
    return case


def seed_first_report(case: Case, fake: Faker, *, anonymous: bool) -> Report:
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
    reg: Registration,
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
    return closed_after_assessment(
        opener=reg.opener, household=household, team=team, worker=worker, opened_at=opened_at
    )


def closed_after_assessment(
    *, opener: User, household: Household, team: Team, worker: User, opened_at: datetime
) -> Case:
    """A case opened at `opened_at`, assessed within 4 days and closed (today) through the
    services: the demo's earlier cases."""
    case = case_services.case_open(
        user=opener,
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
