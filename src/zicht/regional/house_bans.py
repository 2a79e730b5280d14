"""The temporary house ban (R-HB-1): the notice, the mayor's extension decision, VT's actions
during the ban, and its end with the safety agreements VT monitors afterwards.

The notice is taken in as a report by `reports.intake.report_intake`: the same person search, the
same open-or-join of the household's case (R-REP-5) and the same assessment (R-REP-7). The ban
itself is written through the intake's `record` hook, in the intake's transaction: a refused
notice saves nothing, an accepted one saves the report and the ban together.

The ban runs in real time (R-DL-4): ten calendar days from the hour the order took effect, ending
at the hour the order says; the mayor can extend it to 28 days in total.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases import services as case_services
from zicht.cases.models import Case, Deadline
from zicht.cases.workflow import TRANSITIONS, Phase
from zicht.core.errors import Conflict
from zicht.monitoring import services as monitoring
from zicht.monitoring.models import MonitoringPlan
from zicht.people.models import HouseholdRole
from zicht.regional import ban_letters
from zicht.regional.models import BanActionKind, HouseBan, HouseBanAction, HouseBanDecision
from zicht.reports.intake import IntakeResult, PersonIn, ReportIn, report_intake

BAN_DAYS = 10
MAX_DAYS = 28
# VT's tasks during the ban, by what records them.
ACTION_DEADLINES = {
    BanActionKind.PERPETRATOR_CONTACT: "house_ban_perpetrator_contact",
    BanActionKind.VICTIMS_CONTACT: "house_ban_victims_contact",
    BanActionKind.CHILDREN_CONTACT: "house_ban_children_contact",
    BanActionKind.EXECUTORS_ADVICE: "house_ban_executors_advice",
}
BAN_DEADLINES = ("house_ban_end", "house_ban_decision", *ACTION_DEADLINES.values())


@dataclass(frozen=True)
class Order:
    """The mayor's order as the notice gives it. `ends_at` None: ten days after the start."""

    starts_at: datetime
    order_reference: str
    order_date: date
    ends_at: datetime | None = None
    stay_address: str = ""


def _dt(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}"


def order_problems(order: Order, *, protected: int) -> dict[str, str]:
    """Everything wrong with the order, by field, at once."""
    errors: dict[str, str] = {}
    if not order.order_reference.strip():
        errors["order_reference"] = "Vul het kenmerk van de beschikking van de burgemeester in."
    today = timezone.localdate()
    if order.order_date > today:
        errors["order_date"] = "De datum van de beschikking ligt in de toekomst."
    if order.starts_at > timezone.now() + timedelta(minutes=5):
        errors["starts_at"] = "De ingang van het huisverbod ligt in de toekomst."
    elif timezone.localdate(order.starts_at) < order.order_date:
        errors["starts_at"] = "Het huisverbod kan niet ingaan vóór de datum van de beschikking."
    if order.ends_at is not None:
        if order.ends_at <= order.starts_at:
            errors["ends_at"] = (
                f"Het einde van het huisverbod ligt vóór of op de ingang ({_dt(order.starts_at)})."
            )
        elif order.ends_at > order.starts_at + timedelta(days=BAN_DAYS):
            errors["ends_at"] = (
                f"Een huisverbod duurt {BAN_DAYS} dagen (tot uiterlijk "
                f"{_dt(order.starts_at + timedelta(days=BAN_DAYS))}); langer alleen met een "
                "verlenging door de burgemeester."
            )
    if protected < 1:
        errors["protected"] = "Noem minstens één persoon die door het huisverbod beschermd wordt."
    return errors


