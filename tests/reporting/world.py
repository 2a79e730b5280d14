"""A small fixed data set for the reporting tests, with every figure counted by hand.

Half year 2026-1 (today in these tests is after it):

| report | received   | reporter            | municipality    | case  | involvement | assessment            |
|--------|------------|---------------------|-----------------|-------|-------------|-----------------------|
| r1     | 10-02-2026 | police professional | Alkmaar         | c1    | first       | partner, 16-02        |
| r2     | 15-04-2026 | citizen             | Alkmaar         | c1    | follow-up   | none (during monitoring) |
| r3     | 05-03-2026 | education prof.     | Den Helder      | c3    | first       | close, 09-03; closed 10-03 |
| r4     | 20-05-2026 | health care prof.   | Den Helder      | c4    | repeat (c3) | none yet              |
| r5     | 01-06-2026 | police professional | Amsterdam (out) | c5    | first       | investigation, 05-06 (confirmed 20-07) |
| r6     | 02-07-2026 | police professional | Alkmaar         | c6    | first       | (the next half year)  |

c1 is handed over (16-02, one handover sent) and monitored from 01-04. Advice: a1 (education
professional, 01-03), a2 (citizen, 02-03), a3 (01-08, the next half year).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.factories import MunicipalityFactory, OrganisationFactory, PartnerAgencyFactory
from tests.people.factories import PersonFactory
from zicht.accounts.models import Team, User
from zicht.advice.models import Advice, FrameworkOutcome
from zicht.assessment.models import Assessment, Outcome, Status
from zicht.cases.models import Case, PhaseChange
from zicht.cases.workflow import Phase
from zicht.handover.models import Handover
from zicht.investigation.models import Conclusion, Investigation
from zicht.monitoring.models import Basis, MonitoringPlan
from zicht.organisation.models import Municipality
from zicht.people.models import HouseholdRole, Person, Sex
from zicht.reports.models import CallerKind, Contact, ContactOutcome, Report
from zicht.reports.services import Involved, Reporter, report_register

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: str, hour: int = 10) -> datetime:
    d, m, y = (int(part) for part in day.split("-"))
    return datetime(y, m, d, hour, tzinfo=AMS)


def reporter(kind: str = CallerKind.PROFESSIONAL, sector: str = "police_justice") -> Reporter:
    return Reporter(name="Melder", kind=kind, phone="0612345678", organisation="", sector=sector)


@dataclass
class World:
    alkmaar: Municipality
    den_helder: Municipality
    amsterdam: Municipality
    anna: Person
    bram: Person
    cas: Person
    dirk: Person
    reports: dict[str, Report]
    advices: dict[str, Advice]

    def case(self, name: str) -> Case:
        return self.reports[{"c1": "r1", "c3": "r3", "c4": "r4", "c5": "r5", "c6": "r6"}[name]].case


def _confirm(case: Case, user: User, outcome: str, day: str) -> None:
    Assessment.objects.create(
        case=case,
        author=user,
        status=Status.CONFIRMED,
        outcome=outcome,
        confirmed_at=at(day, 15),
        confirmed_by=user,
    )


def _phase(case: Case, user: User, target: Phase, day: str, *, close: bool = False) -> None:
    PhaseChange.objects.create(
        case=case, from_phase=case.phase, to_phase=target, at=at(day, 16), by=user
    )
    case.phase = target
    case.closed_at = at(day, 16) if close else None
    case.save(update_fields=["phase", "closed_at"])


def _advice(user: User, day: str, kind: str, sector: str) -> Advice:
    contact = Contact.objects.create(
        channel="phone",
        received_at=at(day),
        caller_kind=kind,
        sector=sector,
        becomes=ContactOutcome.ADVICE,
        created_by=user,
    )
    return Advice.objects.create(
        contact=contact,
        question="Vraag",
        framework_outcome=FrameworkOutcome.ADVICE_AND_SUPPORT,
        responsibility_discussed=True,
        created_by=user,
    )


def build(user: User, team: Team) -> World:
    OrganisationFactory(code="VTNHN")
    alkmaar = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    den_helder = MunicipalityFactory(name="Den Helder", cbs_code="GM0400")
    amsterdam = MunicipalityFactory(name="Amsterdam", cbs_code="GM0363", in_region=False)
    anna = PersonFactory(birth_year=1990, birth_month=5, birth_day=1, sex=Sex.FEMALE)
    bram = PersonFactory(birth_year=1988, birth_month=None, birth_day=None, sex=Sex.MALE)
    cas = PersonFactory(birth_year=2015, birth_month=3, birth_day=20, sex=Sex.OTHER)
    dirk = PersonFactory(birth_year=1970, birth_month=None, birth_day=None, sex=Sex.MALE)
    eva = PersonFactory(birth_year=2000, birth_month=1, birth_day=1, sex=Sex.FEMALE)
    fred = PersonFactory(birth_year=None, birth_month=None, birth_day=None, sex=Sex.UNKNOWN)
    gijs = PersonFactory(birth_year=1995, birth_month=2, birth_day=2, sex=Sex.MALE)

    def register(day, people, who, municipality, types, duration="unknown"):
        return report_register(
            user=user,
            channel="phone",
            received_at=at(day),
            reporter=who,
            involved=[Involved(person, role) for person, role in people],
            concerns="Zorgen.",
            violence_types=types,
            violence_duration=duration,
            team=team,
            municipality=municipality,
        )

    victim, perpetrator, child = (
        HouseholdRole.VICTIM,
        HouseholdRole.ALLEGED_PERPETRATOR,
        HouseholdRole.CHILD,
    )
    r1 = register(
        "10-02-2026",
        [(anna, victim), (bram, perpetrator), (cas, child)],
        reporter(),
        alkmaar,
        ["physical", "psychological"],
        "over_two_years",
    )
    c1 = r1.case
    _confirm(c1, user, Outcome.PARTNER, "16-02-2026")
    _phase(c1, user, Phase.HANDOVER, "16-02-2026")
    Handover.objects.create(
        case=c1,
        partner=PartnerAgencyFactory(),
        facts="Feiten.",
        sent_at=at("16-02-2026", 16),
        sent_by=user,
    )
    _phase(c1, user, Phase.MONITORING, "01-04-2026")
    MonitoringPlan.objects.create(
        case=c1,
        basis=Basis.values[0],
        started_on=date(2026, 4, 1),
        ends_on=date(2027, 10, 1),
        created_by=user,
    )
    r2 = register(
        "15-04-2026", [(anna, victim)], reporter(CallerKind.CITIZEN, ""), None, ["psychological"]
    )
    r3 = register(
        "05-03-2026", [(dirk, perpetrator)], reporter(sector="education"), den_helder, ["neglect"]
    )
    _confirm(r3.case, user, Outcome.CLOSE, "09-03-2026")
    _phase(r3.case, user, Phase.CLOSED, "10-03-2026", close=True)
    r4 = register(
        "20-05-2026",
        [(dirk, perpetrator)],
        reporter(sector="health_care"),
        den_helder,
        ["physical"],
    )
    r5 = register(
        "01-06-2026", [(eva, victim), (fred, perpetrator)], reporter(), amsterdam, ["sexual"]
    )
    _confirm(r5.case, user, Outcome.INVESTIGATION, "05-06-2026")
    _phase(r5.case, user, Phase.INVESTIGATION, "05-06-2026")
    Investigation.objects.create(
        case=r5.case,
        decided_on=date(2026, 6, 5),
        conclusion=Conclusion.CONFIRMED,
        concluded_at=at("20-07-2026"),
        created_by=user,
    )
    r6 = register("02-07-2026", [(gijs, victim)], reporter(), alkmaar, ["physical"])
    advices = {
        "a1": _advice(user, "01-03-2026", CallerKind.PROFESSIONAL, "education"),
        "a2": _advice(user, "02-03-2026", CallerKind.CITIZEN, ""),
        "a3": _advice(user, "01-08-2026", CallerKind.PROFESSIONAL, "health_care"),
    }
    reports = {"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "r6": r6}
    for report in reports.values():
        report.refresh_from_db()
    return World(alkmaar, den_helder, amsterdam, anna, bram, cas, dirk, reports, advices)


def assert_no_client_data(text: str, *persons: Any) -> None:
    """No person of the data set in `text` (R-INF-1..3: aggregates only): not the full name, not
    the last name as a word of its own, not the BSN. A word (Faker drew the surname "Lijn", which
    is in "Lijndiagram" on every dashboard) rather than a substring, so the check fails on a leak,
    not on the page's own words."""
    for person in persons:
        assert person.full_name not in text
        assert not re.search(rf"\b{re.escape(person.last_name)}\b", text), person.last_name
        assert person.bsn == "" or person.bsn not in text
