"""The CBS half-yearly delivery (R-INF-1): a semicolon-separated file, streamed row by row.

Rows come from `.iterator()` over `values_list` queries, a few thousand at a time, and are
written to the caller one by one, so memory stays flat however many reports a half year holds.
Layout: `cbs_layout.LAYOUT` and `docs/cbs.md`. Persons appear only as pseudonyms with age and sex.
"""

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from zicht.advice.models import Advice
from zicht.assessment.models import Assessment, Status
from zicht.cases.models import Case, PhaseChange
from zicht.cases.workflow import Phase
from zicht.handover.models import Handover
from zicht.investigation.models import Investigation
from zicht.organisation.models import Organisation
from zicht.reporting.cbs_layout import CbsOutcome, FollowUpMoment
from zicht.reporting.localday import LocalDate
from zicht.reporting.periods import Period
from zicht.reporting.pseudonyms import Pseudonymiser
from zicht.reports.models import Involvement, Report, ReportPerson

CHUNK = 2000


@dataclass(frozen=True)
class Delivery:
    period: Period
    code: str  # e.g. 2026-1

    def reports(self) -> QuerySet[Report]:
        return Report.objects.filter(
            received_at__gte=self.period.start, received_at__lt=self.period.end
        )

    def advices(self) -> QuerySet[Advice]:
        return Advice.objects.filter(
            contact__received_at__gte=self.period.start, contact__received_at__lt=self.period.end
        )

    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(pk__in=self.reports().values("case_id"))

    def counts(self) -> dict[str, int]:
        """How many records of each type the file will hold (the page's progress total)."""
        return {
            "ADVIES": self.advices().count(),
            "MELDING": self.reports().count(),
            "PERSOON": ReportPerson.objects.filter(report__in=self.reports()).count(),
            "CASUS": self.cases().count(),
        }


def _day(day: date | None) -> str:
    """Days come from the database as local dates (`LocalDate`): converting half a million
    moments in Python (`timezone.localtime`) took a third of the file's time, and Django's
    `TruncDate` on SQLite does the same in a Python call per value."""
    return day.isoformat() if day else ""


def age_on(day: date, year: int | None, month: int | None, birth_day: int | None) -> int | None:
    """Whole years on `day`. With only a year (and month) known, the birthday is taken as not yet
    passed when it could still come: the lower age, as CBS counts an unknown day."""
    if year is None:
        return None
    age = day.year - year
    if (month or 12, birth_day or 31) > (day.month, day.day):
        age -= 1
    return age if age >= 0 else None


def municipality_code(prefix: str = "") -> Coalesce:
    return Coalesce(
        F(f"{prefix}municipality__cbs_code"),
        F(f"{prefix}household__municipality__cbs_code"),
        Value(""),
    )


def root_case(case_ref: str) -> Coalesce:
    """The CBS case a Zicht case belongs to: the lowest id among the case and the cases it is
    linked to as earlier cases (the same persons, R-INF-1). Direct links only: a chain of three
    cases linked one by one counts as two CBS cases (docs/cbs.md)."""
    links = Case.earlier_cases.through.objects.filter(from_case=OuterRef(case_ref)).order_by()
    lowest = Subquery(
        links.values("from_case").annotate(lowest=Min("to_case")).values("lowest")[:1],  # type: ignore[misc]
        output_field=IntegerField(),
    )
    return Coalesce(
        Least(lowest, F(case_ref), output_field=IntegerField()),
        F(case_ref),
        output_field=IntegerField(),
    )


def phase_at(case_ref: str, moment_ref: str) -> Subquery:
    """The phase the case was in at that moment (the last phase change up to it)."""
    changes = PhaseChange.objects.filter(case=OuterRef(case_ref), at__lte=OuterRef(moment_ref))
    return Subquery(changes.order_by("-at", "-id").values("to_phase")[:1])


