"""The registry of deadline kinds (R-DL-2): name, Dutch label, the rule it holds, its calculator.

A service that starts an obligation calls `cases.services.deadline_start(case=…, kind=…)`; the
due date comes from the calculator here. A later capability adds its kind with one `register`
line. Calculators are pure functions of the start date, table-tested.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models
from django.db.models import Case, Value, When
from django.db.models.query import QuerySet

from zicht.calendar.periods import Period, months, real_days, weeks, working_days

QS = TypeVar("QS", bound=QuerySet[Any])


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str
    rule_id: str
    period: Period
    # The phase the obligation belongs to: it lapses when the case leaves that phase before it
    # was met (R-DL-3). None: it holds whatever the phase.
    phase: str | None = None

    def calculate(self, start: date) -> date:
        """The due date of an obligation of this kind started on `start` (R-DL-4)."""
        return self.period.end(start)


DEADLINE_KINDS: dict[str, DeadlineKind] = {}


def register(
    code: str, label: str, rule_id: str, period: Period, *, phase: str | None = None
) -> None:
    DEADLINE_KINDS[code] = DeadlineKind(code, label, rule_id, period, phase)


# Weeks, months and calendar days end on the next working day when they end on a day off
# (R-DL-4); the same-day crisis action and the house ban run in real time.
register("assessment", "Veiligheidsbeoordeling afronden", "R-TRI-1", working_days(5))
register("reporter_contact", "Contact met de melder", "R-TRI-7", working_days(5))
register("crisis_action", "Crisisinterventie (zelfde dag)", "R-TRI-3", real_days(0))
register(
    "conditions_done", "Voorwaarden en vervolg afronden", "R-VV-3", weeks(10), phase="conditions"
)
register(
    "investigation_start",
    "Onderzoek starten",
    "R-OND-2",
    working_days(5),
    phase="investigation",
)
register("investigation_done", "Onderzoek afronden", "R-OND-2", weeks(10), phase="investigation")
register("reporter_update", "Melder informeren over overdracht", "R-TRI-8", weeks(10))
register("partner_receipt", "Ontvangstbevestiging ketenpartner", "R-HO-5", working_days(2))
register("partner_start", "Start hulp door ketenpartner", "R-HO-5", weeks(2))
# Monitoring's moments belong to the monitoring phase: a new investigation ends them (R-MON-4).
# An agreed moment's due date is the date agreed, not a period: its period here is never used
# (`deadline_start(due=…)`).
register(
    "monitoring_3_months", "Monitoringsmoment 3 maanden", "R-MON-2", months(3), phase="monitoring"
)
register(
    "monitoring_12_months",
    "Monitoringsmoment 12 maanden",
    "R-MON-2",
    months(12),
    phase="monitoring",
)
register(
    "monitoring_agreed", "Afgesproken monitoringsmoment", "R-MON-2", months(0), phase="monitoring"
)
register(
    "monitoring_end",
    "Monitoren afronden (ca. 18 maanden)",
    "R-MON-2",
    months(18),
    phase="monitoring",
)
# The house ban's end is the order's: its due date follows each extension (regional).
register("house_ban_end", "Einde tijdelijk huisverbod", "R-HB-1", real_days(10))
register("house_ban_max", "Uiterste einde verlengd huisverbod (28 dagen)", "R-HB-1", real_days(28))
# VT's process direction during the ban (R-HB-1): each within the ban's first ten days.
register("house_ban_decision", "Besluit over verlenging huisverbod", "R-HB-1", real_days(10))
register(
    "house_ban_perpetrator_contact", "Contact met de uithuisgeplaatste", "R-HB-1", real_days(10)
)
register(
    "house_ban_victims_contact", "Contact met de slachtoffers (huisverbod)", "R-HB-1", real_days(10)
)
register(
    "house_ban_children_contact", "Contact met de kinderen (huisverbod)", "R-HB-1", real_days(10)
)
register(
    "house_ban_executors_advice",
    "Advies aan de uitvoerders van het huisverbod",
    "R-HB-1",
    real_days(10),
)


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in DEADLINE_KINDS.values()]


def label_of(code: str) -> str:
    kind = DEADLINE_KINDS.get(code)
    return kind.label if kind else code


class Status(models.TextChoices):
    MET = "met", "Voldaan"
    LAPSED = "lapsed", "Vervallen"
    OVERDUE = "overdue", "Te laat"
    DUE_TODAY = "due_today", "Vandaag"
    ON_TIME = "on_time", "Op tijd"


def with_status(queryset: QS, today: date) -> QS:
    """Annotates `status` in the query itself, so filtering on it stays one indexed query."""
    return queryset.annotate(
        status=Case(
            When(met_at__isnull=False, lapsed_reason="", then=Value(Status.MET)),
            When(met_at__isnull=False, then=Value(Status.LAPSED)),
            When(due__lt=today, then=Value(Status.OVERDUE)),
            When(due=today, then=Value(Status.DUE_TODAY)),
            default=Value(Status.ON_TIME),
            output_field=models.CharField(),
        )
    )
