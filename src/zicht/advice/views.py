"""Registering an advice and showing it (DOMAIN §4.1). The page is posted: the question never
travels in a URL. A refusal comes back with status 400, the field named and everything typed kept.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from zicht.accounts.policy import Action, can
from zicht.advice.decision_framework import QUESTIONS
from zicht.advice.forms import AdviceForm
from zicht.advice.public_forms import CONSIDERATION_CHOICES, YES_NO
from zicht.advice.services import advice_register, advices_visible_to

SERVICE_ERROR_FIELDS = {"received_at": "received_date"}  # the service's key → the form's field
ANSWER_LABELS = dict(YES_NO + CONSIDERATION_CHOICES)


def _anchor(bound: BoundField) -> str:
    # Radio buttons and checkbox lists have no single element; link to the first option.
    return bound.id_for_label or f"{bound.auto_id}_0"


def _errors(form: AdviceForm) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = [("", str(e)) for e in form.non_field_errors()]
    for bound in form:
        label = bound.label.split(":")[0]  # a framework question's label is "Vraag 1: …"
        errors += [(_anchor(bound), f"{label}: {e}") for e in bound.errors]
    return errors


def _render(request: HttpRequest, form: AdviceForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "errors": _errors(form) if form.is_bound else []}
    return render(request, "advice/advice_new.html", context, status=status)


def _require_role(request: HttpRequest) -> None:
    if not can(request.user, Action.REGISTER_CONTACT):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def advice_new(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    if request.method == "GET":
        return _render(request, AdviceForm())
    form = AdviceForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=400)
    cleaned = form.cleaned_data
    try:
        advice = advice_register(
            user=request.user,  # type: ignore[arg-type]
            channel=cleaned["channel"],
            received_at=form.received_at(),
            caller_kind=cleaned["caller_kind"],
            sector=cleaned["sector"],
            profession=cleaned["profession"],
            advice_seeker_name=cleaned["advice_seeker_name"],
            advice_seeker_organisation=cleaned["advice_seeker_organisation"],
            advice_seeker_phone=cleaned["advice_seeker_phone"],
            advice_seeker_email=cleaned["advice_seeker_email"],
            question=cleaned["question"],
            framework_answers=form.framework_answers(),
            framework_outcome=cleaned["framework_outcome"],
            criminal_child_abuse_suspected=cleaned["criminal_child_abuse_suspected"],
            investigation_risk=cleaned["investigation_risk"],
            compulsory_framework_options=cleaned["compulsory_framework_options"],
            safety_measures=cleaned["safety_measures"],
            support_types=cleaned["support_types"],
            follow_up_on=cleaned["follow_up_on"],
            responsibility_discussed=cleaned["responsibility_discussed"],
        )
    except ValidationError as error:
        for key, texts in error.message_dict.items():
            name = SERVICE_ERROR_FIELDS.get(key, key)
            for text in texts:
                form.add_error(name if name in form.fields else None, text)
        return _render(request, form, status=400)
    messages.success(request, f"Advies {advice.pk} vastgelegd.")
    return redirect("advice:detail", pk=advice.pk)


@login_required
@require_safe
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request)
    user: Any = request.user
    advice = advices_visible_to(user).filter(pk=pk).first()
    if advice is None:
        raise Http404
    answers = [
        (question, ANSWER_LABELS.get(advice.framework_answers[question.key], "?"))
        for question in QUESTIONS
        if question.key in advice.framework_answers
    ]
    context = {"advice": advice, "answers": answers, "decision": advice.decision()}
    return render(request, "advice/advice_detail.html", context)
