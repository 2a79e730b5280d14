"""Every write to a case. Phase changes, responsibility, deadlines and the timeline change only
here, with the case row locked and its version checked, so two users never overwrite each other
silently (a stale form is refused with `StaleVersion`)."""

from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from zicht.accounts.models import Team, User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.calendar.workdays import extra_days_memo
from zicht.cases.deadlines import DEADLINE_KINDS
from zicht.cases.models import (
    Case,
    CaseNumberCounter,
    Deadline,
    EmergencyAccess,
    HolderType,
    PhaseChange,
    ResponsibilityPeriod,
    TimelineEvent,
)
from zicht.cases.workflow import Phase, check_guards, check_transition
from zicht.core import errors
from zicht.core.batch import DeferredWrites
from zicht.organisation.models import Municipality, PartnerAgency
from zicht.people.models import Household


class StaleVersion(errors.StaleVersion):
    """The case changed since the user read it (409, with the current version)."""

    title = "Dossier intussen gewijzigd"

    def __init__(self, case: Case) -> None:
        super().__init__(
            f"Dossier {case.number} is intussen door iemand anders gewijzigd (nu versie "
            f"{case.version}). Er is niets opgeslagen; bekijk de nieuwe stand en probeer het "
            "opnieuw."
        )
        self.case = case

    def problem_extra(self) -> dict[str, Any]:
        return {"current_version": self.case.version}


