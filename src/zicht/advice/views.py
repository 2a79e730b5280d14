"""Registering an advice and showing it (DOMAIN §4.1), and recording an MDO decision about a
VT-initiated report (R-ADV-7). The pages are posted: the question never travels in a URL. A refusal
comes back with status 400, the field named and everything typed kept.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from zicht.accounts.policy import Action, require
from zicht.advice.decision_framework import QUESTIONS
from zicht.advice.forms import AdviceForm
from zicht.advice.mdo import mdo_record
from zicht.advice.mdo_forms import MdoForm
from zicht.advice.models import Advice, MdoOutcome
from zicht.advice.public_forms import CONSIDERATION_CHOICES, YES_NO
from zicht.advice.services import advice_register, advices_visible_to
from zicht.core import submission
from zicht.core.errors import NotFound
from zicht.core.forms import FORM_REFUSALS, add_service_errors
from zicht.reports.models import CallerKind

SERVICE_ERROR_FIELDS = {"received_at": "received_date"}  # the service's key → the form's field
ANSWER_LABELS = dict(YES_NO + CONSIDERATION_CHOICES)


def _anchor(bound: BoundField) -> str:
    # Radio buttons and checkbox lists have no single element; link to the first option.
    return bound.id_for_label or f"{bound.auto_id}_0"


def _errors(form: AdviceForm | MdoForm) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = [("", str(e)) for e in form.non_field_errors()]
    for bound in form:
        label = bound.label.split(":")[0]  # a framework question's label is "Vraag 1: …"
        errors += [(_anchor(bound), f"{label}: {e}") for e in bound.errors]
    return errors


def _render(request: HttpRequest, form: AdviceForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "errors": _errors(form) if form.is_bound else []}
    return render(request, "advice/advice_new.html", context, status=status)


def _require_role(request: HttpRequest) -> None:
    require(request.user, Action.REGISTER_CONTACT)


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
    try:  # once per submission key: a double click makes one advice (20.1)
        advice = submission.once(
            request,
            "adviezen/nieuw",
            lambda: advice_register(
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
            ),
            lambda advice: reverse("advice:detail", kwargs={"pk": advice.pk}),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error, SERVICE_ERROR_FIELDS)
        return _render(request, form, status=status)
    messages.success(request, f"Advies {advice.pk} vastgelegd.")
    return redirect("advice:detail", pk=advice.pk)


def _advice(request: HttpRequest, pk: int) -> Advice:
    _require_role(request)
    user: Any = request.user
    advice = advices_visible_to(user).filter(pk=pk).first()
    if advice is None:
        raise NotFound
    return advice


@login_required
@require_safe
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advice = _advice(request, pk)
    answers = [
        (question, ANSWER_LABELS.get(advice.framework_answers[question.key], "?"))
        for question in QUESTIONS
        if question.key in advice.framework_answers
    ]
    mdos = advice.mdo_decisions.select_related("report__case", "letter", "recorded_by")
    mdos = mdos.prefetch_related("participants")
    context = {
        "advice": advice,
        "answers": answers,
        "decision": advice.decision(),
        "mdos": mdos,
        "pending_mdo": next(
            (m for m in mdos if m.outcome == MdoOutcome.REPORT and m.report_id is None), None
        ),
        "mdo_possible": advice.contact.caller_kind == CallerKind.PROFESSIONAL,
    }
    return render(request, "advice/advice_detail.html", context)


def _render_mdo(
    request: HttpRequest, advice: Advice, form: MdoForm, status: int = 200
) -> HttpResponse:
    context = {"advice": advice, "form": form, "errors": _errors(form) if form.is_bound else []}
    return render(request, "advice/mdo_new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def mdo_new(request: HttpRequest, pk: int) -> HttpResponse:
    """R-ADV-7: the MDO's decision about a VT-initiated report. "Report" leads on to the report
    form; "do not report" stays with the advice (the professional gets a letter either way)."""
    advice = _advice(request, pk)
    user: Any = request.user
    if request.method == "GET":
        return _render_mdo(request, advice, MdoForm(advice=advice, recorder=user))
    form = MdoForm(request.POST, advice=advice, recorder=user)
    if not form.is_valid():
        return _render_mdo(request, advice, form, status=400)
    cleaned = form.cleaned_data
    try:  # once per submission key: a double click records one decision (20.1)
        mdo = submission.once(
            request,
            "mdo/nieuw",
            lambda: mdo_record(
                user=user,
                advice=advice,
                held_on=cleaned["held_on"],
                participants=list(cleaned["participants"]),
                answers=form.answers(),
                grounds=form.grounds(),
                outcome=cleaned["outcome"],
                rationale=cleaned["rationale"],
                professional_name=cleaned["professional_name"],
                professional_address=cleaned["professional_address"],
            ),
            lambda mdo: _after_mdo(advice, mdo),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _render_mdo(request, advice, form, status=status)
    if mdo.outcome == MdoOutcome.REPORT:
        messages.success(
            request,
            "MDO-besluit vastgelegd: Veilig Thuis doet een ambtshalve melding. Leg de melding nu "
            "vast; de professional krijgt bij het opslaan een brief met het besluit.",
        )
        return redirect(_after_mdo(advice, mdo))
    messages.success(
        request,
        "MDO-besluit vastgelegd: geen ambtshalve melding. De brief aan de professional staat klaar.",
    )
    return redirect(_after_mdo(advice, mdo))


def _after_mdo(advice: Advice, mdo: Any) -> str:
    """Where a recorded MDO decision leads: on to the report form, or back to the advice."""
    if mdo.outcome == MdoOutcome.REPORT:
        return f"{reverse('reports:new')}?advies={advice.pk}&mdo={mdo.pk}"
    return reverse("advice:detail", kwargs={"pk": advice.pk})
