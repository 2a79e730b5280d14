"""Every write of monitoring (R-MON-1..4), with the case locked and its version checked.

The plan starts when VT's involvement hands over into monitoring (always after conditions &
follow-up or investigation, R-MON-1) or when VT decides monitoring is needed, with the reason. Its
moments are obligations on the worklists; a check meets its moment's obligation. The plan ends with
an outcome: safety lasts (the case closes, the household and the partner get a letter), or it does
not and VT acts again (a new investigation, responsibility back to VT).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.calendar.periods import months
from zicht.calendar.workdays import is_working_day, next_working_day
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.services import (
    case_lock,
    case_touch,
    case_transition,
    deadline_meet,
    deadline_start,
    deadline_subject,
    deadlines_start,
    timeline_add,
    vt_responsible_again,
)
from zicht.cases.workflow import TRANSITIONS, Phase
from zicht.core.errors import Conflict
from zicht.monitoring import conditions, letters
from zicht.monitoring.models import (
    AgreedWith,
    Basis,
    CheckContact,
    CheckedCondition,
    ConditionResult,
    MomentKind,
    MonitoringCheck,
    MonitoringMoment,
    MonitoringPlan,
    Outcome,
    PlanStatus,
    StableSafety,
)
from zicht.monitoring.selectors import holding_partner

PLAN_LENGTH = months(18)  # "on average 18 months" (R-MON-2)
MOMENT_DEADLINES = {
    MomentKind.THREE_MONTHS: "monitoring_3_months",
    MomentKind.TWELVE_MONTHS: "monitoring_12_months",
    MomentKind.AGREED: "monitoring_agreed",
}
STATUTORY = (MomentKind.THREE_MONTHS, MomentKind.TWELVE_MONTHS)


class PlanEnded(Conflict):
    kind = "monitoring-beeindigd"
    title = "Het monitoringsplan is beëindigd"


@dataclass(frozen=True)
class AgreedMoment:
    due: date
    agreed_with: str
    agreed_by: str


@dataclass(frozen=True)
class ConditionCheck:
    result: str
    note: str = ""


@dataclass(frozen=True)
class MemberContact:
    spoken: bool
    reason: str = ""


def _log(user: User, case: Case, channel: Channel, detail: str) -> None:
    access_log_record(
        user=user,
        event=AccessEvent.CHANGE,
        channel=channel,
        case=case,
        person_ids=case.person_ids(),
        detail=detail,
    )


def running_plan(case: Case) -> MonitoringPlan | None:
    return MonitoringPlan.objects.filter(case=case, status=PlanStatus.RUNNING).first()


def _check_moment(
    errors: dict[str, str], field: str, moment: AgreedMoment, start: date, end: date
) -> None:
    if moment.due <= start:
        errors[field] = "Een afgesproken moment ligt na de start van het monitoren."
    elif moment.due > end:
        errors[field] = (
            f"Een afgesproken moment ligt binnen de looptijd, uiterlijk op {end:%d-%m-%Y}."
        )
    elif not is_working_day(moment.due):
        errors[field] = (
            f"{moment.due:%d-%m-%Y} is geen werkdag. Kies bijvoorbeeld "
            f"{next_working_day(moment.due):%d-%m-%Y}."
        )
    if moment.agreed_with not in AgreedWith.values:
        errors[field] = "Kies met wie het moment is afgesproken."
    elif not moment.agreed_by.strip():
        errors[field] = "Vul in wie het moment heeft afgesproken (naam en rol)."


def _add_moment(
    user: User,
    plan: MonitoringPlan,
    kind: str,
    *,
    due: date | None = None,
    agreed: AgreedMoment | None = None,
) -> MonitoringMoment:
    moment = MonitoringMoment.objects.create(
        plan=plan,
        kind=kind,
        due=due or plan.started_on,  # corrected from its obligation below
        agreed_with=agreed.agreed_with if agreed else "",
        agreed_by=agreed.agreed_by.strip()[:200] if agreed else "",
        created_by=user,
    )
    deadline = deadline_start(
        case=plan.case,
        kind=MOMENT_DEADLINES[MomentKind(kind)],
        start=plan.started_on,
        actor=user,
        subject=deadline_subject(moment),
        due=due,
    )
    moment.deadline, moment.due = deadline, deadline.due
    moment.save(update_fields=["deadline", "due"])
    return moment


@transaction.atomic
def plan_start(
    *,
    user: User,
    case: Case,
    expected_version: int | None,
    started_on: date,
    reason: str = "",
    agreements: str = "",
    agreed: Sequence[AgreedMoment] = (),
    channel: Channel = Channel.HTML,
) -> MonitoringPlan:
    """Starts monitoring (R-MON-1, R-MON-2): always after VT's own involvement, otherwise only on
    VT's decision with its reason. The checks at 3 and 12 months (calendar months, moved off
    non-working days) and the agreed moments become obligations; so does the end after about
    18 months. A case not yet in monitoring moves there."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(case, expected_version)
    errors: dict[str, str] = {}
    if running_plan(case) is not None:
        errors["started_on"] = "Er loopt al een monitoringsplan voor dit dossier."
    if case.phase != Phase.MONITORING and (Phase(case.phase), Phase.MONITORING) not in TRANSITIONS:
        errors["started_on"] = (
            f"In de fase ‘{Phase(case.phase).label}’ kan monitoren niet starten. Monitoren volgt "
            "op voorwaarden en vervolg, onderzoek of een overdracht."
        )
    today = timezone.localdate()
    if started_on > today:
        errors["started_on"] = "De start van het monitoren kan niet in de toekomst liggen."
    elif started_on < timezone.localdate(case.opened_at):
        errors["started_on"] = "Het monitoren kan niet starten vóór het dossier werd geopend."
    basis = (
        Basis.AFTER_INVOLVEMENT
        if case_selectors.own_involvement_since(case=case) is not None
        else Basis.VT_DECISION
    )
    if basis == Basis.VT_DECISION and not reason.strip():
        errors["reason"] = (
            "Zonder voorwaarden en vervolg of onderzoek monitort Veilig Thuis alleen als het dat "
            "nodig vindt: geef de reden (R-MON-1)."
        )
    ends_on = PLAN_LENGTH.end(started_on)
    for index, moment in enumerate(agreed):
        _check_moment(errors, f"moment_{index}", moment, started_on, ends_on)
    if errors:
        raise ValidationError(errors)
    plan = MonitoringPlan.objects.create(
        case=case,
        basis=basis,
        reason=reason.strip(),
        agreements=agreements.strip(),
        started_on=started_on,
        ends_on=ends_on,
        created_by=user,
    )
    if case.phase != Phase.MONITORING:
        case = case_transition(
            user=user,
            case=case,
            target=Phase.MONITORING,
            expected_version=None,  # locked above
            reason="Monitoringsplan gestart",
            channel=channel,
        )
    for kind in STATUTORY:
        _add_moment(user, plan, kind)
    for moment in agreed:
        _add_moment(user, plan, MomentKind.AGREED, due=moment.due, agreed=moment)
    deadline_start(
        case=case,
        kind="monitoring_end",
        start=started_on,
        actor=user,
        subject=deadline_subject(plan),
    )
    timeline_add(
        case=case,
        actor=user,
        kind="monitoring_started",
        summary=f"Monitoren gestart ({Basis(basis).label.lower()}), loopt tot ongeveer "
        f"{ends_on:%d-%m-%Y}",
        target=plan,
    )
    letters.agreements(user=user, plan=plan)
    case_touch(case)
    _log(user, case, channel, "monitoringsplan gestart")
    return plan


