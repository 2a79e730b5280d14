"""Synthetic demo data for the embedded default. Names come from Faker nl_NL: never real persons.

Idempotent: every object is found by a natural key before it is created, so a second run of
`seed_demo` neither fails nor duplicates.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from faker import Faker

from zicht.accounts import services as account_services
from zicht.accounts.models import Team, User
from zicht.accounts.policy import Role
from zicht.accounts.selectors import user_by_email
from zicht.cases.models import Case
from zicht.demo.region import MUNICIPALITIES, OUTSIDE_REGION
from zicht.organisation import services as org_services
from zicht.organisation.models import Municipality, PartnerType

DEMO_PASSWORD = "zicht-demo-2026"  # noqa: S105 - synthetic demo accounts, documented in README
DEMO_DOMAIN = "zicht.test"
# The synthetic case workers of `seed_demo --scale` (schaal-<team>-NN@zicht.test).
SCALE_PREFIX = "schaal-"


def demo_cases() -> QuerySet[Case]:
    """The cases of the demo scenarios: opened by a demo account, not by one of `--scale`'s
    synthetic workers. The demo seeders of the services only touch these, so that re-running
    `seed_demo` on a benchmark database does not add handovers to its 20,000 scale cases."""
    return Case.objects.filter(created_by__email__endswith=f"@{DEMO_DOMAIN}").exclude(
        created_by__email__startswith=SCALE_PREFIX
    )


TEAMS: dict[str, list[str]] = {
    "Team Alkmaar en omstreken": ["Alkmaar", "Bergen (NH.)", "Castricum", "Heiloo", "Uitgeest"],
    "Team West-Friesland": [
        "Hoorn",
        "Medemblik",
        "Enkhuizen",
        "Drechterland",
        "Stede Broec",
        "Koggenland",
        "Opmeer",
    ],
    "Team Kop van Noord-Holland": [
        "Den Helder",
        "Schagen",
        "Hollands Kroon",
        "Texel",
        "Dijk en Waard",
    ],
}


@dataclass(frozen=True)
class DemoAccount:
    local_part: str
    role: Role
    team: str | None

    @property
    def email(self) -> str:
        return f"{self.local_part}@{DEMO_DOMAIN}"


DEMO_ACCOUNTS = [
    DemoAccount("medewerker", Role.CASE_WORKER, "Team Alkmaar en omstreken"),
    DemoAccount("medewerker2", Role.CASE_WORKER, "Team Alkmaar en omstreken"),
    DemoAccount("gedragswetenschapper", Role.BEHAVIOURAL_SCIENTIST, "Team Alkmaar en omstreken"),
    DemoAccount("vertrouwensarts", Role.CONFIDENTIAL_DOCTOR, "Team Alkmaar en omstreken"),
    DemoAccount("teamleider", Role.TEAM_LEADER, "Team Alkmaar en omstreken"),
    DemoAccount("procescoach", Role.PROCESS_COACH, "Team West-Friesland"),
    DemoAccount("frontoffice", Role.FRONT_OFFICE, "Team West-Friesland"),
    DemoAccount("medewerker3", Role.CASE_WORKER, "Team West-Friesland"),
    DemoAccount("medewerker4", Role.CASE_WORKER, "Team Kop van Noord-Holland"),
    DemoAccount("beheerder", Role.FUNCTIONAL_ADMIN, None),
    # A second pair of eyes: destroying a file takes two functional administrators (R-PRIV-4).
    DemoAccount("beheerder2", Role.FUNCTIONAL_ADMIN, None),
    DemoAccount("beleid", Role.POLICY_CONTROL, None),
]


@transaction.atomic
def seed_reference_data() -> None:
    org_services.organisation_ensure(name="Veilig Thuis Noord-Holland Noord", code="VTNHN")
    municipalities = {
        name: org_services.municipality_ensure(name=name, cbs_code=code)
        for name, code in MUNICIPALITIES
    }
    for name, code in OUTSIDE_REGION:
        org_services.municipality_ensure(name=name, cbs_code=code, in_region=False)
    for team_name, team_municipalities in TEAMS.items():
        Team.objects.get_or_create(name=team_name)
        served = [municipalities[name] for name in team_municipalities]
        _seed_local_partners(served)
    everywhere = list(municipalities.values())
    regional = [
        ("Raad voor de Kinderbescherming, regio Noord-Holland", PartnerType.RVDK),
        ("Politie Noord-Holland, district Noord", PartnerType.POLICE),
        ("Openbaar Ministerie, arrondissement Noord-Holland", PartnerType.PUBLIC_PROSECUTOR),
        ("Crisisdienst Jeugd en Gezin Noord-Holland Noord", PartnerType.CRISIS_SERVICE),
        ("Zorg- en Veiligheidshuis Noord-Holland Noord", PartnerType.SAFETY_HOUSE),
        ("Reclassering, unit Alkmaar", PartnerType.PROBATION),
        ("Jeugdbescherming Noord-Holland Noord", PartnerType.YOUTH_PROTECTION),
        ("GGZ Noord-Holland-Noord", PartnerType.MENTAL_HEALTH),
    ]
    fake = Faker("nl_NL")
    fake.seed_instance(2019)
    for name, partner_type in regional:
        org_services.partner_ensure(
            name=name,
            type=partner_type,
            municipalities=everywhere,
            phone=fake.phone_number(),
            email=f"info@{partner_type.value.replace('_', '-')}.zicht.test",
            contact_person=fake.name(),
        )


def _seed_local_partners(municipalities: list[Municipality]) -> None:
    fake = Faker("nl_NL")
    for municipality in municipalities:
        fake.seed_instance(municipality.cbs_code)
        org_services.partner_ensure(
            name=f"Sociaal wijkteam {municipality.name}",
            type=PartnerType.LOCAL_TEAM,
            municipalities=[municipality],
            phone=fake.phone_number(),
            email=f"wijkteam@{municipality.cbs_code.lower()}.zicht.test",
            contact_person=fake.name(),
            address=f"{fake.street_address()}, {municipality.name}",
        )


@transaction.atomic
def seed_demo_accounts() -> list[User]:
    fake = Faker("nl_NL")
    users = []
    for account in DEMO_ACCOUNTS:
        user = user_by_email(email=account.email)
        if user is None:
            fake.seed_instance(account.local_part)
            teams = Team.objects.filter(name=account.team) if account.team else Team.objects.none()
            user = account_services.user_create(
                email=account.email,
                full_name=fake.name(),
                role=account.role,
                password=DEMO_PASSWORD,
                teams=teams,
            )
        account_services.totp_device_enrol_confirmed(user=user)
        users.append(user)
    return users
