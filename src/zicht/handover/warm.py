"""The warm form of a handover (R-HO-3 warm): what it adds to the one handover service.

After VT's own involvement (conditions & follow-up, investigation) a handover is warm: a handover
meeting — preferably with the client present — with the partner's professional, a written
rationale, the safety conditions and agreements handed over (the safety plan version current at
sending, R-VV-3, R-OND-4), agreements about monitoring (R-MON-1), and those agreements in writing
to the household and to the partner. `services.handover_send(warm=…)` uses this module; a cold
handover does not.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from zicht.accounts.models import User
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.handover.models import Handover, HandoverKind
from zicht.informing.services import household_addressees
from zicht.involvement.models import SafetyPlanVersion
from zicht.involvement.selectors import member_names
from zicht.involvement.services import PlanStale
from zicht.involvement.texts import plan_letter_context
from zicht.letters.models import Letter, RecipientKind
from zicht.letters.services import letter_queue, vt_contact

HOUSEHOLD_TEMPLATE = "warm_handover_to_household"

# The phases a warm handover ends, with the involvement deadline it meets (R-VV-3, R-OND-2).
WARM_PHASES: dict[Phase, str] = {
    Phase.CONDITIONS: "conditions_done",
    Phase.INVESTIGATION: "investigation_done",
}


@dataclass(frozen=True)
class WarmMeeting:
    """The handover meeting and what was agreed there."""

    held_on: date | None
    attendees: str  # who attended, by name and role
    client_present: bool
    partner_professional: str  # the partner's professional who takes over
    rationale: str  # why this partner, why now (written, R-HO-3)
    monitoring_agreements: str  # how and when VT monitors (R-MON-1, R-MON-2)
    # The plan version the user saw; a newer one (a colleague's edit) refuses the handover.
    plan_number: int | None = None

    def fields(self, plan: SafetyPlanVersion | None) -> dict[str, Any]:
        """The handover's columns of the warm form."""
        return {
            "form": HandoverKind.WARM,
            "meeting_on": self.held_on,
            "meeting_attendees": self.attendees.strip(),
            "client_present": self.client_present,
            "partner_professional": self.partner_professional.strip(),
            "rationale": self.rationale.strip(),
            "monitoring_agreements": self.monitoring_agreements.strip(),
            "plan_version": plan,
        }


# What a missing part of the warm form is told, by field: the service and the page say the same.
REQUIRED: dict[str, str] = {
    "meeting_on": "Een warme overdracht zonder overdrachtsgesprek kan niet: vul de datum van het "
    "gesprek in.",
    "meeting_attendees": "Vul in wie bij het overdrachtsgesprek aanwezig waren.",
    "partner_professional": "Vul in welke professional van de ketenpartner de zaak overneemt.",
    "rationale": "Onderbouw schriftelijk waarom u aan deze ketenpartner overdraagt.",
    "monitoring_agreements": "Leg de afspraken over monitoren vast: na voorwaarden en vervolg of "
    "onderzoek volgt altijd monitoren.",
}


def warm_errors(case: Case, warm: WarmMeeting, plan: SafetyPlanVersion | None) -> dict[str, str]:
    """A warm handover without a meeting or without conditions is refused, by field."""
    errors: dict[str, str] = {}
    if warm.held_on is None:
        errors["meeting_on"] = REQUIRED["meeting_on"]
    elif warm.held_on > timezone.localdate():
        errors["meeting_on"] = (
            "Het overdrachtsgesprek moet hebben plaatsgevonden; een datum in de toekomst kan niet."
        )
    texts = {
        "meeting_attendees": warm.attendees,
        "partner_professional": warm.partner_professional,
        "rationale": warm.rationale,
        "monitoring_agreements": warm.monitoring_agreements,
    }
    for field, text in texts.items():
        if not text.strip():
            errors[field] = REQUIRED[field]
    if plan is not None and warm.plan_number is not None and warm.plan_number != plan.number:
        raise PlanStale(plan)
    if plan is None or not plan.conditions.all():
        errors["plan"] = (
            "Een warme overdracht zonder veiligheidsvoorwaarden kan niet: leg eerst het "
            "veiligheidsplan met de voorwaarden vast."
        )
    for check in WARM_CHECKS.values():
        for field, message in check(case).items():
            errors.setdefault(field, message)
    if not household_addressees(case):
        errors["household"] = (
            "De afspraken gaan schriftelijk naar het huishouden, maar van geen enkele "
            "volwassene is een adres bekend. Vul eerst een adres in."
        )
    return errors


def warm_texts(warm: WarmMeeting) -> dict[str, str]:
    """The texts of the warm form that the partner and the household read (R-PRIV-5)."""
    return {
        "meeting_attendees": warm.attendees,
        "partner_professional": warm.partner_professional,
        "rationale": warm.rationale,
        "monitoring_agreements": warm.monitoring_agreements,
    }


def _agreements(case: Case, handover: Handover) -> dict[str, Any]:
    assert handover.plan_version is not None  # noqa: S101  # warm_errors required it
    return {
        "case_number": case.number,
        "partner_name": handover.partner.name,
        "partner_professional": handover.partner_professional,
        "meeting_on": f"{handover.meeting_on:%d-%m-%Y}" if handover.meeting_on else "",
        "meeting_attendees": handover.meeting_attendees,
        "client_present": handover.client_present,
        "monitoring_agreements": handover.monitoring_agreements,
        **plan_letter_context(handover.plan_version, member_names(case)),
    }


def warm_partner_context(case: Case, handover: Handover) -> dict[str, Any]:
    """What the partner's letter adds for a warm handover."""
    return {"rationale": handover.rationale, **_agreements(case, handover)}


def warm_household_letters(user: User, case: Case, handover: Handover) -> list[Letter]:
    """The agreements in writing to the household: one letter per address (16.3)."""
    context = {**vt_contact(case), **_agreements(case, handover)}
    return [
        letter_queue(
            user=user,
            case=case,
            template_code=HOUSEHOLD_TEMPLATE,
            recipient_name=names,
            recipient_address=address,
            recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
            context={"recipient_name": names, **context},
        )
        for address, names in household_addressees(case).items()
    ]


# What another service requires before it may end in a warm handover, by name: conditions &
# follow-up requires the household's acknowledgement (R-VV-1), an investigation its conclusion.
# A check answers, per field, why the case may not be handed over warm yet (empty: it may).
WarmCheck = Callable[[Case], dict[str, str]]
WARM_CHECKS: dict[str, WarmCheck] = {}


def register_warm_check(name: str, check: WarmCheck) -> None:
    WARM_CHECKS[name] = check
