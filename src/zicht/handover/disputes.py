"""Disputes about a handed-over case and their escalation (R-HO-7): (1) the professionals,
(2) team leaders and behavioural scientists of both sides, (3) the municipality; recurring, the
regional steering group. While a dispute runs VT holds responsibility for safety (R-ZOV-2).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import HolderType
from zicht.cases.services import (
    case_lock,
    case_touch,
    responsibility_transfer,
    timeline_add,
    vt_responsible_again,
)
from zicht.core.errors import AlreadyExists, Conflict
from zicht.handover.models import (
    Dispute,
    DisputeStep,
    Handover,
    HandoverStatus,
    ResolutionHolder,
    StepLevel,
    StepOutcome,
)
from zicht.handover.selectors import next_step_level
from zicht.handover.services import clean_text


@transaction.atomic
def dispute_open(
    *,
    user: User,
    handover: Handover,
    reason: str,
    expected_version: int | None,
    channel: Channel = Channel.HTML,
) -> Dispute:
    """Opens a dispute about a handed-over case: VT takes responsibility back at once."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(handover.case, expected_version)
    handover = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("partner")
        .get(pk=handover.pk)
    )
    reason = clean_text(reason)
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "Beschrijf waarover het geschil gaat."
    if handover.status != HandoverStatus.ACCEPTED:
        errors["handover"] = (
            "Een geschil kan alleen over een overdracht die de ketenpartner heeft opgepakt."
        )
    if Dispute.objects.filter(case=case, resolved_at__isnull=True).exists():
        errors["handover"] = "Over dit dossier loopt al een geschil; rond dat eerst af."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    dispute = Dispute.objects.create(
        handover=handover, case=case, reason=reason, opened_at=now, opened_by=user
    )
    if not vt_responsible_again(
        user=user,
        case=case,
        reason="Geschil met de ketenpartner: zolang dat loopt is Veilig Thuis verantwoordelijk",
        at=now,
    ):
        case_touch(case)
    timeline_add(
        case=case,
        actor=user,
        kind="dispute_opened",
        summary=f"Geschil geopend met {handover.partner.name}: {reason}",
        target=dispute,
        at=now,
    )
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=case, detail="geschil geopend"
    )
    return dispute


@transaction.atomic
def dispute_step_record(
    *,
    user: User,
    dispute: Dispute,
    level: int | None,
    held_on: date | None,
    participants: str,
    outcome: str,
    notes: str = "",
    expected_version: int | None,
    channel: Channel = Channel.HTML,
) -> DisputeStep:
    """Records one escalation step; each follows the previous one only when that left the
    dispute unresolved: professionals, team leaders, municipality, regional steering group."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(dispute.case, expected_version)
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if not dispute.is_open:
        raise AlreadyExists("Dit geschil is al afgerond.", field="level")
    expected = next_step_level(dispute)
    errors: dict[str, str] = {}
    if expected is None:
        errors["level"] = (
            "Na een stap met uitkomst ‘opgelost’ (of na de regionale stuurgroep) volgt geen "
            "nieuwe stap meer: rond het geschil af."
        )
    elif level != expected:
        errors["level"] = f"De volgende stap is nu: {StepLevel(expected).label}."
    if held_on is None:
        errors["held_on"] = "Vul de datum van het overleg in."
    elif held_on > timezone.localdate():
        errors["held_on"] = "De datum van het overleg kan niet in de toekomst liggen."
    elif held_on < timezone.localdate(dispute.opened_at):
        errors["held_on"] = "De datum ligt vóór het openen van het geschil."
    if not clean_text(participants):
        errors["participants"] = "Vul in wie er aan het overleg deelnamen."
    if outcome not in StepOutcome.values:
        errors["outcome"] = "Kies de uitkomst: opgelost of niet opgelost."
    if errors:
        raise ValidationError(errors)
    assert level is not None and held_on is not None  # noqa: S101  # checked above
    step = DisputeStep.objects.create(
        dispute=dispute,
        level=level,
        held_on=held_on,
        participants=clean_text(participants),
        outcome=outcome,
        notes=clean_text(notes),
        recorded_at=timezone.now(),
        recorded_by=user,
    )
    timeline_add(
        case=case,
        actor=user,
        kind="dispute_step",
        summary=f"Escalatie {StepLevel(level).label} op {held_on:%d-%m-%Y}: "
        f"{StepOutcome(outcome).label}. Deelnemers: {step.participants}",
        target=step,
    )
    case_touch(case)
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=case, detail="escalatiestap"
    )
    return step


@transaction.atomic
def dispute_resolve(
    *,
    user: User,
    dispute: Dispute,
    holder: str,
    note: str = "",
    expected_version: int | None,
    channel: Channel = Channel.HTML,
) -> Dispute:
    """Ends the dispute and records who is responsible afterwards: the partner again, or VT."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(dispute.case, expected_version)
    dispute = (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("handover__partner")
        .get(pk=dispute.pk)
    )
    if not dispute.is_open:
        raise AlreadyExists("Dit geschil is al afgerond.", field="holder")
    if holder not in ResolutionHolder.values:
        raise ValidationError({"holder": "Kies wie na het geschil verantwoordelijk is."})
    handover = dispute.handover
    if holder == ResolutionHolder.PARTNER and handover.status != HandoverStatus.ACCEPTED:
        raise Conflict(
            "De overdracht is teruggelegd; de ketenpartner kan niet verantwoordelijk worden.",
            field="holder",
        )
    now = timezone.now()
    dispute.resolved_at, dispute.resolved_by = now, user
    dispute.resolution, dispute.resolution_note = holder, clean_text(note)
    dispute.save(update_fields=["resolved_at", "resolved_by", "resolution", "resolution_note"])
    if holder == ResolutionHolder.PARTNER:
        responsibility_transfer(
            user=user,
            case=case,
            holder_type=HolderType.PARTNER,
            partner=handover.partner,
            reason="Geschil afgerond: de ketenpartner is weer verantwoordelijk",
            at=now,
        )
    else:
        case_touch(case)
    summary = f"Geschil afgerond: {ResolutionHolder(holder).label}" + (
        f". {dispute.resolution_note}" if dispute.resolution_note else ""
    )
    timeline_add(
        case=case, actor=user, kind="dispute_resolved", summary=summary, target=dispute, at=now
    )
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=case, detail="geschil afgerond"
    )
    return dispute
