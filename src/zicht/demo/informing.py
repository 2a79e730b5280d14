"""Demo data for informing: a recorded reporter contact on the demo cases whose
`reporter_contact` deadline the demo marks as met (R-TRI-7). Synthetic data only.

Every demo case comes with the report that opened it (zicht.demo.cases); the contact is recorded
with that report's reporter. Idempotent: a case with a recorded contact is skipped.
"""

from django.db import transaction

from zicht.audit.models import Channel
from zicht.cases.models import Deadline
from zicht.demo.reference import demo_cases
from zicht.informing import services
from zicht.informing.models import ReporterContact


def seed() -> int:
    """Returns how many reporter contacts it recorded."""
    met = (
        Deadline.objects.filter(
            kind="reporter_contact",
            met_at__isnull=False,
            case__in=demo_cases(),
        )
        .select_related("case", "met_by")
        .order_by("case__number")
    )
    added = 0
    for deadline in met:
        case = deadline.case
        # A demo database made before demo cases carried their report has no reporter to contact.
        if ReporterContact.objects.filter(case=case).exists() or not case.reports.exists():
            continue
        _seed_contact(deadline)
        added += 1
    return added


@transaction.atomic
def _seed_contact(deadline: Deadline) -> ReporterContact:
    case = deadline.case
    report = case.reports.order_by("received_at").first()
    assert report is not None  # noqa: S101  # checked by seed()
    assert deadline.met_at is not None and deadline.met_by is not None  # noqa: S101  # filtered
    return services.reporter_contact_record(
        user=deadline.met_by,
        report=report,
        expected_version=None,
        contacted_at=deadline.met_at,
        method="phone",
        safety_judgement="Er zijn zorgen over de veiligheid van de kinderen. Veilig Thuis "
        "beoordeelt de situatie en blijft voorlopig betrokken.",
        information_shared="Veilig Thuis gaat in gesprek met de ouders. De school hoeft geen "
        "gesprek met de ouders over de melding te voeren.",
        reporter_options="Blijf het kind in de klas volgen en bel Veilig Thuis bij nieuwe "
        "signalen.",
        agreements="Veilig Thuis belt de leerkracht over twee weken terug.",
        channel=Channel.SYSTEM,
    )
