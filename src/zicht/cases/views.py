from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from zicht.accounts.api import request_user
from zicht.accounts.policy import Action, require
from zicht.cases import selectors, services
from zicht.cases.forms import (
    AssignForm,
    EmergencyAccessForm,
    MunicipalityForm,
    OpenCaseForm,
    TransitionForm,
    WorklistFilterForm,
)
from zicht.cases.models import Case
from zicht.cases.panels import panels_for
from zicht.cases.services import StaleVersion
from zicht.cases.workflow import Phase
from zicht.core.forms import FORM_REFUSALS, add_service_errors

PAGE_SIZE = 50


def _case_page(
    request: HttpRequest,
    case: Case,
    *,
    transition_form: TransitionForm | None = None,
    assign_form: AssignForm | None = None,
    municipality_form: MunicipalityForm | None = None,
    status: int = 200,
    stale_message: str = "",
) -> HttpResponse:
    user = request_user(request)
    kind = request.GET.get("soort", "")
    initial = {"version": case.version}
    context: dict[str, Any] = {
        "case": case,
        "members": case.household.members.select_related("person").order_by(
            "role", "person__last_name"
        ),
        "ledger": selectors.responsibility_ledger(case=case),
        "deadlines": selectors.case_deadlines(case=case),
        "timeline": selectors.timeline(case=case, kind=kind)[:200],
        "timeline_kinds": selectors.timeline_kinds(case=case),
        "kind": kind,
        "phases": selectors.phase_history(case=case),
        "history": selectors.case_history(case=case),
        "earlier_cases": case.earlier_cases.visible_to(user).order_by("-opened_at"),
        "transition_form": transition_form or TransitionForm(initial=initial, user=user, case=case),
        "assign_form": assign_form
        or AssignForm(initial={**initial, "team": case.team_id, "worker": case.worker_id}),
        "municipality_form": municipality_form
        or MunicipalityForm(initial={**initial, "municipality": case.municipality_id}),
        "stale_message": stale_message,
        "panels": panels_for(request, case),
    }
    return render(request, "cases/case_detail.html", context, status=status)


def _is_stale(request: HttpRequest, case: Case) -> bool:
    """Checked before validating: the choices offered depend on the state the user saw."""
    return request.POST.get("version", "") != str(case.version)


