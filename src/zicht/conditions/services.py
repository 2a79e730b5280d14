"""Writes of conditions & follow-up (R-VV-1..3).

The service starts with the assessment outcome "conditions" (the case enters the phase and its
10-week deadline starts, `assessment.services`). Here: the household's acknowledgement (R-VV-1),
and the letter with the safety conditions and plan to the household. Conversations and the plan
are the shared `zicht.involvement`; the service ends with a warm handover
(`handover.services.handover_send(warm=…)`), which meets the deadline (R-VV-3) and is refused
until the acknowledgement is recorded (`acknowledged_before_warm_handover`).
"""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.cases.services import case_lock, timeline_add
from zicht.cases.workflow import Phase
from zicht.conditions.models import Acknowledgement
from zicht.conditions.selectors import acknowledgement_current
from zicht.core.errors import AlreadyExists, Conflict


def _in_conditions(case: Case) -> None:
    if case.phase != Phase.CONDITIONS:
        raise Conflict(
            f"Dossier {case.number} staat niet in de fase Voorwaarden en vervolg.", field="case"
        )


@transaction.atomic
def acknowledgement_record(
    *,
    user: User,
    case: Case,
    acknowledged_on: date | None,
    member_ids: Sequence[int],
    concerns_acknowledged: bool,
    wants_to_work_on_safety: bool,
    note: str = "",
    channel: Channel = Channel.HTML,
) -> Acknowledgement:
    """Records that the household (these members) acknowledges the concerns and wants to work
    on safety (R-VV-1). Nothing asks whether domestic violence or child abuse is confirmed:
    conditions & follow-up does not need that."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(case, None)
    _in_conditions(case)
    if acknowledgement_current(case=case) is not None:
        raise AlreadyExists(
            "De erkenning van de zorgen is voor deze voorwaarden en vervolg al vastgelegd.",
            field="case",
        )
    members = {m.pk: m for m in case.household.members.select_related("person")}
    errors: dict[str, str] = {}
    if acknowledged_on is None:
        errors["acknowledged_on"] = "Vul de datum in waarop het huishouden de zorgen erkende."
    elif acknowledged_on > timezone.localdate():
        errors["acknowledged_on"] = "Een datum in de toekomst kan niet."
    if not member_ids:
        errors["members"] = "Kies wie van het huishouden de zorgen erkennen."
    elif any(m not in members for m in member_ids):
        errors["members"] = "Deze persoon hoort niet bij het huishouden van dit dossier."
    if not concerns_acknowledged:
        errors["concerns_acknowledged"] = (
            "Voorwaarden en vervolg is voor een huishouden dat de zorgen erkent. Erkent het "
            "huishouden de zorgen niet, overweeg dan een onderzoek."
        )
    if not wants_to_work_on_safety:
        errors["wants_to_work_on_safety"] = (
            "Voorwaarden en vervolg is voor een huishouden dat aan veiligheid wil werken. Wil "
            "het huishouden dat niet, overweeg dan een onderzoek."
        )
    if errors:
        raise ValidationError(errors)
    assert acknowledged_on is not None  # noqa: S101  # checked above
    acknowledgement = Acknowledgement.objects.create(
        case=case,
        acknowledged_on=acknowledged_on,
        concerns_acknowledged=True,
        wants_to_work_on_safety=True,
        note=note.strip(),
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    acknowledgement.members.set(sorted(set(member_ids)))
    names = ", ".join(members[m].person.full_name for m in sorted(set(member_ids)))
    timeline_add(
        case=case,
        actor=user,
        kind="concerns_acknowledged",
        summary=f"{names} erkent de zorgen en wil werken aan veiligheid "
        f"({acknowledged_on:%d-%m-%Y}).",
        target=acknowledgement,
    )
    access_log_record(
        user=user,
        event=AccessEvent.CREATE,
        channel=channel,
        person_ids=[members[m].person_id for m in member_ids],
        case=case,
        detail="erkenning van de zorgen",
    )
    return acknowledgement


def acknowledged_before_warm_handover(case: Case) -> dict[str, str]:
    """For `handover.warm`: conditions & follow-up ends in a warm handover only for a household
    whose acknowledgement is recorded (R-VV-1)."""
    if case.phase != Phase.CONDITIONS or acknowledgement_current(case=case) is not None:
        return {}
    return {
        "acknowledgement": "Leg eerst vast dat het huishouden de zorgen erkent en aan veiligheid "
        "wil werken; daarop berust voorwaarden en vervolg."
    }