def house_ban_register(
    *,
    user: User,
    order: Order,
    report: ReportIn,
    perpetrator: PersonIn,
    protected: Sequence[PersonIn],
    access_channel: Channel = Channel.API,
    resource: str = "",
    record: Callable[[HouseBan, IntakeResult], None] | None = None,
) -> HouseBan:
    """Takes in a house-ban notice: the report opens or joins the case (R-REP-5), the ban and
    its deadlines start, the letters to the banned and protected persons are queued. All or
    nothing; `record` (the API's idempotency record) is written last, in the same transaction."""
    errors = order_problems(order, protected=len(protected))
    if errors:
        raise ValidationError(errors)
    made: list[HouseBan] = []

    def write_ban(result: IntakeResult) -> None:
        made.append(_ban(user, order, result, access_channel))
        if record is not None:
            record(made[0], result)

    report_intake(
        user=user,
        report=report,
        persons=[
            PersonIn(
                role=HouseholdRole.ALLEGED_PERPETRATOR,
                identity=perpetrator.identity,
                person=perpetrator.person,
            ),
            *protected,
        ],
        search=True,
        access_channel=access_channel,
        resource=resource,
        record=write_ban,
    )
    return made[0]


def _ban(user: User, order: Order, result: IntakeResult, channel: Channel) -> HouseBan:
    case = result.report.case
    ends_at = order.ends_at or order.starts_at + timedelta(days=BAN_DAYS)
    ban = HouseBan.objects.create(
        case=case,
        report=result.report,
        perpetrator=result.persons[0].person,
        starts_at=order.starts_at,
        ends_at=ends_at,
        order_reference=order.order_reference.strip(),
        order_date=order.order_date,
        stay_address=order.stay_address.strip(),
        created_by=user,
    )
    protected = result.persons[1:]
    ban.protected.set([item.person for item in protected])
    kinds = [
        "house_ban_end",
        "house_ban_decision",
        "house_ban_perpetrator_contact",
        "house_ban_victims_contact",
        "house_ban_executors_advice",
    ]
    if any(item.role == HouseholdRole.CHILD for item in protected):
        kinds.insert(4, "house_ban_children_contact")
    case_services.deadlines_start(
        case=case,
        kinds=kinds,
        start=timezone.localdate(order.starts_at),
        actor=user,
        subject=case_services.deadline_subject(ban),
    )
    _end_due(user, ban)
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="house_ban_registered",
        summary=f"Tijdelijk huisverbod {ban.order_reference}: van {_dt(ban.starts_at)} tot "
        f"{_dt(ban.ends_at)}. Veilig Thuis heeft de procesregie.",
        target=ban,
    )
    ban_letters.queue_letters(user=user, ban=ban)
    access_log_record(
        user=user,
        event=AccessEvent.CREATE,
        channel=channel,
        person_ids=[item.person.pk for item in result.persons],
        case=case,
        detail="huisverbod geregistreerd",
    )
    return ban


def _end_due(user: User, ban: HouseBan) -> None:
    """The end deadline falls on the order's last day, whatever a period would count."""
    due = timezone.localdate(ban.ends_at)
    deadline = Deadline.objects.filter(
        case=ban.case,
        kind="house_ban_end",
        subject=case_services.deadline_subject(ban),
        met_at__isnull=True,
    ).first()
    if deadline is None or deadline.due == due:
        return
    Deadline.objects.filter(pk=deadline.pk).update(due=due)
    case_services.timeline_add(
        case=ban.case,
        actor=user,
        kind="deadline_moved",
        summary=f"Termijn verschoven: Einde tijdelijk huisverbod, nu {due:%d-%m-%Y}",
        target=deadline,
    )


def _locked(ban: HouseBan, expected_version: int | None) -> tuple[Case, HouseBan]:
    """The case first, then the ban (docs/architecture.md, "Locks")."""
    case = case_services.case_lock(ban.case_id, expected_version)
    locked = HouseBan.objects.select_for_update(of=("self",)).get(pk=ban.pk)
    locked.case = case
    return case, locked


def _running(ban: HouseBan) -> None:
    if ban.ended_at is not None:
        raise Conflict(
            f"Het huisverbod {ban.order_reference} is al beëindigd op {_dt(ban.ended_at)}."
        )


def _changed(user: User, case: Case, channel: Channel, detail: str) -> None:
    case_services.case_touch(case)
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=case, detail=detail
    )


