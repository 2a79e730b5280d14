import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from zicht.core.forms import add_service_errors
from zicht.reporting import (
    capacity,
    cbs,
    cbs_checks,
    charts,
    dashboard,
    municipal,
    municipal_output,
)
from zicht.reporting.access import require_reporting
from zicht.reporting.forms import (
    CapacityForm,
    DashboardForm,
    HalfYearForm,
    MunicipalReportForm,
    dashboard_filters,
)
from zicht.reporting.periods import Period, half_year, months_of_year
from zicht.reporting.readonly import read_only, streamed_read_only


def _delivery(form: HalfYearForm) -> cbs.Delivery | None:
    if not form.is_valid():
        return None
    code = form.cleaned_data["halfjaar"].strip().replace(" ", "")
    try:
        return cbs.Delivery(half_year(code), code)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
def cbs_page(request: HttpRequest) -> HttpResponse:
    """Choose a half year, see what the delivery will hold and what is wrong, then download it
    (R-INF-1)."""
    require_reporting(request.user)
    form = HalfYearForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    delivery = _delivery(form) if request.GET else None
    if delivery is not None:
        with read_only():
            checks = cbs_checks.validate(delivery)
            counts = delivery.counts()
        context.update(
            delivery=delivery,
            counts=counts,
            total=sum(counts.values()) + 1,
            checks=checks,
            problems=sum(check.count for check in checks),
        )
    status = 400 if request.GET and delivery is None else 200
    return render(request, "reporting/cbs.html", context, status=status)


@login_required
def cbs_file(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The delivery file, streamed: one read-only transaction, rows as they come."""
    require_reporting(request.user)
    form = HalfYearForm(request.GET)
    delivery = _delivery(form)
    if delivery is None:
        return render(request, "reporting/cbs.html", {"form": form}, status=400)
    response = StreamingHttpResponse(
        streamed_read_only(cbs.lines(delivery)), content_type="text/csv; charset=utf-8"
    )
    name = f"cbs-veilig-thuis-{delivery.code}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


@login_required
def municipal_page(request: HttpRequest) -> HttpResponse:
    """The 4- and 8-month report to the municipalities (R-INF-2): figures on the page, and the
    same as XLSX or PDF to send."""
    require_reporting(request.user)
    form = MunicipalReportForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    report = _municipal_report(form) if request.GET else None
    if report is not None:
        kind = request.GET.get("formaat", "")
        if kind in FORMATS:
            with read_only():
                body = (municipal_output.workbook if kind == "xlsx" else municipal_output.pdf)(
                    report
                )
            content_type, extension = FORMATS[kind]
            response = HttpResponse(body, content_type=content_type)
            name = (
                f"gemeenterapportage-{report.period.first:%Y}-{report.period.last:%m}.{extension}"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        context.update(
            report=report,
            areas=[
                {"area": area, "tables": municipal_output.tables(area)}
                for area in [report.region, *report.municipalities]
            ],
            query=request.GET.urlencode(),
            note=municipal_output.SUPPRESSION_NOTE,
        )
    status = 400 if request.GET and report is None else 200
    return render(request, "reporting/municipal.html", context, status=status)


def _municipal_report(form: MunicipalReportForm) -> municipal.MunicipalReport | None:
    if not form.is_valid():
        return None
    try:
        period = months_of_year(form.cleaned_data["jaar"], form.cleaned_data["maanden"])
        pk = form.cleaned_data["gemeente"]
        only = municipal.municipality_in_region(pk) if pk else None
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    with read_only():
        return municipal.municipal_report(period, only)


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Steering in charts (issue 15 step 4), each with its table and a CSV of its figures."""
    require_reporting(request.user)
    form = DashboardForm(request.GET or None)
    today = timezone.localdate()
    context: dict[str, object] = {"form": form}
    if request.GET and not form.is_valid():
        return render(request, "reporting/dashboard.html", context, status=400)
    try:
        period, municipality = dashboard_filters(form.cleaned_data if request.GET else {}, today)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "reporting/dashboard.html", context, status=400)
    # Reads inside read_only() and caches the figures for a minute (dashboard.CACHE_SECONDS).
    found = dashboard.dashboard(request.user, period, municipality)  # type: ignore[arg-type]
    wanted = request.GET.get("csv")
    if wanted:
        chart = next((c for c in found if c.slug == wanted), None)
        if chart is None:
            raise Http404
        return _csv(chart, period)
    context.update(
        period=period, municipality=municipality, charts=found, query=request.GET.urlencode()
    )
    return render(request, "reporting/dashboard.html", context)


def _csv(chart: dashboard.Chart, period: Period) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(chart.columns)
    writer.writerows(chart.rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{chart.slug}-{period.first:%Y%m%d}-{period.last:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def capacity_page(request: HttpRequest) -> HttpResponse:
    """Capacity planning (R-INF-3): FTE per service for the next years in a scenario, with
    what-if percentages that are not saved."""
    require_reporting(request.user)
    form = CapacityForm(request.GET or {"scenario": "middle", "jaren": "3"})
    context: dict[str, object] = {"form": form}
    if not form.is_valid():
        return render(request, "reporting/capacity.html", context, status=400)
    with read_only():
        found = capacity.plan_of(form.cleaned_data)
    if request.GET.get("formaat") == "xlsx":
        response = HttpResponse(capacity.workbook(found), content_type=FORMATS["xlsx"][0])
        response["Content-Disposition"] = 'attachment; filename="capaciteitsplanning.xlsx"'
        return response
    chart = charts.bar_chart(
        "Staafdiagram: benodigde FTE in totaal per jaar; de tabel geeft ze per dienst.",
        [(str(year), total) for year, total in zip(found.years, found.totals, strict=True)],
        unit=" FTE",
    )
    context.update(
        plan=found,
        chart=chart,
        query=request.GET.urlencode(),
        per_fte=capacity.PRODUCTIVE_HOURS_PER_FTE,
    )
    return render(request, "reporting/capacity.html", context)
