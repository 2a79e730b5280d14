"""Pages of retention and destruction (R-PRIV-4): the functional administrator's monthly list
with its four-eyes approval, and each case's retention page for the workers (the destruction
date, the child protection decision, the household's request and its decision)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zicht.accounts.api import request_user
from zicht.accounts.policy import Action, can, require
from zicht.cases.models import Case
from zicht.cases.selectors import case_get_for_user
from zicht.cases.steps import step_submit
from zicht.core.errors import Conflict, NotFound
from zicht.core.forms import FORM_REFUSALS, add_service_errors, refusal_text
from zicht.retention import selectors, services
from zicht.retention.forms import (
    ChildProtectionForm,
    DestructionDecisionForm,
    DestructionRequestForm,
    LegalHoldForm,
)


def _list_page(
    request: HttpRequest, *, hold_form: LegalHoldForm | None = None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    context = {
        "rows": selectors.due_list(user=user, today=today),
        "month_end": selectors.month_end(today),
        "holds": selectors.holds(user=user),
        "records": selectors.destruction_records(user=user),
        "hold_form": hold_form or LegalHoldForm(),
    }
    return render(request, "retention/list.html", context, status=status)


@login_required
def due_list(request: HttpRequest) -> HttpResponse:
    """The monthly list of files due for destruction (R-PRIV-4)."""
    require(request.user, Action.MANAGE_RETENTION)
    return _list_page(request)


def _act(request: HttpRequest, action: Any, done: str, **kwargs: Any) -> HttpResponse:
    require(request.user, Action.MANAGE_RETENTION)
    try:
        action(user=request_user(request), **kwargs)
    except Conflict as refusal:
        messages.error(request, refusal_text(refusal))
        return _list_page(request, status=refusal.status)
    messages.success(request, done)
    return redirect("retention:list")


@login_required
@require_POST
def propose(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        services.destruction_propose,
        f"Dossier {number} is voorgedragen voor vernietiging. Een tweede functioneel beheerder "
        "moet de vernietiging goedkeuren.",
        number=number,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        services.destruction_withdraw,
        f"De voordracht van dossier {number} is ingetrokken.",
        number=number,
    )


@login_required
@require_POST
def approve(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        services.destruction_approve,
        f"Dossier {number} is vernietigd. De vernietigingsverklaring staat onderaan.",
        number=number,
    )


@login_required
@require_POST
def hold_place(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_RETENTION)
    form = LegalHoldForm(request.POST)
    if form.is_valid():
        try:
            services.legal_hold_place(
                user=request_user(request),
                number=form.cleaned_data["number"],
                reason=form.cleaned_data["reason"],
            )
        except FORM_REFUSALS as error:
            add_service_errors(form, error)
        except NotFound as error:  # an unknown number: said at the field, the input kept
            form.add_error("number", error.message)
        else:
            messages.success(
                request, f"Bewaarplicht op dossier {form.cleaned_data['number']} vastgelegd."
            )
            return redirect("retention:list")
    return _list_page(request, hold_form=form, status=400)


@login_required
@require_POST
def hold_lift(request: HttpRequest, hold_id: int) -> HttpResponse:
    require(request.user, Action.MANAGE_RETENTION)
    hold = services.legal_hold_lift(user=request_user(request), hold_id=hold_id)
    messages.success(request, f"De bewaarplicht op dossier {hold.case.number} is opgeheven.")
    return redirect("retention:list")


def _case_page(
    request: HttpRequest, case: Case, *, status: int = 200, stale_message: str = "", **forms: Any
) -> HttpResponse:
    initial = {"version": case.version}
    context = {
        "case": case,
        "info": selectors.case_retention(case=case),
        "may_decide": can(request.user, Action.LEAD_TEAM),
        "years": settings.RETENTION_YEARS,
        "stale_message": stale_message,
        "child_form": forms.get("child_form") or ChildProtectionForm(initial=initial),
        "request_form": forms.get("request_form")
        or DestructionRequestForm(initial={**initial, "received_on": timezone.localdate()}),
        "decision_form": forms.get("decision_form") or DestructionDecisionForm(initial=initial),
    }
    return render(request, "retention/case.html", context, status=status)


def _case(request: HttpRequest, number: str) -> Case:
    require(request.user, Action.VIEW_CLIENT_DATA)
    return case_get_for_user(user=request_user(request), number=number, resource=request.path)


@login_required
def case_retention(request: HttpRequest, number: str) -> HttpResponse:
    """A case's retention: its destruction date and what lengthens, suspends or shortens it."""
    return _case_page(request, _case(request, number))


def _case_form(
    request: HttpRequest, number: str, form_class: Any, name: str, service: Any, done: str
) -> HttpResponse:
    """One of the case page's forms, taken the one way every case form page takes a submission
    (`cases.steps.step_submit`: once per key, a stale version or a refusal shown with the input)."""
    case = _case(request, number)
    form = form_class(request.POST)

    def render_form(case: Case, form: Any, status: int, stale_message: str) -> HttpResponse:
        return _case_page(request, case, status=status, stale_message=stale_message, **{name: form})

    return step_submit(
        request,
        case=case,
        form=form,
        render=render_form,
        write=lambda: service(user=request_user(request), case=case, **form.cleaned_data),
        back=reverse("retention:case", kwargs={"number": case.number}),
        done=done,
    )


@login_required
@require_POST
def child_protection(request: HttpRequest, number: str) -> HttpResponse:
    return _case_form(
        request,
        number,
        ChildProtectionForm,
        "child_form",
        services.child_protection_record,
        "Het besluit is vastgelegd: het dossier wordt bewaard tot het jongste kind 18 is, als dat "
        "later is dan de gewone bewaartermijn.",
    )


@login_required
@require_POST
def destruction_request(request: HttpRequest, number: str) -> HttpResponse:
    return _case_form(
        request,
        number,
        DestructionRequestForm,
        "request_form",
        services.destruction_request_record,
        "Het verzoek tot vernietiging is vastgelegd. Een teamleider beslist erover.",
    )


@login_required
@require_POST
def destruction_decision(request: HttpRequest, number: str) -> HttpResponse:
    return _case_form(
        request,
        number,
        DestructionDecisionForm,
        "decision_form",
        services.destruction_request_decide,
        "Het besluit is vastgelegd en de brief aan het huishouden staat klaar.",
    )
