"""Reports built through `reports.services.report_register`, as the intake builds them, and the
informing services called with sensible defaults."""

import re
from io import BytesIO

from django.utils import timezone
from pypdf import PdfReader

from tests.factories import TeamFactory
from tests.people.factories import PersonFactory
from zicht.informing import services
from zicht.people.models import HouseholdRole
from zicht.reports.models import CallerKind
from zicht.reports.services import Involved, Reporter, report_register

TEACHER = Reporter(
    name="Fenna Zwaluwstaart",
    kind=CallerKind.PROFESSIONAL,
    phone="0612345678",
    email="f.zwaluwstaart@dewilg.test",
    organisation="Basisschool De Wilg",
    sector="education",
    profession="leerkracht",
)


def household_persons():
    mother = PersonFactory(
        first_names="Anna",
        last_name="Bakker",
        street="Kerkstraat",
        house_number="12",
        postcode="1811 AB",
        city="Alkmaar",
    )
    father = PersonFactory(
        first_names="Bram",
        last_name="Bakker",
        street="Kerkstraat",
        house_number="12",
        postcode="1811 AB",
        city="Alkmaar",
    )
    child = PersonFactory(first_names="Cas", last_name="Bakker", birth_year=2016)
    return [
        Involved(mother, HouseholdRole.VICTIM),
        Involved(father, HouseholdRole.ALLEGED_PERPETRATOR),
        Involved(child, HouseholdRole.CHILD),
    ]


def register(worker, *, reporter=TEACHER, anonymous=False, involved=None, received_at=None):
    team = worker.teams.first() or TeamFactory(name="Team Alkmaar")
    team.members.add(worker)
    return report_register(
        user=worker,
        channel="phone",
        received_at=received_at or timezone.now(),
        reporter=reporter,
        involved=involved or household_persons(),
        concerns="De leerkracht ziet blauwe plekken bij Cas en hoort over ruzie thuis.",
        violence_types=["physical", "child_witness"],
        anonymous_to_household=anonymous,
        anonymity_reason="De melder vreest voor de relatie met het gezin." if anonymous else "",
        team=team,
    )


def contact(worker, report, **overrides):
    values = {
        "user": worker,
        "report": report,
        "expected_version": report.case.__class__.objects.get(pk=report.case_id).version,
        "contacted_at": timezone.now(),
        "method": "phone",
        "safety_judgement": "Er zijn zorgen over de veiligheid van Cas; VT blijft betrokken.",
        "information_shared": "VT neemt contact op met de ouders; de school hoeft niets te doen.",
        "reporter_options": "Blijf Cas in de klas volgen en meld nieuwe signalen.",
        "agreements": "VT belt de leerkracht over twee weken terug.",
    }
    return services.reporter_contact_record(**{**values, **overrides})


def inform_household(worker, report, **overrides):
    values = {
        "user": worker,
        "report": report,
        "expected_version": report.case.__class__.objects.get(pk=report.case_id).version,
        "informed_at": timezone.now(),
        "means": "short_letter",
        "plans": "Een medewerker van Veilig Thuis komt volgende week bij u langs.",
    }
    return services.household_inform_record(**{**values, **overrides})


def update_reporter(worker, report, **overrides):
    values = {
        "user": worker,
        "report": report,
        "expected_version": report.case.__class__.objects.get(pk=report.case_id).version,
        "informed_at": timezone.now(),
        "method": "phone",
        "handed_over_to": "Het sociaal wijkteam Alkmaar neemt de hulp over.",
    }
    return services.reporter_update_record(**{**values, **overrides})


def pdf_text(letter) -> str:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