def decision_problems(
    ban: HouseBan, *, decided_on: date, extended: bool, ends_at: datetime | None
) -> dict[str, str]:
    """R-HB-1: an extension is decided during the ban, after its start, and ends later than
    now but no more than 28 days after the ban started."""
    errors: dict[str, str] = {}
    start_day = timezone.localdate(ban.starts_at)
    if decided_on > timezone.localdate():
        errors["decided_on"] = "De datum van het besluit ligt in de toekomst."
    elif decided_on < start_day:
        errors["decided_on"] = (
            f"Een besluit over verlenging kan niet vóór de ingang van het huisverbod "
            f"({start_day:%d-%m-%Y}) liggen."
        )
    elif extended and decided_on > timezone.localdate(ban.ends_at):
        errors["decided_on"] = (
            f"Een verlenging wordt besloten vóór het huisverbod afloopt ({_dt(ban.ends_at)})."
        )
    if not extended:
        return errors
    latest = ban.starts_at + timedelta(days=MAX_DAYS)
    if ends_at is None:
        errors["ends_at"] = "Vul het nieuwe einde van het verlengde huisverbod in."
    elif ends_at <= ban.ends_at:
        errors["ends_at"] = (
            f"Het nieuwe einde moet na het huidige einde ({_dt(ban.ends_at)}) liggen."
        )
    elif ends_at > latest:
        errors["ends_at"] = (
            f"Een huisverbod duurt met verlenging ten hoogste {MAX_DAYS} dagen in totaal: "
            f"uiterlijk tot {_dt(latest)}."
        )
    return errors


@transaction.atomic
def house_ban_decide(
    *,
    user: User,
    ban: HouseBan,
    expected_version: int | None,
    decided_on: date,
    extended: bool,
    ends_at: datetime | None = None,
    note: str = "",
    channel: Channel = Channel.HTML,
) -> HouseBanDecision:
    """Records the mayor's decision on an extension (R-HB-1) and meets its deadline; an
    extension moves the ban's end and its deadline."""
    require(user, Action.ASSESS_SAFETY)
    case, ban = _locked(ban, expected_version)
    _running(ban)
    errors = decision_problems(ban, decided_on=decided_on, extended=extended, ends_at=ends_at)
    if errors:
        raise ValidationError(errors)
    decision = HouseBanDecision.objects.create(
        house_ban=ban,
        decided_on=decided_on,
        extended=extended,
        ends_at=ends_at if extended else None,
        note=note.strip(),
        created_by=user,
    )
    subject = case_services.deadline_subject(ban)
    case_services.deadline_meet(case=case, kind="house_ban_decision", user=user, subject=subject)
    if extended and ends_at is not None:
        ban.ends_at = ends_at
        ban.save(update_fields=["ends_at"])
        _end_due(user, ban)
        days = (ends_at - ban.starts_at) / timedelta(days=1)
        summary = (
            f"Huisverbod {ban.order_reference} verlengd (besluit {decided_on:%d-%m-%Y}) tot "
            f"{_dt(ends_at)}: {days:.0f} dagen in totaal."
        )
    else:
        summary = f"Huisverbod {ban.order_reference} niet verlengd (besluit {decided_on:%d-%m-%Y})."
    case_services.timeline_add(
        case=case, actor=user, kind="house_ban_decided", summary=summary, target=decision
    )
    _changed(user, case, channel, "besluit over verlenging huisverbod")
    return decision


@transaction.atomic
def house_ban_action_record(
    *,
    user: User,
    ban: HouseBan,
    expected_version: int | None,
    kind: str,
    done_on: date,
    note: str,
    channel: Channel = Channel.HTML,
) -> HouseBanAction:
    """Records one of VT's tasks during the ban (R-HB-1) and meets its deadline."""
    require(user, Action.ASSESS_SAFETY)
    case, ban = _locked(ban, expected_version)
    errors: dict[str, str] = {}
    if kind not in ACTION_DEADLINES:
        errors["kind"] = "Kies wat Veilig Thuis heeft gedaan."
    if done_on > timezone.localdate():
        errors["done_on"] = "De datum ligt in de toekomst."
    elif done_on < timezone.localdate(ban.starts_at):
        errors["done_on"] = "De datum ligt vóór de ingang van het huisverbod."
    if not note.strip():
        errors["note"] = "Beschrijf kort wat er is besproken of geadviseerd."
    if errors:
        raise ValidationError(errors)
    action = HouseBanAction.objects.create(
        house_ban=ban, kind=kind, done_on=done_on, note=note.strip(), created_by=user
    )
    case_services.deadline_meet(
        case=case,
        kind=ACTION_DEADLINES[BanActionKind(kind)],
        user=user,
        subject=case_services.deadline_subject(ban),
    )
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="house_ban_action",
        summary=f"Huisverbod: {BanActionKind(kind).label} op {done_on:%d-%m-%Y}",
        target=action,
    )
    _changed(user, case, channel, "actie tijdens huisverbod")
    return action