def _locked_plan(plan: MonitoringPlan, expected_version: int | None) -> tuple[Case, MonitoringPlan]:
    case = case_lock(plan.case_id, expected_version)
    plan = MonitoringPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if not plan.is_running:
        raise PlanEnded(
            "Dit monitoringsplan is beëindigd: er kan niets meer bij. Er is niets opgeslagen.",
            field="plan",
        )
    return case, plan


@transaction.atomic
def moment_add(
    *,
    user: User,
    plan: MonitoringPlan,
    expected_version: int | None,
    moment: AgreedMoment,
    channel: Channel = Channel.HTML,
) -> MonitoringMoment:
    """A moment agreed later with the household or the partner's professional (R-MON-2)."""
    require(user, Action.ASSESS_SAFETY)
    case, plan = _locked_plan(plan, expected_version)
    errors: dict[str, str] = {}
    _check_moment(errors, "due", moment, max(plan.started_on, timezone.localdate()), plan.ends_on)
    if errors:
        raise ValidationError(errors)
    added = _add_moment(user, plan, MomentKind.AGREED, due=moment.due, agreed=moment)
    timeline_add(
        case=case,
        actor=user,
        kind="monitoring_moment",
        summary=f"Monitoringsmoment afgesproken met {AgreedWith(moment.agreed_with).label.lower()}"
        f" op {added.due:%d-%m-%Y}",
        target=added,
    )
    case_touch(case)
    _log(user, case, channel, "monitoringsmoment afgesproken")
    return added


