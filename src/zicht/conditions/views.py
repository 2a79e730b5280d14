"""Pages of conditions & follow-up: the acknowledgement (R-VV-1) and sending the plan to the
household. The shared pages (conversations, plan) are `zicht.involvement`'s; the warm handover
is `zicht.handover`'s."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.conditions import services
from zicht.conditions.forms import AcknowledgementForm, SendPlanForm
from zicht.core import submission
from zicht.core.forms import FORM_REFUSALS, add_service_errors, refusal_text
from zicht.informing.services import household_addressees
from zicht.involvement.selectors import household_members
from zicht.involvement.services import safety_plan_send


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required


def _case(request: HttpRequest, number: str, *, write: bool = False) -> Case:
    require(request.user, Action.VIEW_CLIENT_DATA, *([Action.ASSESS_SAFETY] if write else []))
    return case_selectors.case_get_for_user(
        user=_user(request), number=number, resource=request.path
    )


def _case_page(case: Case) -> str:
    return reverse("cases:detail", kwargs={"number": case.number})


ACKNOWLEDGE_PAGE = "dossiers/voorwaarden/erkenning"


@login_required
def acknowledge(request: HttpRequest, number: str) -> HttpResponse:
    """R-VV-1: the household acknowledges the concerns and wants to work on safety."""
    case = _case(request, number, write=request.method == "POST")
    form = AcknowledgementForm(request.POST or None, members=household_members(case))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                submission.once(
                    request,
                    ACKNOWLEDGE_PAGE,
                    lambda: services.acknowledgement_record(
                        user=_user(request),
                        case=case,
                        acknowledged_on=data["acknowledged_on"],
                        member_ids=data["members"],
                        concerns_acknowledged=data["concerns_acknowledged"],
                        wants_to_work_on_safety=data["wants_to_work_on_safety"],
                        note=data["note"],
                    ),
                    lambda _: _case_page(case),
                )
            except submission.Repeated as repeated:
                return submission.answer(request, repeated)
            except FORM_REFUSALS as error:
                status = add_service_errors(form, error)
            else:
                messages.success(request, "De erkenning van de zorgen is vastgelegd.")
                return redirect(_case_page(case))
    return render(
        request, "conditions/acknowledgement_form.html", {"case": case, "form": form}, status=status
    )


SEND_PAGE = "dossiers/voorwaarden/plan-versturen"


@login_required
@require_POST
def send_plan(request: HttpRequest, number: str) -> HttpResponse:
    """The safety conditions and plan by letter to the household: the version the user saw."""
    case = _case(request, number, write=True)
    form = SendPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies de versie van het veiligheidsplan die u wilt versturen.")
        return redirect(_case_page(case))
    try:
        sent = submission.once(
            request,
            SEND_PAGE,
            lambda: safety_plan_send(
                user=_user(request),
                case=case,
                number=form.cleaned_data["number"],
                addressees=household_addressees(case),
            ),
            lambda _: _case_page(case),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except FORM_REFUSALS as error:
        messages.error(request, f"Niet verstuurd: {refusal_text(error)}")
        return redirect(_case_page(case))
    messages.success(
        request,
        f"Versie {form.cleaned_data['number']} van het veiligheidsplan staat klaar als brief "
        f"aan het huishouden ({len(sent)} brief{'en' if len(sent) != 1 else ''}).",
    )
    return redirect(_case_page(case))
