"""Demo screenings: a few of the demo reports that wait for their assessment are screened today,
the oldest one as acute, so the screening list and the crisis deadline have something to show.

Idempotent: once anything was screened today, a second run adds nothing. Call after the demo reports exist.
"""

from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can
from zicht.audit.models import Channel
from zicht.screening import selectors, services
from zicht.screening.models import Screening

NOTES = (
    "Melder belde opnieuw: de partner dreigt vanavond terug te komen. Crisisdienst ingeschakeld.",
    "Geen nieuwe signalen sinds de melding; school ziet de kinderen dagelijks.",
    "Huisarts bevestigt de zorgen, geen acuut gevaar; beoordeling deze week.",
)


def seed(*, staff: dict[str, User], count: int = 3) -> int:
    """Screens up to `count` unassessed reports; returns how many screenings it added."""
    today = timezone.localdate()
    if Screening.objects.filter(screened_on=today).exists():
        return 0  # today's demo screening is done: a second run adds nothing
    fallback = staff["teamleider"]
    waiting = (
        selectors.unassessed_reports()
        .exclude(screenings__screened_on=today)
        .select_related("case__worker")
        .order_by("received_at", "pk")[:count]
    )
    added = 0
    for index, report in enumerate(waiting):
        worker = report.case.worker
        screener = worker if worker is not None and can(worker, Action.ASSESS_SAFETY) else fallback
        services.screening_record(
            user=screener,
            report=report,
            note=NOTES[index % len(NOTES)],
            acute=index == 0,
            channel=Channel.SYSTEM,
        )
        added += 1
    return added
