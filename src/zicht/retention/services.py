"""Keeping and destroying case files (R-PRIV-4): every write of this app.

A closed case gets its destruction date (`retention_refresh`, and monthly for all of them through
`manage.py retention_list`). A due file is destroyed only after two different functional
administrators agreed: one proposes (`destruction_propose`), another approves
(`destruction_approve`), which destroys it at once (`destruction.py`). Refused, with nothing
changed: an open case on the same persons, a legal hold, a file not yet due, the same
administrator approving their own proposal.

After a conclusion without HG/KM the household may ask for destruction: the request is recorded
(`destruction_request_record`), decided by a team leader (`destruction_request_decide`: granted
unless a legal ground to keep the file applies, with the reason), and the household gets the
outcome by letter; a granted request makes the file due today, still under the four eyes.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.assessment.models import Assessment, Outcome
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.cases.services import case_lock, timeline_add
from zicht.cases.workflow import Phase
from zicht.core.errors import AlreadyExists, Conflict, Gone, NotFound
from zicht.informing.services import household_addressees
from zicht.investigation.models import Conclusion, Investigation
from zicht.letters.models import RecipientKind
from zicht.letters.services import letter_queue
from zicht.people.models import HouseholdRole
from zicht.retention import destruction
from zicht.retention.models import (
    Basis,
    ChildProtectionDecision,
    Decision,
    DestructionProposal,
    DestructionRecord,
    DestructionRequest,
    LegalHold,
    Retention,
)
from zicht.retention.rules import ChildBirth, destruction_date

OUTCOME_LETTER = "retention_request_outcome"
NOT_CLOSED = "Dit dossier is niet afgesloten; alleen een afgesloten dossier kan worden vernietigd."
SAME_APPROVER = (
    "U heeft deze vernietiging zelf voorgedragen. Een tweede, andere functioneel beheerder moet "
    "haar goedkeuren (vier ogen). Er is niets vernietigd."
)
NOT_PROPOSED = (
    "Deze vernietiging is nog niet voorgedragen. Eerst draagt een functioneel beheerder het "
    "dossier voor, daarna keurt een tweede het goed. Er is niets vernietigd."
)
NOT_ELIGIBLE = (
    "Het huishouden kan alleen om vernietiging vragen als Veilig Thuis concludeerde dat er geen "
    "huiselijk geweld of kindermishandeling was: de veiligheidsbeoordeling sloot af zonder zorgen, "
    "of het onderzoek concludeerde 'weerlegd'."
)


def _children(case: Case) -> list[ChildBirth]:
    members = case.household.members.select_related("person")
    return [
        ChildBirth(m.person.birth_year, m.person.birth_month, m.person.birth_day)
        for m in members
        if HouseholdRole.CHILD in m.all_roles
    ]


def _granted_on(case: Case) -> date | None:
    granted = DestructionRequest.objects.filter(case=case, decision=Decision.GRANTED)
    decided = granted.order_by("decided_at").values_list("decided_at", flat=True).first()
    return timezone.localdate(decided) if decided else None


def retention_refresh(*, case: Case, now: datetime | None = None) -> Retention | None:
    """The closed case's destruction date, (re)computed and stored; none for an open case (a
    reopened case loses the one it had)."""
    now = now or timezone.now()
    if case.phase != Phase.CLOSED or case.closed_at is None:
        Retention.objects.filter(case=case).delete()
        return None
    ended_on = timezone.localdate(case.closed_at)
    granted_on = _granted_on(case)
    if granted_on is not None:
        destroy_on, basis = granted_on, Basis.REQUEST
    else:
        destroy_on, basis = destruction_date(
            ended_on=ended_on,
            years=settings.RETENTION_YEARS,
            child_protection=ChildProtectionDecision.objects.filter(case=case).exists(),
            children=_children(case),
        )
    retention, _ = Retention.objects.update_or_create(
        case=case,
        defaults={
            "ended_on": ended_on,
            "destroy_on": destroy_on,
            "basis": basis,
            "computed_at": now,
        },
    )
    return retention


def retention_refresh_all(*, now: datetime | None = None) -> int:
    """Every closed case's destruction date (the monthly job); open cases lose theirs."""
    now = now or timezone.now()
    Retention.objects.exclude(case__phase=Phase.CLOSED).delete()
    closed = Case.objects.filter(phase=Phase.CLOSED).select_related("household")
    count = 0
    for case in closed.iterator(chunk_size=500):
        with transaction.atomic():
            if retention_refresh(case=case, now=now) is not None:
                count += 1
    return count