def _resubmit(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the user typed, against the current version, so they can review and save again."""
    return {**request.POST.dict(), "version": case.version}


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    require(request.user, Action.VIEW_CLIENT_DATA)
    case = selectors.case_get_for_user(user=request.user, number=number, resource=request.path)  # type: ignore[arg-type]
    return _case_page(request, case)


@login_required
@require_POST
def case_transition(request: HttpRequest, number: str) -> HttpResponse:
    require(request.user, Action.VIEW_CLIENT_DATA)
    case = selectors.case_get_for_user(user=request.user, number=number, resource=request.path)  # type: ignore[arg-type]
    if _is_stale(request, case):
        form = TransitionForm(
            initial=_resubmit(request, case), user=request_user(request), case=case
        )
        return _case_page(
            request, case, transition_form=form, status=409, stale_message=str(StaleVersion(case))
        )
    form = TransitionForm(request.POST, user=request_user(request), case=case)
    if not form.is_valid():
        return _case_page(request, case, transition_form=form, status=400)
    try:
        services.case_transition(
            user=request.user,  # type: ignore[arg-type]
            case=case,
            target=Phase(form.cleaned_data["target"]),
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except StaleVersion as stale:
        return _case_page(
            request, stale.case, transition_form=form, status=409, stale_message=str(stale)
        )
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _case_page(request, case, transition_form=form, status=status)
    return redirect("cases:detail", number=case.number)


@login_required
@require_POST
def case_assign(request: HttpRequest, number: str) -> HttpResponse:
    require(request.user, Action.VIEW_CLIENT_DATA)
    case = selectors.case_get_for_user(user=request.user, number=number, resource=request.path)  # type: ignore[arg-type]
    if _is_stale(request, case):
        form = AssignForm(initial=_resubmit(request, case))
        return _case_page(
            request, case, assign_form=form, status=409, stale_message=str(StaleVersion(case))
        )
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, assign_form=form, status=400)
    try:
        services.case_assign(
            user=request.user,  # type: ignore[arg-type]
            case=case,
            expected_version=form.cleaned_data["version"],
            team=form.cleaned_data["team"],
            worker=form.cleaned_data["worker"],
        )
    except StaleVersion as stale:
        return _case_page(
            request, stale.case, assign_form=form, status=409, stale_message=str(stale)
        )
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _case_page(request, case, assign_form=form, status=status)
    return redirect("cases:detail", number=case.number)


@login_required
@require_POST
def case_municipality(request: HttpRequest, number: str) -> HttpResponse:
    require(request.user, Action.REGISTER_CONTACT)
    case = selectors.case_get_for_user(user=request.user, number=number, resource=request.path)  # type: ignore[arg-type]
    form = MunicipalityForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, municipality_form=form, status=400)
    try:
        services.case_set_municipality(
            user=request.user,  # type: ignore[arg-type]
            case=case,
            expected_version=form.cleaned_data["version"],
            municipality=form.cleaned_data["municipality"],
        )
    except StaleVersion as stale:
        form = MunicipalityForm(
            initial={
                "version": stale.case.version,
                "municipality": form.cleaned_data["municipality"],
            }
        )
        return _case_page(
            request, stale.case, municipality_form=form, status=409, stale_message=str(stale)
        )
    return redirect("cases:detail", number=case.number)


@login_required
def open_case(request: HttpRequest) -> HttpResponse:
    """Find a case by number. Outside one's scope it can only be opened with a stated reason."""
    require(request.user, Action.VIEW_CLIENT_DATA)
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        if selectors.cases_visible_to(user=request.user).filter(number=number).exists():  # type: ignore[arg-type]
            return redirect("cases:detail", number=number)
        if selectors.case_exists(number=number):
            return redirect("cases:emergency", number=number)
        form.add_error("number", f"Er is geen dossier met nummer {number}.")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/open_case.html", {"form": form}, status=status)


@login_required
def emergency_access(request: HttpRequest, number: str) -> HttpResponse:
    require(request.user, Action.VIEW_CLIENT_DATA)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_access_grant(
                user=request_user(request), number=number, reason=form.cleaned_data["reason"]
            )
        except FORM_REFUSALS as error:
            add_service_errors(form, error)
        else:
            return redirect("cases:detail", number=number)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/emergency.html", {"form": form, "number": number}, status=status)


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP rows: an exact count of 70,000 open team deadlines costs more than
    the page itself, and nobody pages past 20 pages; the page then says "meer dan 1.000"."""

    COUNT_CAP = PAGE_SIZE * 20

    @cached_property
    def count(self) -> int:
        # Without the ordering and the per-row annotations (holder subqueries), which a count
        # does not need: a capped count then reads at most 1,001 index entries.
        rows = self.object_list.order_by().values("pk")  # type: ignore[attr-defined]  # a QuerySet
        return rows[: self.COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_CAP


def _worklist_page(request: HttpRequest, rows: Any) -> Any:
    return CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """Mijn werk: the open deadlines of my cases, nearest first (R-DL-3)."""
    require(request.user, Action.VIEW_CLIENT_DATA)
    filters = WorklistFilterForm(request.GET or None)
    rows = selectors.open_deadlines(
        deadlines=selectors.my_deadlines(user=request.user),  # type: ignore[arg-type]
        **filters.filters(),
    )
    page = _worklist_page(request, rows)
    page.object_list = selectors.worklist_page_read(
        user=request.user,  # type: ignore[arg-type]
        deadlines=page.object_list,
        resource=request.path,
    )
    context = {
        "filters": filters,
        "page": page,
        "query": _query_without_page(request),
    }
    return render(request, "cases/my_work.html", context)


@login_required
def team_worklist(request: HttpRequest) -> HttpResponse:
    """The team leader's view: all open deadlines of the team, and caseload per worker (R-WL-3)."""
    require(request.user, Action.LEAD_TEAM)
    teams = selectors.led_teams(user=request.user)  # type: ignore[arg-type]
    filters = WorklistFilterForm(request.GET or None)
    rows = selectors.open_deadlines(
        deadlines=selectors.team_deadlines(teams=teams), **filters.filters()
    )
    page = _worklist_page(request, rows)
    page.object_list = selectors.worklist_page_read(
        user=request.user,  # type: ignore[arg-type]
        deadlines=page.object_list,
        resource=request.path,
    )
    context = {
        "teams": teams,
        "filters": filters,
        "page": page,
        "query": _query_without_page(request),
        "caseload": selectors.team_caseload(teams=teams),
        "caseload_seconds": selectors.CASELOAD_SECONDS,
        "missed_checks": selectors.missed_monitoring_checks(teams=teams),
        "emergency": selectors.emergency_accesses_for_leader(
            user=request.user,  # type: ignore[arg-type]
            teams=teams,
        )[:50],
    }
    return render(request, "cases/team.html", context)


def _query_without_page(request: HttpRequest) -> str:
    return urlencode(
        [(key, value) for key, value in request.GET.lists() if key != "pagina"], doseq=True
    )