def first_assessment_after(field: str) -> Subquery:
    """Of the case's confirmed assessments, the first confirmed at or after the report came in:
    the one that judged this report. `field` may also be `confirmed_on`, its local day."""
    confirmed = (
        Assessment.objects.filter(
            case=OuterRef("case"),
            status=Status.CONFIRMED,
            confirmed_at__gte=OuterRef("received_at"),
        )
        .exclude(outcome="")
        .annotate(confirmed_on=LocalDate("confirmed_at"))
    )
    return Subquery(confirmed.order_by("confirmed_at", "id").values(field)[:1])


def investigation_conclusion() -> Subquery:
    """The conclusion of the case's first investigation decided on or after the report came in:
    the investigation this report led to (empty while none, or while it runs)."""
    found = Investigation.objects.filter(
        case=OuterRef("case"), decided_on__gte=OuterRef("received_day")
    ).exclude(conclusion="")
    return Subquery(found.order_by("decided_on", "id").values("conclusion")[:1])


def _moment(involvement: str, phase: str | None) -> str:
    if involvement != Involvement.FOLLOW_UP:
        return ""
    if phase in (None, Phase.ASSESSMENT):
        return FollowUpMoment.DURING_ASSESSMENT
    if phase == Phase.MONITORING:
        return FollowUpMoment.DURING_MONITORING
    return FollowUpMoment.AFTER_ASSESSMENT


_PLAIN = (str, int)  # exactly these types: csv writes them as str() does (a bool would not be)
_QUOTED = re.compile(r'["\r\n]')


class _Line:
    """One finished CSV line per row, as `csv.writer` (`;`, minimal quoting, CRLF) writes it.

    Nearly every field is a code, a date, a number or a pseudonym, which csv writes as it is:
    such a row is joined directly (a third of the time of `writerow` through a buffer). A row
    with a field that needs quoting, or that is not text or a number, goes through csv.writer.
    """

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, delimiter=";", lineterminator="\r\n")

    def __call__(self, row: Sequence[Any]) -> str:
        if all(type(field) in _PLAIN for field in row):
            line = ";".join(map(str, row))
            # No field held a delimiter (one fewer than fields), quote or line break.
            if line.count(";") == len(row) - 1 and not _QUOTED.search(line):
                return line + "\r\n"
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(row)
        return self.buffer.getvalue()


def rows(delivery: Delivery, *, today: date | None = None) -> Iterator[list[Any]]:
    """Every record of the delivery, in the layout's order: VOORLOOP, ADVIES, MELDING, PERSOON,
    CASUS."""
    pseudonym = Pseudonymiser()
    organisation = Organisation.objects.first()
    period = delivery.period
    yield [
        "VOORLOOP",
        organisation.code if organisation else "",
        delivery.code,
        period.first.isoformat(),
        period.last.isoformat(),
        (today or timezone.localdate()).isoformat(),
    ]
    advices = (
        delivery.advices()
        .annotate(received_on=LocalDate("contact__received_at"))
        .order_by("pk")
        .values_list("pk", "received_on", "contact__caller_kind", "contact__sector", "report_id")
    )
    for pk, received, kind, sector, report_id in advices.iterator(chunk_size=CHUNK):
        yield [
            "ADVIES",
            pseudonym("advies", pk),
            _day(received),
            kind,
            sector,
            "1" if report_id else "0",
        ]
    yield from _report_rows(delivery, pseudonym)
    yield from _person_rows(delivery, pseudonym)
    yield from _case_rows(delivery, pseudonym)