def open_cases_on_same_persons(case: Case) -> list[str]:
    """Numbers of the open cases that share a person with this one (they suspend it)."""
    others = Case.objects.of_persons(case.person_ids()).exclude(pk=case.pk)
    return list(
        others.exclude(phase=Phase.CLOSED).order_by("number").values_list("number", flat=True)
    )


def active_hold(case: Case) -> LegalHold | None:
    return LegalHold.objects.filter(case=case, lifted_at=None).order_by("placed_at").first()


def destruction_refusal(case: Case, today: date) -> str:
    """Why this file cannot be destroyed today, in Dutch; "" when it can."""
    if case.phase != Phase.CLOSED:
        return NOT_CLOSED
    open_numbers = open_cases_on_same_persons(case)
    if open_numbers:
        return (
            f"Er loopt een open dossier op dezelfde personen ({', '.join(open_numbers)}); zolang "
            "dat loopt, wordt dit dossier niet vernietigd. Er is niets vernietigd."
        )
    hold = active_hold(case)
    if hold is not None:
        return (
            f"Op dit dossier rust een bewaarplicht ({hold.reason}); hef die eerst op. "
            "Er is niets vernietigd."
        )
    retention = Retention.objects.filter(case=case).first()
    if retention is None or retention.destroy_on > today:
        due = f" (pas op {retention.destroy_on:%d-%m-%Y})" if retention else ""
        return f"Dit dossier is nog niet aan vernietiging toe{due}. Er is niets vernietigd."
    return ""


def _locked_case(number: str) -> Case:
    """The case locked (case first, docs/architecture.md "Locks"); one destroyed meanwhile — two
    administrators approving at once — is answered as gone, not as an error."""
    case_id = Case.objects.filter(number=number).values_list("pk", flat=True).first()
    try:
        if case_id is None:
            raise Case.DoesNotExist
        return case_lock(case_id, None)
    except Case.DoesNotExist:
        if DestructionRecord.objects.filter(case_number=number).exists():
            raise Gone(f"Dossier {number} is al vernietigd.") from None
        raise NotFound(f"Er is geen dossier met nummer {number}.") from None


def _changed(
    *, user: User, case: Case, detail: str, kind: str, summary: str, target: models.Model
) -> None:
    """A change to what is kept about the file's persons: on the case's timeline (`kind`,
    `summary`), in the access log under their names (R-PRIV-3), and the destruction date worked
    out again (R-PRIV-4)."""
    timeline_add(case=case, actor=user, kind=kind, summary=summary, target=target)
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=Channel.HTML,
        person_ids=case.person_ids(),
        case=case,
        detail=detail,
    )
    retention_refresh(case=case)


@transaction.atomic
def destruction_propose(
    *, user: User, number: str, today: date | None = None
) -> DestructionProposal:
    """The first of the four eyes: a functional administrator puts a due file forward."""
    require(user, Action.MANAGE_RETENTION)
    case = _locked_case(number)
    retention_refresh(case=case)
    refusal = destruction_refusal(case, today or timezone.localdate())
    if refusal:
        raise Conflict(refusal)
    if DestructionProposal.objects.filter(case=case).exists():
        raise AlreadyExists(f"Dossier {number} is al voorgedragen voor vernietiging.")
    return DestructionProposal.objects.create(
        case=case, proposed_by=user, proposed_at=timezone.now()
    )


