"""What each role may do: the one place where that is written down.

Every permission check in Zicht asks `can(user, Action.X)`. Views, the admin (through
`PolicyBackend`) and templates read this table; nothing else grants rights. A change of what a
role may do is a change of this file, reviewed as such.
"""

from enum import StrEnum
from typing import Protocol

from django.db import models

from zicht.core.errors import NotPermitted


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", "Medewerker"
    BEHAVIOURAL_SCIENTIST = "behavioural_scientist", "Gedragswetenschapper"
    CONFIDENTIAL_DOCTOR = "confidential_doctor", "Vertrouwensarts"
    TEAM_LEADER = "team_leader", "Teamleider"
    PROCESS_COACH = "process_coach", "Procescoach"
    FRONT_OFFICE = "front_office", "Frontoffice"
    FUNCTIONAL_ADMIN = "functional_admin", "Functioneel beheerder"
    POLICY_CONTROL = "policy_control", "Beleid en control"
    PARTNER_SYSTEM = "partner_system", "Koppeling ketenpartner"


class Action(StrEnum):
    """Things a user can be allowed to do. The label is what the home page shows."""

    VIEW_CLIENT_DATA = "view_client_data"
    REGISTER_CONTACT = "register_contact"
    ASSESS_SAFETY = "assess_safety"
    CONFIRM_ASSESSMENT = "confirm_assessment"
    DECIDE_IN_MDO = "decide_in_mdo"
    LEAD_TEAM = "lead_team"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    VIEW_MANAGEMENT_INFO = "view_management_info"
    REVIEW_ACCESS_LOG = "review_access_log"
    SUBMIT_REPORT = "submit_report"
    CONFIRM_HANDOVER = "confirm_handover"
    INFORMATION_SESSIONS = "information_sessions"
    MANAGE_RETENTION = "manage_retention"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[Action, str] = {
    Action.VIEW_CLIENT_DATA: "Dossiers en persoonsgegevens inzien (binnen uw eigen teams)",
    Action.REGISTER_CONTACT: "Adviezen en meldingen registreren",
    Action.ASSESS_SAFETY: "Veiligheidsbeoordelingen uitvoeren",
    Action.CONFIRM_ASSESSMENT: "Veiligheidsbeoordelingen van een ander bevestigen",
    Action.DECIDE_IN_MDO: "Meebeslissen in een multidisciplinair overleg (MDO)",
    Action.LEAD_TEAM: "Werkvoorraad en caseload van het team bekijken",
    Action.MANAGE_REFERENCE_DATA: "Referentiegegevens, medewerkers en teams beheren",
    Action.VIEW_MANAGEMENT_INFO: "Managementinformatie zonder cliëntgegevens bekijken",
    Action.REVIEW_ACCESS_LOG: "Het toegangslog van een persoon of medewerker inzien (inzageverzoek, privacytoezicht)",
    Action.SUBMIT_REPORT: "Meldingen aanleveren via de API",
    Action.CONFIRM_HANDOVER: "Overdrachten aan de eigen organisatie bevestigen of terugleggen via de API",
    Action.INFORMATION_SESSIONS: "Voorlichtingen registreren en inzien (zonder cliëntgegevens)",
    Action.MANAGE_RETENTION: "Bewaartermijnen bewaken en dossiers vernietigen (met een tweede beheerder)",
}

