"""Pages to record informing the reporter and the household, under /dossiers/<number>/informeren/.

Each page shows one form for one report of the case; on success it returns to the case page,
where the informing panel shows the new state. Invalid input and a stale version re-show the
page with what the user typed."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.steps import step_submit
from zicht.core.errors import NotFound
from zicht.informing import selectors, services
from zicht.informing.forms import (
    HouseholdInformingForm,
    HouseholdRedoForm,
    ReporterContactForm,
    ReporterUpdateForm,
)
from zicht.informing.models import HouseholdInforming
from zicht.reports.disclosure import DisclosureGuardMixin
from zicht.reports.models import Report


def _no_initial(report: Report) -> dict[str, Any]:
    return {}


def _current_plans(report: Report) -> dict[str, Any]:
    informing = HouseholdInforming.objects.filter(report=report).first()
    return {"plans": informing.plans} if informing else {}


PAGE = "dossiers/informeren"  # the scope of the pages' one-time keys (20.1)


@dataclass(frozen=True)
class Step:
    title: str
    form_class: type[forms.Form]
    record: Callable[..., Any]
    button: str
    initial: Callable[[Report], dict[str, Any]] = _no_initial


STEPS = {
    "melder": Step(
        "Contact met de melder vastleggen",
        ReporterContactForm,
        services.reporter_contact_record,
        "Contact vastleggen",
    ),
    "huishouden": Step(
        "Informeren van het huishouden vastleggen",
        HouseholdInformingForm,
        services.household_inform_record,
        "Informeren vastleggen",
    ),
    "huishouden-opnieuw": Step(
        "Brieven aan het huishouden intrekken en opnieuw maken",
        HouseholdRedoForm,
        services.household_letters_redo,
        "Intrekken en opnieuw maken",
        _current_plans,
    ),
    "terugkoppeling": Step(
        "Terugkoppeling aan de melder vastleggen",
        ReporterUpdateForm,
        services.reporter_update_record,
        "Terugkoppeling vastleggen",
    ),
}


def _page(
    request: HttpRequest,
    *,
    case: Case,
    report: Report,
    step: Step,
    form: forms.Form,
    status: int = 200,
    stale_message: str = "",
) -> HttpResponse:
    context = {
        "case": case,
        "report": report,
        "step": step,
        "form": form,
        "stale_message": stale_message,
        "informing": (informing := selectors.informing_for_case(case=case)),
        "item": informing.of_report(report),
    }
    return render(request, "informing/record.html", context, status=status)


@login_required
def record(request: HttpRequest, number: str, report_id: int, step_code: str) -> HttpResponse:
    services.check_user(request.user)  # type: ignore[arg-type]  # logged in
    step = STEPS[step_code]
    case = case_selectors.case_get_for_user(
        user=request.user,  # type: ignore[arg-type]  # logged in
        number=number,
        resource=request.path,
    )
    report = selectors.report_of_case(case=case, report_id=report_id)
    if report is None:
        raise NotFound
    if request.method != "POST":
        return _page(
            request,
            case=case,
            report=report,
            step=step,
            form=step.form_class(initial={"version": case.version, **step.initial(report)}),
        )
    form = (
        step.form_class(request.POST, case=case)  # the mixin takes the case
        if issubclass(step.form_class, DisclosureGuardMixin)
        else step.form_class(request.POST)
    )

    def write() -> Any:
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        return step.record(user=request.user, report=report, expected_version=expected, **data)

    return step_submit(
        request,
        case=case,
        form=form,
        render=lambda case, form, status, stale: _page(
            request,
            case=case,
            report=report,
            step=step,
            form=form,
            status=status,
            stale_message=stale,
        ),
        write=write,
        back=reverse("cases:detail", kwargs={"number": case.number}) + "#informeren",
        page=PAGE,
    )