def case_lock(case: Case | int, expected_version: int | None) -> Case:
    """The case row locked until commit, refused with `StaleVersion` when another user changed
    it since the form was opened (`expected_version`). Every service that changes a case or
    what its page shows starts here, so two users never overwrite each other silently.

    Lock order (docs/architecture.md, "Locks"): the case first, then the service's own rows of
    that case, each with `of=("self",)` so a joined row (the household here, a partner agency
    elsewhere) is read but not locked."""
    case_id = case if isinstance(case, int) else case.pk
    locked = (
        Case.objects.select_for_update(of=("self",)).select_related("household").get(pk=case_id)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(locked)
    return locked


def case_touch(case: Case) -> None:
    """Raises the version without a history entry: the case record itself did not change (a
    report contact, a handover was recorded), but a form opened before must be refused, as it
    showed an older state. Call with the case locked."""
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    case.version += 1


def _bump(case: Case, user: User, **changes: Any) -> None:
    """Saves the locked case with its version raised; django-simple-history records who did it."""
    for name, value in changes.items():
        setattr(case, name, value)
    case.version += 1
    case._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    if party := _acting_for.get():
        case._change_reason = f"namens {party}"[:100]  # type: ignore[attr-defined]  # idem
    case.save(update_fields=["version", *changes])


def _next_number(year: int) -> str:
    """The year's next number, in one statement: the first case of a year creates its row, and
    the row stays locked until this transaction ends, so numbers have no gaps and no doubles."""
    table = connection.ops.quote_name(CaseNumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        # Both PostgreSQL and SQLite (3.35+) speak INSERT … ON CONFLICT … RETURNING.
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608  # our own table name
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (last,) = cursor.fetchone()
    return f"{year}-{last:06d}"


# The events of a service's steps, written together at the end of its `timeline_batch()`.
_events: DeferredWrites[TimelineEvent] = DeferredWrites(
    "timeline_batch", TimelineEvent.objects.bulk_create
)


def timeline_batch() -> AbstractContextManager[None]:
    """Holds the timeline events added inside the block and inserts them at its end, together
    (`core.batch.DeferredWrites`: inside the transaction; nothing when it raises; a nested batch
    joins the outer one). For a service of many steps: registering a report opens a case, starts
    deadlines and records the report, four events in one insert. Events added inside the block
    get their id only when it ends."""
    return _events.collect()


_acting_for: ContextVar[str] = ContextVar("acting_for", default="")


@contextmanager
def acting_for(party: str) -> Iterator[None]:
    """Case writes made inside are `party`'s answer, recorded as theirs ("namens"): a partner
    answering through its one-time link or its own system may not change a case itself, so the
    writes run under the account of the VT worker who sent the handover (the rights), while the
    timeline, the responsibility ledger and the change history name the partner as the one who
    decided, not the worker."""
    token = _acting_for.set(party)
    try:
        yield
    finally:
        _acting_for.reset(token)


def timeline_event(
    *,
    case: Case,
    actor: User | None,
    kind: str,
    summary: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TimelineEvent:
    """A timeline event, not yet saved: `timeline_add` saves one, a service with several
    inserts them together."""
    party = _acting_for.get()
    return TimelineEvent(
        case=case,
        at=at or timezone.now(),
        actor=actor,
        kind=kind,
        summary=summary[:300],
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=getattr(target, "pk", None),
        data={**(data or {}), "on_behalf_of": party} if party else (data or {}),
    )


@transaction.atomic(savepoint=False)  # joins the caller's transaction
def timeline_add(
    *,
    case: Case,
    actor: User | None,
    kind: str,
    summary: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TimelineEvent:
    event = timeline_event(
        case=case, actor=actor, kind=kind, summary=summary, target=target, data=data, at=at
    )
    _events.add([event])
    return event


@transaction.atomic(savepoint=False)  # joins the caller's transaction: it refuses nothing
def case_open(
    *,
    user: User,
    household: Household,
    team: Team,
    worker: User | None = None,
    municipality: Municipality | None = None,
    opened_at: datetime | None = None,
    reason: str = "Melding ontvangen",
    new_persons: Collection[int] = (),
) -> Case:
    """A new case for a household episode, in the assessment phase, VT responsible (R-REP-3).

    Earlier cases about any of the same persons are linked as history (R-REP-5). `new_persons`:
    members registered in the caller's transaction, who can have no earlier case.
    """
    opened_at = opened_at or timezone.now()
    case = Case.objects.create(
        number=_next_number(timezone.localdate(opened_at).year),
        household=household,
        team=team,
        worker=worker,
        municipality=municipality or household.municipality,
        phase=Phase.ASSESSMENT,
        opened_at=opened_at,
        created_by=user,
    )
    person_ids = case.person_ids()
    known = [pk for pk in person_ids if pk not in new_persons]
    if known:
        earlier = Case.objects.of_persons(known).exclude(pk=case.pk)
        case.earlier_cases.add(*earlier.values_list("pk", flat=True))
    PhaseChange.objects.create(
        case=case, to_phase=Phase.ASSESSMENT, at=opened_at, by=user, reason=reason
    )
    ResponsibilityPeriod.objects.create(
        case=case,
        holder_type=HolderType.VT,
        team=team,
        worker=worker,
        started_at=opened_at,
        reason=reason,
        created_by=user,
    )
    timeline_add(
        case=case,
        actor=user,
        kind="case_opened",
        summary=f"Dossier geopend: {reason}",
        at=opened_at,
    )
    access_log_record(
        user=user,
        event=AccessEvent.CREATE,
        channel=Channel.SYSTEM,
        person_ids=person_ids,
        case=case,
    )
    return case


@transaction.atomic
def case_transition(
    *,
    user: User,
    case: Case,
    target: Phase,
    expected_version: int | None,
    reason: str = "",
    channel: Channel = Channel.HTML,
) -> Case:
    """Moves a case to another phase, as the workflow allows and the user's role permits.

    Closing hands responsibility to the household when VT still held it; reopening (a new report
    about a closed case, R-REP-5) and a hand-back (R-HO-6) give it back to VT.
    """
    case = case_lock(case, expected_version)
    transition = check_transition(user, case.phase, target)
    check_guards(case, Phase(case.phase), target)
    now = timezone.now()
    source = case.phase
    _bump(case, user, phase=target, closed_at=now if target == Phase.CLOSED else None)
    if (source == Phase.CLOSED) != (target == Phase.CLOSED):
        Deadline.objects.filter(case=case).update(case_active=target != Phase.CLOSED)
    PhaseChange.objects.create(
        case=case, from_phase=source, to_phase=target, at=now, by=user, reason=reason
    )
    left_behind = [kind.code for kind in DEADLINE_KINDS.values() if kind.phase == source]
    if left_behind:
        deadlines_lapse(
            case=case,
            kinds=left_behind,
            user=user,
            reason=f"Het dossier ging van {Phase(source).label} naar {Phase(target).label}.",
            at=now,
        )
    holder = current_period(case)
    if target == Phase.CLOSED and holder is not None and holder.holder_type == HolderType.VT:
        _transfer(user, case, HolderType.HOUSEHOLD, reason="Dossier afgesloten", at=now)
    elif source in (Phase.CLOSED, Phase.HANDOVER) and target == Phase.ASSESSMENT:
        _transfer(
            user,
            case,
            HolderType.VT,
            team=case.team,
            worker=case.worker,
            reason=transition.label,
            at=now,
        )
    summary = f"Fase: {Phase(source).label} → {Phase(target).label}" + (
        f". {reason}" if reason else ""
    )
    timeline_add(case=case, actor=user, kind="phase_changed", summary=summary, at=now)
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=channel,
        case=case,
        detail=f"fase {source} → {target}",
    )
    return case


@transaction.atomic
def case_assign(
    *,
    user: User,
    case: Case,
    expected_version: int | None,
    team: Team,
    worker: User | None,
    channel: Channel = Channel.HTML,
) -> Case:
    """Changes the team and worker. While VT holds responsibility, the ledger follows."""
    case = case_lock(case, expected_version)
    if worker is not None and not worker.teams.filter(pk=team.pk).exists():
        raise ValidationError({"worker": f"{worker} is geen lid van {team}."})
    if (case.team_id, case.worker_id) == (team.pk, getattr(worker, "pk", None)):
        return case
    _bump(case, user, team=team, worker=worker)
    Deadline.objects.filter(case=case).update(team=team, worker=worker)
    holder = current_period(case)
    if holder is not None and holder.holder_type == HolderType.VT:
        _transfer(
            user,
            case,
            HolderType.VT,
            team=team,
            worker=worker,
            reason="Dossier overgedragen binnen Veilig Thuis",
        )
    who = worker.full_name if worker else "nog niemand"
    timeline_add(case=case, actor=user, kind="assigned", summary=f"Toegewezen aan {team}: {who}")
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=case, detail="toewijzing"
    )
    return case


@transaction.atomic
def case_set_municipality(
    *,
    user: User,
    case: Case,
    expected_version: int | None,
    municipality: Municipality | None,
    channel: Channel = Channel.HTML,
) -> Case:
    """Sets or corrects the municipality the household lives in: the handover offers that
    municipality's partners (R-HO-5) and a waiting list is reported to it. One outside the
    region is allowed (named so). A form opened on an older version is refused
    (`StaleVersion`); the change is a timeline event."""
    require(user, Action.REGISTER_CONTACT)
    case = case_lock(case, expected_version)
    if case.municipality_id == getattr(municipality, "pk", None):
        return case
    before = case.municipality
    _bump(case, user, municipality=municipality)
    after = str(municipality) if municipality else "onbekend"
    summary = (
        f"Gemeente gewijzigd van {before} in {after}" if before else f"Gemeente vastgelegd: {after}"
    )
    timeline_add(case=case, actor=user, kind="municipality_set", summary=summary)
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=case, detail="gemeente"
    )
    return case


def current_period(case: Case) -> ResponsibilityPeriod | None:
    return ResponsibilityPeriod.objects.filter(case=case, ended_at__isnull=True).first()


def _transfer(
    user: User,
    case: Case,
    holder_type: HolderType,
    *,
    reason: str,
    team: Team | None = None,
    worker: User | None = None,
    partner: PartnerAgency | None = None,
    at: datetime | None = None,
) -> ResponsibilityPeriod:
    if holder_type == HolderType.VT and team is None:
        raise ValidationError(
            {"team": "Kies het team van Veilig Thuis dat verantwoordelijk wordt."}
        )
    if holder_type == HolderType.PARTNER and partner is None:
        raise ValidationError({"partner": "Kies de ketenpartner die verantwoordelijk wordt."})
    if not reason.strip():
        raise ValidationError(
            {"reason": "Geef de reden van de overdracht van verantwoordelijkheid."}
        )
    at = at or timezone.now()
    open_period = current_period(case)
    if open_period is not None:
        if at < open_period.started_at:
            raise ValidationError(
                {"at": "Een overdracht kan niet vóór het begin van de huidige periode liggen."}
            )
        open_period.ended_at = at
        open_period.save(update_fields=["ended_at"])
    period = ResponsibilityPeriod.objects.create(
        case=case,
        holder_type=holder_type,
        team=team if holder_type == HolderType.VT else None,
        worker=worker if holder_type == HolderType.VT else None,
        partner=partner if holder_type == HolderType.PARTNER else None,
        started_at=at,
        reason=reason,
        created_by=user,
        on_behalf_of=_acting_for.get()[:200],
    )
    timeline_add(
        case=case,
        actor=user,
        kind="responsibility",
        summary=f"Verantwoordelijk voor veiligheid: {period.holder_label}. {reason}",
        target=period,
        at=at,
    )
    return period


@transaction.atomic
def responsibility_transfer(
    *,
    user: User,
    case: Case,
    holder_type: HolderType,
    reason: str,
    team: Team | None = None,
    worker: User | None = None,
    partner: PartnerAgency | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> ResponsibilityPeriod:
    """Ends the open period and starts the next one (R-ZOV-1, R-ZOV-2): one holder at a time."""
    case = case_lock(case, expected_version)
    period = _transfer(
        user, case, holder_type, reason=reason, team=team, worker=worker, partner=partner, at=at
    )
    _bump(case, user)
    return period


def vt_responsible_again(
    *, user: User, case: Case, reason: str, at: datetime | None = None
) -> ResponsibilityPeriod | None:
    """Veilig Thuis holds responsibility for safety again (R-ZOV-1) after a hand-back (R-HO-6),
    a dispute (R-HO-7) or a new report about a case a partner or the household held (R-REP-5):
    the case's own team and worker, from `at`. Nothing changes when VT already holds it. Call
    with the case locked (`case_lock`)."""
    holder = current_period(case)
    if holder is not None and holder.holder_type == HolderType.VT:
        return None
    period = _transfer(
        user, case, HolderType.VT, team=case.team, worker=case.worker, reason=reason[:300], at=at
    )
    _bump(case, user)
    return period


def deadline_start(
    *,
    case: Case,
    kind: str,
    start: date,
    actor: User | None = None,
    subject: str = "",
    due: date | None = None,
) -> Deadline:
    """Starts an obligation; a second start of an open obligation of the same kind about the
    same subject is a no-op. `due` is for an obligation whose date was agreed rather than
    counted (an agreed monitoring moment, R-MON-2)."""
    return deadlines_start(
        case=case, kinds=[kind], start=start, actor=actor, subject=subject, due=due
    )[0]


def deadline_subject(target: models.Model) -> str:
    """The `subject` of an obligation about one object of a case (a report, a handover):
    "<model>:<id>"."""
    return f"{target._meta.model_name}:{target.pk}"


def deadlines_start(
    *,
    case: Case,
    kinds: Sequence[str],
    start: date,
    actor: User | None = None,
    subject: str = "",
    due: date | None = None,
) -> list[Deadline]:
    """Starts several obligations from one date, in the order given, each as `deadline_start`
    would: one query finds those already open, the new ones and their timeline events are
    inserted together. `due`, when given, is the due date of each instead of the counted one."""
    for kind in kinds:  # before the writes, which join the caller's transaction
        if kind not in DEADLINE_KINDS:
            raise ValueError(f"unknown deadline kind {kind!r}")
    with transaction.atomic(savepoint=False):
        return _deadlines_start(case, kinds, start, actor, subject, due)


def _deadlines_start(
    case: Case,
    kinds: Sequence[str],
    start: date,
    actor: User | None,
    subject: str,
    due: date | None = None,
) -> list[Deadline]:
    already: dict[str, Deadline] = {}
    open_ones = Deadline.objects.filter(
        case=case, kind__in=kinds, subject=subject, met_at__isnull=True
    )
    for open_one in open_ones.order_by("pk"):
        already.setdefault(open_one.kind, open_one)  # the earliest started, by id
    new: dict[str, Deadline] = {}
    with extra_days_memo():  # kinds counted in working days share one calendar query
        for kind in kinds:
            if kind not in already and kind not in new:
                new[kind] = Deadline(
                    case=case,
                    kind=kind,
                    subject=subject,
                    started_on=start,
                    due=due or DEADLINE_KINDS[kind].calculate(start),
                    team_id=case.team_id,
                    worker_id=case.worker_id,
                    case_active=case.phase != Phase.CLOSED,
                )
    Deadline.objects.bulk_create(new.values())
    _events.add(
        [
            timeline_event(
                case=case,
                actor=actor,
                kind="deadline_started",
                summary=f"Termijn gestart: {DEADLINE_KINDS[d.kind].label}, "
                f"uiterlijk {d.due:%d-%m-%Y}",
                target=d,
            )
            for d in new.values()
        ]
    )
    return [already.get(kind) or new[kind] for kind in kinds]


def _open_deadlines(case: Case, kinds: Sequence[str], subject: str | None) -> list[Deadline]:
    rows = Deadline.objects.select_for_update(of=("self",)).filter(
        case=case, kind__in=kinds, met_at__isnull=True
    )
    if subject is not None:
        rows = rows.filter(subject=subject)
    return list(rows.order_by("pk"))


@transaction.atomic(savepoint=False)  # joins the caller's transaction
def deadline_meet(
    *,
    case: Case,
    kind: str,
    user: User,
    at: datetime | None = None,
    subject: str | None = None,
) -> list[Deadline]:
    """Meets the open obligations of this kind: about `subject` only when one is given."""
    at = at or timezone.now()
    deadlines = _open_deadlines(case, [kind], subject)
    for deadline in deadlines:
        deadline.met_at, deadline.met_by = at, user
        deadline.save(update_fields=["met_at", "met_by"])
        late = timezone.localdate(at) > deadline.due
        timeline_add(
            case=case,
            actor=user,
            kind="deadline_met",
            summary=f"Termijn voldaan: {DEADLINE_KINDS[kind].label}"
            + (" (te laat)" if late else ""),
            target=deadline,
            at=at,
        )
    return deadlines


@transaction.atomic(savepoint=False)  # joins the caller's transaction
def deadlines_lapse(
    *,
    case: Case,
    kinds: Sequence[str],
    user: User | None,
    reason: str,
    at: datetime | None = None,
    subject: str | None = None,
) -> list[Deadline]:
    """Ends open obligations whose duty fell away as lapsed, with the reason (R-DL-3): not met
    (it was not), and not left open on a worklist for a case that no longer owes it."""
    at = at or timezone.now()
    deadlines = _open_deadlines(case, kinds, subject)
    for deadline in deadlines:
        deadline.met_at, deadline.met_by = at, user
        deadline.lapsed_reason = reason[:300]
        deadline.save(update_fields=["met_at", "met_by", "lapsed_reason"])
    _events.add(
        [
            timeline_event(
                case=case,
                actor=user,
                kind="deadline_lapsed",
                summary=f"Termijn vervallen: {DEADLINE_KINDS[d.kind].label}. {reason}",
                target=d,
                at=at,
            )
            for d in deadlines
        ]
    )
    return deadlines


@transaction.atomic
def emergency_access_grant(*, user: User, number: str, reason: str) -> Case:
    """Opens a case outside the user's scope for a stated reason (noodtoegang, R-PRIV-3)."""
    require(user, Action.VIEW_CLIENT_DATA)
    if len(reason.strip()) < 10:
        raise ValidationError(
            {"reason": "Beschrijf in minstens 10 tekens waarom u dit dossier nu moet inzien."}
        )
    case = Case.objects.select_related("household").filter(number=number.strip()).first()
    if case is None:
        raise ValidationError({"number": f"Er is geen dossier met nummer {number.strip()}."})
    EmergencyAccess.objects.create(case=case, user=user, reason=reason.strip(), at=timezone.now())
    timeline_add(
        case=case,
        actor=user,
        kind="emergency_access",
        summary=f"Noodtoegang door {user}: {reason.strip()}",
    )
    access_log_record(
        user=user,
        event=AccessEvent.EMERGENCY,
        channel=Channel.HTML,
        person_ids=case.person_ids(),
        case=case,
        reason=reason.strip(),
    )
    return case