@transaction.atomic
def destruction_withdraw(*, user: User, number: str) -> None:
    """Takes a proposal back (nothing is destroyed)."""
    require(user, Action.MANAGE_RETENTION)
    case = _locked_case(number)
    if not DestructionProposal.objects.filter(case=case).delete()[0]:
        raise Conflict(NOT_PROPOSED)


@transaction.atomic
def destruction_approve(*, user: User, number: str, today: date | None = None) -> DestructionRecord:
    """The second of the four eyes: a different functional administrator approves, and the file
    is destroyed in this transaction. Every refusal leaves everything as it was."""
    require(user, Action.MANAGE_RETENTION)
    case = _locked_case(number)
    proposal = DestructionProposal.objects.select_related("proposed_by").filter(case=case).first()
    if proposal is None:
        raise Conflict(NOT_PROPOSED)
    if proposal.proposed_by_id == user.pk:
        raise Conflict(SAME_APPROVER)
    retention_refresh(case=case)
    refusal = destruction_refusal(case, today or timezone.localdate())
    if refusal:
        raise Conflict(refusal)
    retention = Retention.objects.get(case=case)
    removal, target, kept = destruction.removal_plan(case)
    access_log_record(
        user=user,
        event=AccessEvent.DELETE,
        channel=Channel.HTML,
        person_ids=sorted(target.person_ids),
        case=case,
        detail="dossier vernietigd (R-PRIV-4)",
    )
    record = DestructionRecord(
        case_number=case.number,
        closed_on=retention.ended_on,
        basis=retention.basis,
        proposed_by=proposal.proposed_by,
        approved_by=user,
        destroyed_at=timezone.now(),
        persons_kept=kept,
    )
    record.rows_removed, record.files_removed = destruction.removal_execute(removal, target)
    record.save()
    return record


@transaction.atomic
def legal_hold_place(*, user: User, number: str, reason: str) -> LegalHold:
    require(user, Action.MANAGE_RETENTION)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Vul de reden van de bewaarplicht in."})
    case = _locked_case(number)
    hold = LegalHold.objects.create(
        case=case, reason=reason, placed_by=user, placed_at=timezone.now()
    )
    _changed(
        user=user,
        case=case,
        detail="bewaarplicht geplaatst",
        kind="retention_hold_placed",
        summary=f"Bewaarplicht geplaatst: het dossier wordt niet vernietigd zolang die rust. "
        f"Reden: {reason}",
        target=hold,
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, user: User, hold_id: int) -> LegalHold:
    require(user, Action.MANAGE_RETENTION)
    number = LegalHold.objects.filter(pk=hold_id).values_list("case__number", flat=True).first()
    case = _locked_case(number) if number else None  # the case first (docs/architecture.md)
    hold = LegalHold.objects.select_for_update().filter(pk=hold_id, lifted_at=None).first()
    if case is None or hold is None:
        raise NotFound("Deze bewaarplicht bestaat niet of is al opgeheven.")
    hold.lifted_by, hold.lifted_at = user, timezone.now()
    hold.save(update_fields=["lifted_by", "lifted_at"])
    _changed(
        user=user,
        case=case,
        detail="bewaarplicht opgeheven",
        kind="retention_hold_lifted",
        summary=f"Bewaarplicht opgeheven (reden was: {hold.reason})",
        target=hold,
    )
    return hold


