"""Helpers for advice tests: a registered advice and the arguments of a complete MDO decision."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from zicht.accounts.models import User
from zicht.accounts.policy import Role
from zicht.advice.models import MDO_CRITERIA, Advice, FrameworkOutcome, MdoOutcome
from zicht.advice.services import advice_register
from zicht.reports.models import CallerKind

QUESTION = "Een leerling vertelt dat het thuis onrustig is. Moet de school melden?"
SUSPICION = {
    "vermoeden": "ja",
    "acuut": "ja",
    "structureel": "ja",
    "geen_hulp": "nee",
    "nieuwe_signalen": "nee",
    "andere_gezinsleden": "nee",
    "hulp_mogelijk": "nee",
    "medewerking": "nee",
    "duurzaam_veilig": "nee",
}
GROUNDS = {
    "risk_high_acute": "Kind vertelt over dagelijkse mishandeling; letsel gezien op school.",
    "professional_cannot_raise": "De school durft de ouders niet aan te spreken, ook niet samen.",
    "no_agreement": "De intern begeleider wil niet melden; geen afspraak mogelijk.",
    "vt_has_data": "De school gaf de gegevens van het gezin door aan Veilig Thuis.",
}
RATIONALE = "Alle vier voorwaarden gelden; de veiligheid van het kind vraagt nu om actie."


def team_member(**traits: Any) -> User:
    user = UserFactory(**traits)
    TeamFactory(name="Team Advies").members.add(user)
    return user


def expert(role: str = Role.BEHAVIOURAL_SCIENTIST) -> User:
    return team_member(role=role)


def register_advice(worker: User, **overrides: Any) -> Advice:
    values: dict[str, Any] = {
        "user": worker,
        "channel": "phone",
        "received_at": timezone.now() - timedelta(days=2),
        "caller_kind": CallerKind.PROFESSIONAL,
        "sector": "education",
        "profession": "leerkracht",
        "advice_seeker_name": "Annemiek de Wit",
        "advice_seeker_organisation": "Basisschool De Linde",
        "advice_seeker_phone": "020-1234567",
        "advice_seeker_email": "a.dewit@delinde.test",
        "question": QUESTION,
        "framework_answers": SUSPICION,
        "framework_outcome": FrameworkOutcome.ADVICE_AND_SUPPORT,
        "responsibility_discussed": True,
    }
    return advice_register(**{**values, **overrides})


def mdo_arguments(advice: Advice, recorder: User, participants: list[User], **overrides: Any):
    values: dict[str, Any] = {
        "user": recorder,
        "advice": advice,
        "held_on": timezone.localdate(),
        "participants": participants,
        "answers": {key: True for key, _ in MDO_CRITERIA},
        "grounds": dict(GROUNDS),
        "outcome": MdoOutcome.REPORT,
        "rationale": RATIONALE,
        "professional_name": "mevrouw A. de Wit",
        "professional_address": "Basisschool De Linde\nLindelaan 4\n1234 AB Testdorp",
    }
    return {**values, **overrides}


def mdo_form_data(participants: list[User], **overrides: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": timezone.localdate().strftime("%Y-%m-%d"),
        "participants": [str(p.pk) for p in participants],
        "outcome": "report",
        "rationale": RATIONALE,
        "professional_name": "mevrouw A. de Wit",
        "professional_address": "Basisschool De Linde",
    }
    for key, _ in MDO_CRITERIA:
        data[key] = "ja"
        data[f"{key}_grounds"] = GROUNDS[key]
    return {**data, **overrides}
