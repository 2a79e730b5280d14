"""The phases of a case and every transition between them, with who may make it.

This is the only place that says which phase may follow which (DOMAIN §4's flow). Phase changes
happen only through `cases.services.case_transition`, which asks `check_transition` first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from zicht.accounts.policy import Action, can, require
from zicht.core.errors import Conflict


class Phase(models.TextChoices):
    ASSESSMENT = "assessment", "Veiligheidsbeoordeling"
    HANDOVER = "handover", "Overdracht"
    CONDITIONS = "conditions", "Voorwaarden en vervolg"
    INVESTIGATION = "investigation", "Onderzoek"
    MONITORING = "monitoring", "Monitoren"
    CLOSED = "closed", "Afgesloten"


ACTIVE_PHASES = frozenset(set(Phase) - {Phase.CLOSED})


@dataclass(frozen=True)
class Transition:
    source: Phase
    target: Phase
    label: str
    action: Action  # the right a user needs to make it


TRANSITIONS: dict[tuple[Phase, Phase], Transition] = {
    (t.source, t.target): t
    for t in [
        # After the safety assessment (R-TRI-5).
        Transition(
            Phase.ASSESSMENT, Phase.CLOSED, "Afsluiten na beoordeling", Action.ASSESS_SAFETY
        ),
        Transition(
            Phase.ASSESSMENT,
            Phase.HANDOVER,
            "Overdragen aan een ketenpartner",
            Action.ASSESS_SAFETY,
        ),
        Transition(
            Phase.ASSESSMENT, Phase.CONDITIONS, "Start voorwaarden en vervolg", Action.ASSESS_SAFETY
        ),
        Transition(Phase.ASSESSMENT, Phase.INVESTIGATION, "Start onderzoek", Action.ASSESS_SAFETY),
        # Conditions & follow-up and investigation end in a warm handover, and always monitoring
        # (R-VV-3, R-OND-4, R-MON-1); a confirmed investigation can continue as conditions.
        Transition(Phase.CONDITIONS, Phase.HANDOVER, "Warme overdracht", Action.ASSESS_SAFETY),
        Transition(Phase.CONDITIONS, Phase.MONITORING, "Start monitoren", Action.ASSESS_SAFETY),
        Transition(
            Phase.INVESTIGATION,
            Phase.CONDITIONS,
            "Verder met voorwaarden en vervolg",
            Action.ASSESS_SAFETY,
        ),
        Transition(Phase.INVESTIGATION, Phase.HANDOVER, "Warme overdracht", Action.ASSESS_SAFETY),
        Transition(Phase.INVESTIGATION, Phase.MONITORING, "Start monitoren", Action.ASSESS_SAFETY),
        # A handover ends when accepted (closed, or monitored after VT's own involvement), or the
        # case comes back to VT (R-HO-6).
        Transition(Phase.HANDOVER, Phase.MONITORING, "Start monitoren", Action.ASSESS_SAFETY),
        Transition(Phase.HANDOVER, Phase.CLOSED, "Afsluiten na overdracht", Action.ASSESS_SAFETY),
        # A hand-back or a new report brings a handed-over case back to VT: intake may do that.
        Transition(
            Phase.HANDOVER,
            Phase.ASSESSMENT,
            "Terug bij Veilig Thuis (teruggelegd of nieuwe melding)",
            Action.REGISTER_CONTACT,
        ),
        # Monitoring closes when safety lasts, or VT acts again (R-MON-4).
        Transition(Phase.MONITORING, Phase.CLOSED, "Monitoren afsluiten", Action.ASSESS_SAFETY),
        Transition(Phase.MONITORING, Phase.INVESTIGATION, "Nieuw onderzoek", Action.ASSESS_SAFETY),
        # A new report reopens a closed case (R-REP-5): intake staff may do that.
        Transition(
            Phase.CLOSED, Phase.ASSESSMENT, "Heropenen door nieuwe melding", Action.REGISTER_CONTACT
        ),
    ]
}


class TransitionRefused(Conflict):
    """A transition the workflow does not allow from the case's current phase (409)."""

    kind = "overgang-geweigerd"
    title = "Faseovergang niet toegestaan"


# Conditions a later capability sets on a transition the table allows, e.g. monitoring: a case
# is not closed while its monitoring plan runs, nor without monitoring after VT's own involvement
# (R-MON-1). Each guard returns the Dutch reason to refuse, or "" to allow. Registered in an
# AppConfig.ready(), as the case page's panels are; the workflow stays ignorant of those apps.
Guard = Callable[[Any, Phase, Phase], str]
TRANSITION_GUARDS: list[Guard] = []


def register_guard(guard: Guard) -> None:
    if guard not in TRANSITION_GUARDS:
        TRANSITION_GUARDS.append(guard)


def check_guards(case: Any, source: Phase, target: Phase) -> None:
    """Refuses the transition with the first guard's reason (call with the case locked)."""
    for guard in TRANSITION_GUARDS:
        if reason := guard(case, source, target):
            raise TransitionRefused(reason, field="target")


def allowed_targets(source: Phase) -> list[Phase]:
    return [target for (src, target) in TRANSITIONS if src == source]


def check_transition(user: object, source: str, target: str) -> Transition:
    transition = TRANSITIONS.get((Phase(source), Phase(target)))
    if transition is None:
        raise TransitionRefused(
            f"Van fase ‘{Phase(source).label}’ kan een dossier niet naar ‘{Phase(target).label}’.",
            field="target",
        )
    require(
        user, transition.action, message=f"Uw rol mag de stap ‘{transition.label}’ niet zetten."
    )
    return transition


def transitions_for(user: object, source: str) -> list[Transition]:
    return [t for (src, _), t in TRANSITIONS.items() if src == source and can(user, t.action)]