@transaction.atomic
def child_protection_record(
    *, user: User, case: Case, version: int, reason: str
) -> ChildProtectionDecision:
    """The decision that the file matters for a child protection measure: kept until the
    youngest child is 18 where that is later. `case` comes from `case_get_for_user`."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": "Vul in waarom het dossier van belang is voor een kinderbeschermingsmaatregel."
            }
        )
    locked = case_lock(case, version)
    if ChildProtectionDecision.objects.filter(case=locked).exists():
        raise AlreadyExists("Dit besluit is voor dit dossier al vastgelegd.")
    decision = ChildProtectionDecision.objects.create(
        case=locked, reason=reason, decided_by=user, decided_at=timezone.now()
    )
    _changed(
        user=user,
        case=locked,
        detail="besluit kinderbescherming (bewaartermijn)",
        kind="child_protection_decision",
        summary="Het dossier is van belang voor een kinderbeschermingsmaatregel: het wordt "
        f"bewaard tot het jongste kind 18 is, als dat later is. Reden: {reason}",
        target=decision,
    )
    return decision


def no_hgkm_concluded(case: Case) -> bool:
    """VT concluded there was no HG/KM: the assessment closed without concerns, or the
    investigation concluded "weerlegd"."""
    closed = Assessment.objects.filter(case=case, outcome=Outcome.CLOSE, confirmed_at__isnull=False)
    refuted = Investigation.objects.filter(case=case, conclusion=Conclusion.REFUTED)
    return closed.exists() or refuted.exists()


@transaction.atomic
def destruction_request_record(
    *, user: User, case: Case, version: int, received_on: date, requested_by: str
) -> DestructionRequest:
    requested_by = requested_by.strip()
    if not requested_by:
        raise ValidationError({"requested_by": "Vul in wie om vernietiging vraagt."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "De datum van ontvangst ligt in de toekomst."})
    locked = case_lock(case, version)
    if not no_hgkm_concluded(locked):
        raise Conflict(NOT_ELIGIBLE, field="requested_by")
    if DestructionRequest.objects.filter(case=locked, decision="").exists():
        raise AlreadyExists("Er staat al een verzoek tot vernietiging open voor dit dossier.")
    request = DestructionRequest.objects.create(
        case=locked,
        received_on=received_on,
        requested_by=requested_by,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    _changed(
        user=user,
        case=locked,
        detail="verzoek tot vernietiging vastgelegd",
        kind="destruction_requested",
        summary=f"Verzoek tot vernietiging van {requested_by}, ontvangen op "
        f"{received_on:%d-%m-%Y}; een teamleider beslist.",
        target=request,
    )
    return request


@transaction.atomic
def destruction_request_decide(
    *, user: User, case: Case, version: int, decision: str, reason: str
) -> DestructionRequest:
    """A team leader decides: granted, unless a legal ground to keep the file applies (then the
    reason is required). The household gets the outcome by letter, one per address."""
    require(
        user,
        Action.LEAD_TEAM,
        message="Alleen een teamleider beslist over een verzoek tot vernietiging.",
    )
    if decision not in Decision.values:
        raise ValidationError({"decision": "Kies: inwilligen of afwijzen."})
    reason = reason.strip()
    if decision == Decision.REFUSED and not reason:
        raise ValidationError({"reason": "Noem de wettelijke grond om het dossier te bewaren."})
    locked = case_lock(case, version)
    request = (
        DestructionRequest.objects.select_for_update(of=("self",))
        .filter(case=locked, decision="")
        .first()
    )
    if request is None:
        raise Conflict("Er staat geen verzoek tot vernietiging open voor dit dossier.")
    request.decision, request.decision_reason = decision, reason
    request.decided_by, request.decided_at = user, timezone.now()
    request.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    context = {
        "case_number": locked.number,
        "granted": decision == Decision.GRANTED,
        "reason": reason,
        "received_on": request.received_on.strftime("%d-%m-%Y"),
    }
    for address, names in household_addressees(locked).items():
        letter_queue(
            user=user,
            case=locked,
            template_code=OUTCOME_LETTER,
            recipient_name=names,
            recipient_address=address,
            recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
            context={**context, "recipient_name": names},
        )
    outcome = "ingewilligd" if decision == Decision.GRANTED else f"afgewezen: {reason}"
    _changed(
        user=user,
        case=locked,
        detail="verzoek tot vernietiging beslist",
        kind="destruction_decided",
        summary=f"Verzoek tot vernietiging {outcome}. Het huishouden krijgt een brief.",
        target=request,
    )
    return request