# What a user without the action reads (page and API alike, see `require`).
ACTION_REFUSALS: dict[Action, str] = {
    Action.VIEW_CLIENT_DATA: "Uw rol geeft geen toegang tot dossiers en persoonsgegevens.",
    Action.REGISTER_CONTACT: "Uw rol mag geen adviezen, meldingen, personen of huishoudens "
    "registreren.",
    Action.ASSESS_SAFETY: "Uw rol mag geen veiligheidsbeoordelingen uitvoeren.",
    Action.CONFIRM_ASSESSMENT: "Uw rol mag geen veiligheidsbeoordelingen bevestigen: dat doet een "
    "collega, gedragswetenschapper of vertrouwensarts.",
    Action.DECIDE_IN_MDO: "Uw rol mag niet meebeslissen in een multidisciplinair overleg (MDO).",
    Action.LEAD_TEAM: "Alleen een teamleider ziet de werkvoorraad en caseload van het team.",
    Action.MANAGE_REFERENCE_DATA: "Alleen de functioneel beheerder beheert referentiegegevens.",
    Action.VIEW_MANAGEMENT_INFO: "Uw rol geeft geen toegang tot managementinformatie.",
    Action.REVIEW_ACCESS_LOG: "Uw rol geeft geen toegang tot het toegangslog.",
    Action.SUBMIT_REPORT: "Alleen de koppeling van een ketenpartner levert meldingen aan via de API.",
    Action.CONFIRM_HANDOVER: "Alleen de koppeling van een ketenpartner beantwoordt overdrachten.",
    Action.INFORMATION_SESSIONS: "Uw rol geeft geen toegang tot de registratie van voorlichtingen.",
    Action.MANAGE_RETENTION: "Alleen de functioneel beheerder bewaakt bewaartermijnen en "
    "vernietigt dossiers.",
}

_CASEWORK = frozenset(
    {
        Action.VIEW_CLIENT_DATA,
        Action.REGISTER_CONTACT,
        Action.ASSESS_SAFETY,
        Action.CONFIRM_ASSESSMENT,
        # Workers give information sessions to professionals (R-VL-1).
        Action.INFORMATION_SESSIONS,
    }
)
_EXPERT = _CASEWORK | {Action.DECIDE_IN_MDO}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.CASE_WORKER: _CASEWORK,
    Role.BEHAVIOURAL_SCIENTIST: _EXPERT,
    Role.CONFIDENTIAL_DOCTOR: _EXPERT,
    Role.TEAM_LEADER: _EXPERT
    | {Action.LEAD_TEAM, Action.VIEW_MANAGEMENT_INFO, Action.REVIEW_ACCESS_LOG},
    Role.PROCESS_COACH: _CASEWORK | {Action.VIEW_MANAGEMENT_INFO},
    Role.FRONT_OFFICE: frozenset(
        {Action.VIEW_CLIENT_DATA, Action.REGISTER_CONTACT, Action.INFORMATION_SESSIONS}
    ),
    # Retention (R-PRIV-4) shows case numbers and dates only, never client data.
    Role.FUNCTIONAL_ADMIN: frozenset({Action.MANAGE_REFERENCE_DATA, Action.MANAGE_RETENTION}),
    # Policy/control works with figures only and never sees client data (DOMAIN §3).
    # Information sessions hold no client data (R-VL-1): policy/control sees and records them.
    Role.POLICY_CONTROL: frozenset({Action.VIEW_MANAGEMENT_INFO, Action.INFORMATION_SESSIONS}),
    # The account of a partner's system (police, justice) delivers reports through the API and
    # sees no client data: not the persons it matched, not the case it reported into.
    # It may also answer handovers to its own partner (R-HO-5, R-HO-6), still without reading
    # the case itself.
    Role.PARTNER_SYSTEM: frozenset({Action.SUBMIT_REPORT, Action.CONFIRM_HANDOVER}),
}

# Django admin apps a functional administrator manages (reference data, staff, calendar).
REFERENCE_DATA_APPS = frozenset(
    {"organisation", "calendar", "accounts", "otp_totp", "reports", "letters", "reporting"}
)


class HasRole(Protocol):
    role: str
    is_active: bool


def can(user: object, action: Action) -> bool:
    """True when the user's role grants the action. Anonymous and inactive users may nothing."""
    role = getattr(user, "role", None)
    if not getattr(user, "is_active", False) or role not in Role.values:
        return False
    return action in PERMISSIONS[Role(role)]


def require(user: object, *actions: Action, message: str = "") -> None:
    """Refuses (`NotPermitted`, 403) unless the role grants every one of `actions`; the message
    names what is missing, or is the caller's where the situation says more."""
    for action in actions:
        if not can(user, action):
            raise NotPermitted(message or ACTION_REFUSALS[action])


def actions_of(role: str) -> list[Action]:
    return [action for action in Action if action in PERMISSIONS[Role(role)]]


def may_use_admin_app(user: object, app_label: str) -> bool:
    return can(user, Action.MANAGE_REFERENCE_DATA) and app_label in REFERENCE_DATA_APPS