def _check_contacts(
    errors: dict[str, str], case: Case, contacts: Mapping[int, MemberContact]
) -> list[tuple[int, MemberContact]]:
    """R-MON-3: VT speaks with every household member at a check, or records why not."""
    rows = []
    missing = []
    for member in case.household.members.select_related("person").order_by("pk"):
        contact = contacts.get(member.pk)
        if contact is None or not (contact.spoken or contact.reason.strip()):
            missing.append(member.person.full_name)
        else:
            rows.append((member.pk, contact))
    if missing:
        errors["contacts"] = (
            "Veilig Thuis spreekt bij elke controle alle leden van het huishouden, of legt per "
            f"persoon vast waarom niet. Nog niet ingevuld: {', '.join(missing)}."
        )
    return rows


def _check_conditions(
    errors: dict[str, str], case: Case, results: Mapping[int, ConditionCheck]
) -> list[tuple[int, ConditionCheck]]:
    """R-MON-3: every safety condition set during VT's involvement is checked."""
    rows = []
    missing = []
    for condition in conditions.current(case):
        result = results.get(condition.pk)
        if result is None or result.result not in ConditionResult.values:
            missing.append(conditions.text(condition))
        else:
            rows.append((condition.pk, result))
    if missing:
        errors["conditions"] = (
            "Geef bij elke veiligheidsvoorwaarde aan of die is nageleefd. Nog niet beoordeeld: "
            + "; ".join(missing)
        )
    return rows


@transaction.atomic
def check_record(
    *,
    user: User,
    plan: MonitoringPlan,
    expected_version: int | None,
    held_on: date,
    moment: MonitoringMoment | None,
    direct_safety: bool | None,
    stable_safety: str,
    recovery_worked_on: bool | None,
    summary: str,
    recovery_note: str = "",
    partner_view: str = "",
    condition_results: Mapping[int, ConditionCheck],
    contacts: Mapping[int, MemberContact],
    channel: Channel = Channel.HTML,
) -> MonitoringCheck:
    """Records a check (R-MON-3) and meets its moment's obligation (R-MON-2)."""
    require(user, Action.ASSESS_SAFETY)
    case, plan = _locked_plan(plan, expected_version)
    errors: dict[str, str] = {}
    if moment is not None:
        if moment.plan_id != plan.pk:
            errors["moment"] = "Kies een moment van dit monitoringsplan."
        elif MonitoringCheck.objects.filter(moment=moment).exists():
            errors["moment"] = "Bij dit moment is de controle al vastgelegd."
    if held_on > timezone.localdate():
        errors["held_on"] = "De datum van de controle kan niet in de toekomst liggen."
    elif held_on < plan.started_on:
        errors["held_on"] = "De controle kan niet vóór de start van het monitoren liggen."
    if direct_safety is None:
        errors["direct_safety"] = "Geef aan of er directe veiligheid is."
    if stable_safety not in StableSafety.values:
        errors["stable_safety"] = "Geef aan of er stabiele veiligheid is."
    if recovery_worked_on is None:
        errors["recovery_worked_on"] = "Geef aan of aan herstel van de schade wordt gewerkt."
    if not summary.strip():
        errors["summary"] = "Vul een samenvatting van de controle in."
    partner = holding_partner(case)
    if partner is not None and not partner_view.strip():
        errors["partner_view"] = (
            f"{partner} is verantwoordelijk voor de veiligheid: leg de visie van de ketenpartner "
            "vast."
        )
    checked = _check_conditions(errors, case, condition_results)
    spoken = _check_contacts(errors, case, contacts)
    if errors:
        raise ValidationError(errors)
    check = MonitoringCheck.objects.create(
        plan=plan,
        moment=moment,
        held_on=held_on,
        direct_safety=bool(direct_safety),
        stable_safety=stable_safety,
        recovery_worked_on=bool(recovery_worked_on),
        recovery_note=recovery_note.strip(),
        partner_view=partner_view.strip(),
        summary=summary.strip(),
        recorded_by=user,
    )
    CheckedCondition.objects.bulk_create(
        CheckedCondition(check_of=check, condition_id=pk, result=r.result, note=r.note.strip())
        for pk, r in checked
    )
    CheckContact.objects.bulk_create(
        CheckContact(check_of=check, member_id=pk, spoken=c.spoken, reason=c.reason.strip())
        for pk, c in spoken
    )
    if moment is not None:
        deadline_meet(
            case=case,
            kind=MOMENT_DEADLINES[MomentKind(moment.kind)],
            user=user,
            subject=deadline_subject(moment),
        )
    timeline_add(
        case=case,
        actor=user,
        kind="monitoring_check",
        summary=f"Monitoringscontrole van {held_on:%d-%m-%Y}"
        + (f" ({moment.get_kind_display().lower()})" if moment else "")
        + f": directe veiligheid {'ja' if direct_safety else 'nee'}, stabiele veiligheid "
        f"{StableSafety(stable_safety).label.lower()}",
        target=check,
    )
    case_touch(case)
    _log(user, case, channel, "monitoringscontrole vastgelegd")
    return check


