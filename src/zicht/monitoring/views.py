"""Pages of monitoring under /dossiers/<number>/monitoren/: start the plan, agree a moment,
record a check, end the plan. Scoped through the case; writes need ASSESS_SAFETY; a stale case
version or invalid input re-shows the page with what the user typed; each form is sent once
(a double click makes nothing twice)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from zicht.accounts.policy import Action, require
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.steps import step_submit
from zicht.core.errors import NotFound
from zicht.monitoring import forms, selectors, services
from zicht.monitoring.models import MonitoringPlan

PAGE = "dossiers/monitoren"  # the scope of the pages' one-time keys (20.1)


@dataclass(frozen=True)
class Step:
    title: str
    form_class: type[Any]
    write: Callable[..., Any]
    button: str
    needs_plan: bool = True


STEPS = {
    "starten": Step(
        "Monitoren starten", forms.PlanStartForm, services.plan_start, "Monitoren starten", False
    ),
    "moment": Step(
        "Monitoringsmoment afspreken", forms.MomentForm, services.moment_add, "Moment vastleggen"
    ),
    "controle": Step(
        "Monitoringscontrole vastleggen",
        forms.CheckForm,
        services.check_record,
        "Controle vastleggen",
    ),
    "afronden": Step(
        "Monitoren beëindigen", forms.EndForm, services.plan_end, "Uitkomst vastleggen"
    ),
}


def _form(step: Step, plan: MonitoringPlan | None, *args: Any, **kwargs: Any) -> Any:
    if step.form_class is forms.CheckForm:
        kwargs["plan"] = plan
    return step.form_class(*args, **kwargs)


def _page(
    request: HttpRequest,
    case: Case,
    plan: MonitoringPlan | None,
    step: Step,
    form: Any,
    *,
    status: int = 200,
    stale_message: str = "",
) -> HttpResponse:
    context = {
        "case": case,
        "plan": plan,
        "step": step,
        "step_code": next(code for code, known in STEPS.items() if known is step),
        "form": form,
        "stale_message": stale_message,
        "holder": case_selectors.responsible_at(case=case, moment=timezone.now()),
        "involvement": case_selectors.own_involvement_since(case=case) is not None,
    }
    return render(request, "monitoring/step.html", context, status=status)


@login_required
def step(
    request: HttpRequest, number: str, step_code: str, plan_id: int | None = None
) -> HttpResponse:
    require(request.user, Action.VIEW_CLIENT_DATA, Action.ASSESS_SAFETY)
    this = STEPS[step_code]
    case = case_selectors.case_get_for_user(
        user=request.user,  # type: ignore[arg-type]  # logged in
        number=number,
        resource=request.path,
    )
    plan = None
    if this.needs_plan:
        plan = selectors.plan_of_case(case=case, plan_id=plan_id or 0)
        if plan is None:
            raise NotFound
    if request.method != "POST":
        initial: dict[str, Any] = {"version": case.version}
        if not this.needs_plan:  # a new plan starts from the warm handover's agreements
            initial["agreements"] = selectors.handed_over_agreements(case)
        return _page(request, case, plan, this, _form(this, plan, initial=initial))
    form = _form(this, plan, request.POST)
    target = {"plan": plan} if plan is not None else {"case": case}
    return step_submit(
        request,
        case=case,
        form=form,
        render=lambda case, form, status, stale: _page(
            request, case, plan, this, form, status=status, stale_message=stale
        ),
        write=lambda: this.write(
            user=request.user,
            expected_version=form.cleaned_data["version"],
            **target,
            **form.service_args(),
        ),
        back=reverse("cases:detail", kwargs={"number": case.number}) + "#monitoren",
        page=PAGE,
        aliases=form.aliases,
    )
