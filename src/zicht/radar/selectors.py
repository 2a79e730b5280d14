from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from zicht.cases.models import Case
from zicht.radar.models import CaseRegistration, Outbox, RegisterLookup, RegisterMatch


def matches_of(*, case: Case) -> QuerySet[RegisterMatch]:
    return RegisterMatch.objects.filter(case=case).select_related("person")


def cases_with_matches(case_ids: Collection[int]) -> set[int]:
    """Which of these cases another VT organisation also knows: the worklists' signal (one
    query for a page of cases)."""
    return set(
        RegisterMatch.objects.filter(case_id__in=case_ids)
        .values_list("case_id", flat=True)
        .distinct()
    )


def matches_received() -> list[RegisterMatch]:
    """Every match received, with its case: for the operator's `radar_status` (no person data)."""
    return list(RegisterMatch.objects.select_related("case").order_by("received_at"))


def lookups_of(*, case: Case) -> QuerySet[RegisterLookup]:
    return RegisterLookup.objects.filter(case=case).select_related("asked_by").order_by("-asked_at")


def registration_state(*, case: Case) -> str:
    registration = CaseRegistration.objects.filter(case=case).first()
    if registration is None:
        return "niet geregistreerd"
    if registration.ended_at:
        return "beëindigd"
    pending = Outbox.objects.filter(case_reference=registration.reference, delivered_at=None)
    return "wacht op verzending" if pending.exists() else "geregistreerd"


def match_summary(match: RegisterMatch) -> str:
    """How the assessment's source names a match (R-TRI-2): where and when, never content."""
    return (
        f"Landelijk register: {match.person.full_name} is bekend bij {match.organisation} "
        f"(daar geregistreerd op {match.other_registered_at:%d-%m-%Y}, referentie "
        f"{match.other_reference}; contact: {match.contact})."
    )


QUESTION = (
    "Landelijk register: zijn de personen van dit dossier bekend bij andere Veilig "
    "Thuis-organisaties?"
)


@dataclass(frozen=True)
class RegisterSource:
    """The assessment's "other VT organisations" source as the register answered it (R-TRI-2)."""

    asked_on: date
    question: str
    findings: str


def register_source(*, case: Case) -> RegisterSource | None:
    """What the register said about the case's persons: every match, and the latest lookup's
    answer when there is no match; None when the register has not been asked (not delivered)."""
    matches = list(matches_of(case=case))
    latest = lookups_of(case=case).first()
    if matches:
        asked = min(m.received_at for m in matches)
        return RegisterSource(
            asked_on=timezone.localdate(asked),
            question=QUESTION,
            findings="\n".join(match_summary(m) for m in matches),
        )
    if latest is not None:
        return RegisterSource(
            asked_on=timezone.localdate(latest.asked_at),
            question=QUESTION,
            findings=f"Landelijk register: {latest.answer}",
        )
    return None