def _report_rows(delivery: Delivery, pseudonym: Pseudonymiser) -> Iterator[list[Any]]:
    reports = (
        delivery.reports()
        .annotate(received_day=LocalDate("received_at"))
        .annotate(
            root=root_case("case_id"),
            municipality_code=municipality_code("case__"),
            phase_then=phase_at("case_id", "received_at"),
            outcome=first_assessment_after("outcome"),
            confirmed_on=first_assessment_after("confirmed_on"),
            conclusion=investigation_conclusion(),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "root",
            "received_day",
            "contact__caller_kind",
            "contact__sector",
            "violence_types",
            "violence_duration",
            "involvement",
            "phase_then",
            "outcome",
            "confirmed_on",
            "conclusion",
            "municipality_code",
        )
    )
    for (
        pk,
        root,
        received,
        kind,
        sector,
        types,
        duration,
        involvement,
        phase_then,
        outcome,
        confirmed_on,
        conclusion,
        municipality,
    ) in reports.iterator(chunk_size=CHUNK):
        yield [
            "MELDING",
            pseudonym("melding", pk),
            pseudonym("casus", root),
            _day(received),
            kind,
            sector,
            "|".join(sorted(types or [])),
            duration,
            involvement,
            _moment(involvement, phase_then),
            CbsOutcome.OF_ASSESSMENT.get(outcome, "") if outcome else "",
            _day(confirmed_on),
            conclusion or "",
            municipality,
        ]


def _person_rows(delivery: Delivery, pseudonym: Pseudonymiser) -> Iterator[list[Any]]:
    persons = (
        ReportPerson.objects.filter(report__in=delivery.reports())
        .annotate(
            who=Coalesce(F("person__merged_into_id"), F("person_id")),
            received_on=LocalDate("report__received_at"),
        )
        .order_by("report_id", "pk")
        .values_list(
            "report_id",
            "who",
            "role",
            "received_on",
            "person__birth_year",
            "person__birth_month",
            "person__birth_day",
            "person__sex",
        )
    )
    # The rows come per report: its pseudonym is made once, not once per person.
    last_report, report_pseudonym = None, ""
    for report_id, who, role, received, year, month, day, sex in persons.iterator(chunk_size=CHUNK):
        if report_id != last_report:
            last_report, report_pseudonym = report_id, pseudonym("melding", report_id)
        age = age_on(received, year, month, day)
        yield [
            "PERSOON",
            report_pseudonym,
            pseudonym("persoon", who),
            role,
            "" if age is None else age,
            sex,
        ]


def _reached(phase: Phase, end: datetime) -> Exists:
    return Exists(PhaseChange.objects.filter(case=OuterRef("pk"), to_phase=phase, at__lt=end))


def _case_rows(delivery: Delivery, pseudonym: Pseudonymiser) -> Iterator[list[Any]]:
    period = delivery.period
    in_period = Q(received_at__gte=period.start, received_at__lt=period.end)
    reports = Report.objects.filter(in_period, case=OuterRef("pk")).order_by().values("case")
    handovers = Handover.objects.filter(case=OuterRef("pk"), sent_at__lt=period.end).order_by()
    cases = (
        delivery.cases()
        .annotate(
            root=root_case("pk"),
            municipality_code=municipality_code(),
            reports_in_period=Subquery(
                reports.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
            ),
            handed_over=_reached(Phase.HANDOVER, period.end),
            conditions=_reached(Phase.CONDITIONS, period.end),
            investigation=_reached(Phase.INVESTIGATION, period.end),
            monitoring=_reached(Phase.MONITORING, period.end),
            handovers_sent=Subquery(
                handovers.values("case").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
        )
        .annotate(opened_on=LocalDate("opened_at"), closed_on=LocalDate("closed_at"))
        .order_by("pk")
        .values_list(
            "pk",
            "root",
            "municipality_code",
            "opened_on",
            "closed_on",
            "reports_in_period",
            "handed_over",
            "conditions",
            "investigation",
            "monitoring",
            "handovers_sent",
        )
    )
    flag = {True: "1", False: "0"}
    for pk, root, municipality, opened, closed, n, *reached, sent in cases.iterator(
        chunk_size=CHUNK
    ):
        yield [
            "CASUS",
            pseudonym("casus", root),
            pseudonym("dossier", pk),
            municipality,
            _day(opened),
            _day(closed),
            n or 0,
            *(flag[bool(r)] for r in reached),
            sent or 0,
        ]


def lines(delivery: Delivery) -> Iterator[str]:
    """The file, one CSV line at a time (what the page and the command stream)."""
    line = _Line()
    for row in rows(delivery):
        yield line(row)
