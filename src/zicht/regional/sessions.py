"""Information sessions given to professionals (R-VL-1): registered, corrected, removed, listed
by period and municipality and exported. They hold no client data, so policy/control may read
them; every write checks the version the form was opened on."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.views import FORMULA_START
from zicht.core import errors
from zicht.organisation.models import Municipality
from zicht.regional.models import InformationSession

FIELDS = (
    "held_on",
    "audience",
    "organisation",
    "participants",
    "topic",
    "given_by",
    "municipality",
)


class StaleSession(errors.StaleVersion):
    title = "Voorlichting intussen gewijzigd"

    def __init__(self, session: InformationSession) -> None:
        super().__init__(
            f"Deze voorlichting is intussen door iemand anders gewijzigd (nu versie "
            f"{session.version}). Er is niets opgeslagen; bekijk de nieuwe stand en probeer het "
            "opnieuw."
        )
        self.session = session

    def problem_extra(self) -> dict[str, Any]:
        return {"current_version": self.session.version}


def session_problems(values: dict[str, Any]) -> dict[str, str]:
    """R-VL-1: what a session must say, in Dutch, by field."""
    problems: dict[str, str] = {}
    held_on = values.get("held_on")
    if not isinstance(held_on, date):
        problems["held_on"] = "Vul de datum van de voorlichting in."
    elif held_on > timezone.localdate():
        problems["held_on"] = (
            "Een voorlichting registreert u als die gegeven is: de datum ligt in de toekomst."
        )
    participants = values.get("participants")
    if not isinstance(participants, int) or participants < 1:
        problems["participants"] = "Het aantal deelnemers is minstens 1."
    for name, message in (
        ("audience", "Vul de doelgroep in."),
        ("organisation", "Vul de organisatie in."),
        ("topic", "Vul het onderwerp in."),
        ("given_by", "Vul in wie de voorlichting gaf."),
    ):
        if not str(values.get(name) or "").strip():
            problems[name] = message
    if not isinstance(values.get("municipality"), Municipality):
        problems["municipality"] = "Kies de gemeente waar de voorlichting was."
    return problems


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    problems = session_problems(values)
    if problems:
        raise ValidationError(problems)
    return {
        name: values[name].strip() if isinstance(values[name], str) else values[name]
        for name in FIELDS
    }


@transaction.atomic
def session_create(*, user: User, values: dict[str, Any]) -> InformationSession:
    require(user, Action.INFORMATION_SESSIONS)
    return InformationSession.objects.create(**_clean(values), created_by=user)


@transaction.atomic
def session_update(
    *, user: User, session: InformationSession, expected_version: int, values: dict[str, Any]
) -> InformationSession:
    require(user, Action.INFORMATION_SESSIONS)
    locked = InformationSession.objects.select_for_update().get(pk=session.pk)
    if locked.version != expected_version:
        raise StaleSession(locked)
    cleaned = _clean(values)
    InformationSession.objects.filter(pk=locked.pk).update(**cleaned, version=F("version") + 1)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def session_delete(*, user: User, session: InformationSession, expected_version: int) -> None:
    require(user, Action.INFORMATION_SESSIONS)
    locked = InformationSession.objects.select_for_update().get(pk=session.pk)
    if locked.version != expected_version:
        raise StaleSession(locked)
    locked.delete()


def sessions_list(
    *, start: date | None = None, end: date | None = None, municipality: Municipality | None = None
) -> QuerySet[InformationSession]:
    sessions = InformationSession.objects.select_related("municipality")
    if start:
        sessions = sessions.filter(held_on__gte=start)
    if end:
        sessions = sessions.filter(held_on__lte=end)
    if municipality:
        sessions = sessions.filter(municipality=municipality)
    return sessions.order_by("-held_on", "-id")


def _cell(text: str) -> str:
    """Free text that a spreadsheet would run as a formula gets an apostrophe first."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


CSV_HEADER = [
    "Datum",
    "Doelgroep",
    "Organisatie",
    "Aantal deelnemers",
    "Onderwerp",
    "Gegeven door",
    "Gemeente",
]


def csv_rows(sessions: QuerySet[InformationSession]) -> Iterator[list[str]]:
    yield CSV_HEADER
    for s in sessions.iterator():
        yield [
            f"{s.held_on:%d-%m-%Y}",
            *(_cell(text) for text in (s.audience, s.organisation)),
            str(s.participants),
            *(_cell(text) for text in (s.topic, s.given_by)),
            s.municipality.name,
        ]
