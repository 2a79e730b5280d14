"""What would make a CBS delivery wrong (R-INF-1), listed before it is made, each with a link to
the page where it is put right.

A check is a query for the records that break one rule of the layout; the list names the case
number (or advice number) and what is missing, never a person.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse

from zicht.assessment.models import Assessment, Status
from zicht.cases.models import case_url
from zicht.cases.workflow import Phase
from zicht.reporting.cbs import Delivery
from zicht.reports.models import CallerKind, ReportPerson

LIMIT = 200  # per check: enough to work through; the count says how many there are in all


@dataclass(frozen=True)
class Problem:
    check: str
    what: str  # the case number or "advies 12"
    url: str


@dataclass(frozen=True)
class CheckResult:
    title: str
    fix: str
    count: int
    problems: list[Problem]


@dataclass(frozen=True)
class Check:
    title: str
    fix: str
    find: Callable[[Delivery], QuerySet]
    kind: str = "report"  # "report" rows link to their case, "advice" rows to the advice


def _reports_without_types(d: Delivery) -> QuerySet:
    return d.reports().filter(Q(violence_types=[]) | Q(violence_types__isnull=True))


def _reports_without_sector(d: Delivery) -> QuerySet:
    return d.reports().filter(contact__caller_kind=CallerKind.PROFESSIONAL, contact__sector="")


def _advices_without_sector(d: Delivery) -> QuerySet:
    return d.advices().filter(contact__caller_kind=CallerKind.PROFESSIONAL, contact__sector="")


def _reports_without_municipality(d: Delivery) -> QuerySet:
    return d.reports().filter(
        case__municipality__isnull=True, case__household__municipality__isnull=True
    )


def _reports_without_persons(d: Delivery) -> QuerySet:
    return d.reports().exclude(Exists(ReportPerson.objects.filter(report=OuterRef("pk"))))


def _persons_born_after_report(d: Delivery) -> QuerySet:
    year, month = ExtractYear(OuterRef("received_at")), ExtractMonth(OuterRef("received_at"))
    late = ReportPerson.objects.filter(
        Q(person__birth_year__gt=year) | Q(person__birth_year=year, person__birth_month__gt=month),
        report=OuterRef("pk"),
    )
    return d.reports().filter(Exists(late))


def _cases_closed_before_opened(d: Delivery) -> QuerySet:
    return d.reports().filter(case__closed_at__lt=F("case__opened_at"))


def _closed_without_outcome(d: Delivery) -> QuerySet:
    judged = Assessment.objects.filter(
        case=OuterRef("case"), status=Status.CONFIRMED, confirmed_at__gte=OuterRef("received_at")
    ).exclude(outcome="")
    return d.reports().filter(case__phase=Phase.CLOSED).exclude(Exists(judged))


CHECKS: tuple[Check, ...] = (
    Check(
        "Melding zonder soort geweld",
        "Vul op de melding de soort(en) geweld in.",
        _reports_without_types,
    ),
    Check(
        "Melding van een professional zonder sector",
        "Vul de sector van de melder in.",
        _reports_without_sector,
    ),
    Check(
        "Advies van een professional zonder sector",
        "Vul de sector van de adviesvrager in.",
        _advices_without_sector,
        kind="advice",
    ),
    Check(
        "Melding zonder gemeente",
        "Leg de gemeente van het dossier of het huishouden vast.",
        _reports_without_municipality,
    ),
    Check(
        "Melding zonder betrokkenen",
        "Voeg de betrokken personen toe (leeftijd en geslacht tellen mee).",
        _reports_without_persons,
    ),
    Check(
        "Onmogelijke datum: betrokkene geboren na de melding",
        "Corrigeer het geboortejaar van de betrokkene.",
        _persons_born_after_report,
    ),
    Check(
        "Onmogelijke datum: dossier gesloten vóór het werd geopend",
        "Laat de sluitdatum van het dossier corrigeren.",
        _cases_closed_before_opened,
    ),
    Check(
        "Dossier afgesloten zonder uitkomst van de veiligheidsbeoordeling",
        "Leg de veiligheidsbeoordeling met haar besluit vast.",
        _closed_without_outcome,
    ),
)


def _problems(check: Check, queryset: QuerySet) -> Iterator[Problem]:
    if check.kind == "advice":
        for pk in queryset.order_by("pk").values_list("pk", flat=True)[:LIMIT]:
            yield Problem(check.title, f"Advies {pk}", reverse("advice:detail", args=[pk]))
        return
    numbers = queryset.order_by("case__number").values_list("case__number", flat=True)
    for number in numbers.distinct()[:LIMIT]:
        yield Problem(check.title, f"Dossier {number}", case_url(number))


def validate(delivery: Delivery) -> list[CheckResult]:
    """Every check, with its count (0 included: the report shows what was checked)."""
    results = []
    for check in CHECKS:
        found = check.find(delivery)
        results.append(
            CheckResult(check.title, check.fix, found.count(), list(_problems(check, found)))
        )
    return results