@transaction.atomic
def house_ban_end(
    *,
    user: User,
    ban: HouseBan,
    expected_version: int | None,
    ended_at: datetime,
    aftercare: str,
    channel: Channel = Channel.HTML,
) -> HouseBan:
    """Records the end of the ban and the safety agreements VT monitors afterwards (R-HB-1):
    the end deadline is met, an undecided extension lapses, and the monitoring of the
    agreements starts from the ban's end (`_aftercare`)."""
    require(user, Action.ASSESS_SAFETY)
    case, ban = _locked(ban, expected_version)
    _running(ban)
    errors: dict[str, str] = {}
    if ended_at < ban.starts_at:
        errors["ended_at"] = (
            f"Het einde van het huisverbod kan niet vóór de ingang ({_dt(ban.starts_at)}) liggen."
        )
    elif ended_at > timezone.now() + timedelta(minutes=5):
        errors["ended_at"] = "Het einde van het huisverbod ligt in de toekomst."
    elif ended_at > ban.ends_at:
        errors["ended_at"] = f"Het huisverbod liep af op {_dt(ban.ends_at)}; later kan niet."
    if not aftercare.strip():
        errors["aftercare"] = (
            "Leg de veiligheidsafspraken vast die Veilig Thuis na het huisverbod monitort."
        )
    if errors:
        raise ValidationError(errors)
    ban.ended_at = ended_at
    ban.aftercare = aftercare.strip()
    ban.save(update_fields=["ended_at", "aftercare"])
    subject = case_services.deadline_subject(ban)
    case_services.deadline_meet(
        case=case, kind="house_ban_end", user=user, at=timezone.now(), subject=subject
    )
    case_services.deadlines_lapse(
        case=case,
        kinds=["house_ban_decision"],
        user=user,
        reason="Het huisverbod is beëindigd zonder besluit over verlenging.",
        subject=subject,
    )
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="house_ban_ended",
        summary=f"Huisverbod {ban.order_reference} beëindigd op {_dt(ended_at)}. Nazorg: "
        f"Veilig Thuis monitort de veiligheidsafspraken.",
        target=ban,
    )
    ban.monitoring_plan = _aftercare(user, case, ban, timezone.localdate(ended_at), channel)
    ban.save(update_fields=["monitoring_plan"])
    _changed(user, case, channel, "einde huisverbod en nazorg")
    return ban


def _aftercare(
    user: User, case: Case, ban: HouseBan, ended_on: date, channel: Channel
) -> MonitoringPlan | None:
    """VT monitors the safety agreements after the ban (R-HB-1): a monitoring plan starts on
    the day the ban ended, on VT's decision with the ban as its reason (R-MON-1) and the
    agreements as the plan's. A plan already running carries them on; a case still in its
    safety assessment cannot move to monitoring yet — the timeline says so, and the worker
    starts the plan once the assessment has decided the follow-up."""
    if monitoring.running_plan(case) is not None:
        return None
    if case.phase != Phase.MONITORING and (Phase(case.phase), Phase.MONITORING) not in TRANSITIONS:
        case_services.timeline_add(
            case=case,
            actor=user,
            kind="house_ban_aftercare_waits",
            summary=f"Monitoren van de veiligheidsafspraken na huisverbod {ban.order_reference} "
            f"start zodra de fase ‘{Phase(case.phase).label}’ is afgerond.",
            target=ban,
        )
        return None
    return monitoring.plan_start(
        user=user,
        case=case,
        expected_version=None,  # locked by the caller
        started_on=ended_on,
        reason=f"Nazorg na tijdelijk huisverbod {ban.order_reference}: Veilig Thuis monitort "
        "de veiligheidsafspraken (R-HB-1).",
        agreements=ban.aftercare,
        channel=channel,
    )
