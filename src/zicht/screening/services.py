"""Writes of the daily screening (R-WL-1) and the waiting-list escalation (R-WL-2)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases import services as case_services
from zicht.reports.models import Report
from zicht.screening import selectors
from zicht.screening.models import Screening, WaitingListEscalation

SCREEN_REFUSED = "Uw rol mag geen meldingen screenen."
ESCALATION_REFUSED = "Alleen een teamleider legt een escalatie vast."

NOTE_MAX = 500


@transaction.atomic
def screening_record(
    *,
    user: User,
    report: Report,
    note: str,
    acute: bool,
    channel: Channel = Channel.HTML,
) -> Screening:
    """Records today's screening of a report that is not yet assessed (R-WL-1).

    One screening per report per day: a second one the same day replaces the note and the acute
    flag (the change history keeps the first), so the list shows the latest judgement. Direct
    danger always gets direct intervention: an acute screening starts the same-day
    `crisis_action` deadline and says so on the case's timeline.
    """
    require(user, Action.ASSESS_SAFETY, message=SCREEN_REFUSED)
    note = note.strip()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = "Schrijf in een korte notitie wat u bij de screening zag."
    elif len(note) > NOTE_MAX:
        errors["note"] = f"De notitie is te lang: hoogstens {NOTE_MAX} tekens."
    if not isinstance(acute, bool):
        errors["acute"] = "Kies of er direct gevaar is: ja of nee."
    # The report row is locked so two screeners of the same report queue instead of colliding.
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("case__household")
        .get(pk=report.pk)
    )
    if not selectors.is_unassessed(report):
        errors["report"] = (
            "Deze melding is al beoordeeld; de dagelijkse screening is alleen voor meldingen die "
            "nog op de veiligheidsbeoordeling wachten."
        )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    today = timezone.localdate(now)
    screening, _ = Screening.objects.update_or_create(
        report=report,
        screened_on=today,
        defaults={"screened_at": now, "screened_by": user, "note": note, "acute": acute},
    )
    if acute:
        case_services.deadline_start(
            case=report.case, kind="crisis_action", start=today, actor=user
        )
        case_services.timeline_add(
            case=report.case,
            actor=user,
            kind="screening_acute",
            summary=f"Dagelijkse screening: direct gevaar, crisisinterventie vandaag. {note}",
            target=screening,
            at=now,
        )
    access_log_record(
        user=user,
        event=AccessEvent.CREATE,
        channel=channel,
        person_ids=report.case.person_ids(),
        case=report.case,
        detail="dagelijkse screening",
    )
    return screening


@transaction.atomic
def escalation_record(
    *, user: User, escalated_on: date | None, escalated_to: str, note: str
) -> WaitingListEscalation:
    """Records that the backlog was escalated to the regional steering group (R-WL-2), with the
    figures of today kept beside it."""
    require(user, Action.LEAD_TEAM, message=ESCALATION_REFUSED)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if escalated_on is None:
        errors["escalated_on"] = "Vul de datum van de escalatie in."
    elif escalated_on > today:
        errors["escalated_on"] = "De datum van de escalatie ligt in de toekomst."
    if not escalated_to.strip():
        errors["escalated_to"] = (
            "Vul in aan wie u heeft geëscaleerd (bijvoorbeeld de regionale stuurgroep)."
        )
    elif len(escalated_to.strip()) > 200:
        errors["escalated_to"] = "Aan wie is te lang: hoogstens 200 tekens."
    if not note.strip():
        errors["note"] = "Schrijf kort wat u heeft gevraagd of afgesproken."
    if errors or escalated_on is None:
        raise ValidationError(errors)
    figures = selectors.waiting_list(today=today)
    return WaitingListEscalation.objects.create(
        escalated_on=escalated_on,
        escalated_to=escalated_to.strip(),
        note=note.strip(),
        backlog=figures.backlog,
        days_to_clear=figures.days_to_clear,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
