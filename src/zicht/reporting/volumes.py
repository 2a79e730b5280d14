"""Volumes per service (R-INF-2), counted per municipality in one grouped query per service.

A service whose registration is not (yet) in Zicht — its app is not installed — counts as
`None`: the reports say "nog niet geregistreerd in Zicht" instead of a 0 that would tell a
municipality nothing happened. Such apps are looked up by label, never imported, so this module
works before and after they land.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce

from zicht.reporting.periods import Period

REGION = "regio"  # the key of the whole organisation's count
UNKNOWN = None  # the key of records without a municipality


@dataclass(frozen=True)
class Service:
    label: str
    model: str  # "app_label.ModelName"
    moment: str  # the field whose date puts a record in the period
    area: str | None  # path to the municipality id; None: not registered per municipality
    is_date: bool = False  # a DateField, not a DateTimeField
    where: tuple[tuple[str, Any], ...] = ()
    # Counted on another model while this one's app has not landed (the phase history).
    fallback: "Service | None" = None

    def queryset(self) -> QuerySet[Any] | None:
        app_label, name = self.model.split(".")
        if not apps.is_installed(f"zicht.{app_label}"):
            return self.fallback.queryset() if self.fallback else None
        return apps.get_model(app_label, name).objects.filter(**dict(self.where))

    def active(self) -> "Service | None":
        app_label = self.model.split(".")[0]
        if apps.is_installed(f"zicht.{app_label}"):
            return self
        return self.fallback.active() if self.fallback else None


CASE_AREA = "case__municipality_id", "case__household__municipality_id"


def _phase(label: str, phase: str) -> Service:
    return Service(label, "cases.PhaseChange", "at", "case", where=(("to_phase", phase),))


SERVICES: tuple[Service, ...] = (
    Service("Adviezen", "advice.Advice", "contact__received_at", None),
    Service("Meldingen", "reports.Report", "received_at", "case"),
    Service(
        "Veiligheidsbeoordelingen",
        "assessment.Assessment",
        "confirmed_at",
        "case",
        where=(("status", "confirmed"),),
    ),
    Service("Overdrachten", "handover.Handover", "sent_at", "case"),
    _phase("Voorwaarden en vervolg", "conditions"),
    Service(
        "Onderzoeken",
        "investigation.Investigation",
        "decided_on",
        "case",
        is_date=True,
        fallback=_phase("Onderzoeken", "investigation"),
    ),
    Service(
        "Monitoren",
        "monitoring.MonitoringPlan",
        "started_on",
        "case",
        is_date=True,
        fallback=_phase("Monitoren", "monitoring"),
    ),
    Service("Tijdelijke huisverboden", "regional.HouseBan", "starts_at", "case"),
    Service(
        "Voorlichtingen", "regional.InformationSession", "held_on", "municipality", is_date=True
    ),
)


def in_period(service: Service, period: Period) -> dict[str, Any]:
    if service.is_date:
        return {f"{service.moment}__gte": period.first, f"{service.moment}__lte": period.last}
    return {f"{service.moment}__gte": period.start, f"{service.moment}__lt": period.end}


def area_of(path: str) -> Any:
    """The municipality a record counts for: its case's, else its household's."""
    if path == "case":
        return Coalesce(F(CASE_AREA[0]), F(CASE_AREA[1]))
    return F(f"{path}_id")


def count(service: Service, period: Period) -> dict[Any, int] | None:
    """{municipality id (None: unknown): n, REGION: total}; None when not registered in Zicht."""
    active = service.active()
    queryset = service.queryset()
    if active is None or queryset is None:
        return None
    rows = queryset.filter(**in_period(active, period)).order_by()
    if active.area is None:
        return {REGION: rows.count()}
    grouped = rows.annotate(area=area_of(active.area)).values("area").annotate(n=Count("pk"))
    counts: dict[Any, int] = {row["area"]: row["n"] for row in grouped}
    counts[REGION] = sum(counts.values())
    return counts


Counter = Callable[[Service, Period], dict[Any, int] | None]
