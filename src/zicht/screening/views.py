from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zicht.accounts.policy import Action, can, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.core.forms import FORM_REFUSALS, add_service_errors
from zicht.screening import selectors, services
from zicht.screening.forms import EscalationForm, ScreeningForm

PAGE_SIZE = 50


def _may_screen(request: HttpRequest) -> None:
    require(request.user, Action.VIEW_CLIENT_DATA)
    require(request.user, Action.ASSESS_SAFETY, message=services.SCREEN_REFUSED)


@login_required
def screening_list(request: HttpRequest) -> HttpResponse:
    """The daily screening list (R-WL-1): every unassessed report in scope, riskiest first."""
    _may_screen(request)
    today = timezone.localdate()
    rows = selectors.screening_list(user=request.user, today=today)  # type: ignore[arg-type]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    selectors.log_screening_read(
        user=request.user,  # type: ignore[arg-type]
        reports=page.object_list,
        resource=request.path,
    )
    context = {
        "page": page,
        "rows": selectors.screening_rows(page.object_list, today),
        "today": today,
        "not_screened_today": selectors.not_screened_on(rows, today).count(),
    }
    return render(request, "screening/list.html", context)


@login_required
def screening_new(request: HttpRequest, report_id: int) -> HttpResponse:
    """Screen one report today: a short note and whether there is direct danger."""
    _may_screen(request)
    user: Any = request.user
    report = selectors.report_for_screening(user=user, report_id=report_id)
    access_log_record(
        user=user,
        event=AccessEvent.READ,
        channel=Channel.HTML,
        person_ids=report.case.person_ids(),
        case=report.case,
        resource=request.path,
        detail="melding voor screening",
    )
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_record(
                user=user,
                report=report,
                note=form.cleaned_data["note"],
                acute=form.cleaned_data["acute"],
            )
        except FORM_REFUSALS as error:
            add_service_errors(form, error)
        else:
            text = f"Screening van de melding in dossier {report.case.number} vastgelegd."
            if form.cleaned_data["acute"]:
                text += " Direct gevaar: de termijn voor crisisinterventie (vandaag) loopt."
            messages.success(request, text)
            return redirect("screening:list")
    context = {
        "report": report,
        "form": form,
        "unassessed": selectors.is_unassessed(report),
        "screenings": selectors.screenings_of(report=report)[:30],
        "today": timezone.localdate(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "screening/screen.html", context, status=status)


def _bars(trend: list[tuple[date, int]]) -> list[dict[str, Any]]:
    """Bars of the inline SVG chart: 28 columns of 10 units, the highest 90 units tall above
    the base line at y=95 (the table below the chart carries the same figures as text)."""
    peak = max([n for _, n in trend] + [1])
    bars = []
    for index, (day, n) in enumerate(trend):
        height = round(90 * n / peak)
        bars.append({"day": day, "n": n, "x": 10 * index + 1, "y": 95 - height, "height": height})
    return bars


@login_required
def waiting_list(request: HttpRequest) -> HttpResponse:
    """Backlog, trend and the R-WL-2 signal: figures only, so policy/control may see them."""
    if not can(request.user, Action.LEAD_TEAM):
        require(request.user, Action.VIEW_MANAGEMENT_INFO)
    may_escalate = can(request.user, Action.LEAD_TEAM)
    form = EscalationForm(request.POST or None, initial={"escalated_on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, Action.LEAD_TEAM, message=services.ESCALATION_REFUSED)
        if form.is_valid():
            try:
                services.escalation_record(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except FORM_REFUSALS as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, "De escalatie naar de regionale stuurgroep is vastgelegd."
                )
                return redirect("screening:waiting_list")
    figures = selectors.waiting_list()
    context = {
        "figures": figures,
        "bars": _bars(figures.trend),
        "escalations": selectors.escalations(),
        "may_escalate": may_escalate,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "screening/waiting_list.html", context, status=status)