def _lasting_safety_errors(plan: MonitoringPlan) -> dict[str, str]:
    """R-MON-2, R-MON-4: monitoring closes when safety lasts — the checks at 3 and 12 months
    were held, and the latest check found direct and stable safety with every condition met."""
    held = set(
        MonitoringCheck.objects.filter(plan=plan, moment__isnull=False).values_list(
            "moment__kind", flat=True
        )
    )
    missing = [MomentKind(kind).label.lower() for kind in STATUTORY if kind not in held]
    if missing:
        return {
            "outcome": "Monitoren sluit niet af voordat de controles na 3 en na 12 maanden zijn "
            f"gehouden (R-MON-2). Nog niet gehouden: {' en '.join(missing)}."
        }
    latest = MonitoringCheck.objects.filter(plan=plan).order_by("-held_on", "-pk")[0]
    unmet = latest.conditions.exclude(result=ConditionResult.MET).count()
    if not latest.direct_safety or latest.stable_safety != StableSafety.YES or unmet:
        return {
            "outcome": f"De laatste controle ({latest.held_on:%d-%m-%Y}) vond geen duurzame "
            "veiligheid: directe en stabiele veiligheid en alle voorwaarden nageleefd. Leg eerst "
            "een controle vast die dat laat zien, of kies een andere uitkomst (R-MON-4)."
        }
    return {}


@transaction.atomic
def plan_end(
    *,
    user: User,
    plan: MonitoringPlan,
    expected_version: int | None,
    outcome: str,
    note: str,
    channel: Channel = Channel.HTML,
) -> MonitoringPlan:
    """Ends monitoring with its outcome (R-MON-4). Safety lasts: the case closes and the household
    and the partner get a letter. It does not: a new investigation starts and Veilig Thuis holds
    responsibility for safety again."""
    require(user, Action.ASSESS_SAFETY)
    case, plan = _locked_plan(plan, expected_version)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Kies de uitkomst van het monitoren."
    elif outcome == Outcome.SAFETY_LASTS:
        errors |= _lasting_safety_errors(plan)
    if not note.strip():
        errors["note"] = "Licht de uitkomst toe."
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    plan.status, plan.outcome = PlanStatus.ENDED, outcome
    plan.outcome_note, plan.ended_on = note.strip(), today
    plan.save(update_fields=["status", "outcome", "outcome_note", "ended_on"])
    timeline_add(
        case=case,
        actor=user,
        kind="monitoring_ended",
        summary=f"Monitoren beëindigd: {Outcome(outcome).label}",
        target=plan,
    )
    if outcome == Outcome.SAFETY_LASTS:
        letters.closing(user=user, plan=plan)
        case_transition(
            user=user,
            case=case,
            target=Phase.CLOSED,
            expected_version=None,
            reason=f"Monitoren afgesloten: veiligheid is duurzaam. {note.strip()}",
            channel=channel,
        )
    else:
        vt_responsible_again(
            user=user, case=case, reason="Veiligheid houdt geen stand tijdens monitoren"
        )
        case_transition(
            user=user,
            case=case,
            target=Phase.INVESTIGATION,
            expected_version=None,
            reason=f"Nieuw onderzoek na monitoren. {note.strip()}",
            channel=channel,
        )
        # The new investigation's own obligations (R-OND-2): started within 5 working days,
        # concluded within 10 weeks of this decision.
        deadlines_start(
            case=case, kinds=["investigation_start", "investigation_done"], start=today, actor=user
        )
    _log(user, case, channel, f"monitoren beëindigd: {outcome}")
    return plan
