"""Pages of the handover: the handover form, the panel's actions, and the partner's public
confirmation page (no login, R-HO-5). Staff views are scoped through the case; writes need
ASSESS_SAFETY; a stale case version is refused with the input kept."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import Channel
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.cases.services import StaleVersion
from zicht.cases.steps import panel_action
from zicht.core import submission
from zicht.core.errors import Refusal
from zicht.core.forms import FORM_REFUSALS, add_service_errors, refusal_text, unjudged
from zicht.handover import disputes, selectors, services
from zicht.handover.forms import (
    OPINION_ROWS,
    DisputeForm,
    DisputeStepForm,
    HandBackForm,
    HandoverForm,
    OpinionFormSet,
    PartnerAnswerForm,
    ResolveForm,
    WarmHandoverForm,
)
from zicht.handover.panel import LINK_SESSION_KEY
from zicht.involvement.models import SafetyPlanVersion
from zicht.involvement.selectors import safety_plan_current
from zicht.involvement.services import PlanStale


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required


def _case(request: HttpRequest, number: str, *, write: bool = False) -> Case:
    require(request.user, Action.VIEW_CLIENT_DATA, *([Action.ASSESS_SAFETY] if write else []))
    return case_selectors.case_get_for_user(
        user=_user(request), number=number, resource=request.path
    )


def link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("handover:partner", args=["x"]))[:-1]


def _remember_link(request: HttpRequest, handover_id: int, link: str) -> None:
    links = request.session.get(LINK_SESSION_KEY, {})
    links[str(handover_id)] = link
    request.session[LINK_SESSION_KEY] = links


# --- the handover form --------------------------------------------------------------------------


def _handover_page(
    request: HttpRequest,
    case: Case,
    form: HandoverForm,
    opinions: Any,
    *,
    no_municipality: bool,
    status: int = 200,
    stale_message: str = "",
    plan: SafetyPlanVersion | None = None,
) -> HttpResponse:
    return render(
        request,
        "handover/handover_form.html",
        {
            "case": case,
            "form": form,
            "opinions": opinions,
            "no_municipality": no_municipality,
            "stale_message": stale_message,
            "warm": isinstance(form, WarmHandoverForm),
            "plan": plan,
        },
        status=status,
    )


def _more_rows(request: HttpRequest) -> Any:
    """The posted opinions again, with OPINION_ROWS empty rows more."""
    data = request.POST.copy()
    total = int(data.get("form-TOTAL_FORMS", OPINION_ROWS) or OPINION_ROWS)
    data["form-TOTAL_FORMS"] = str(min(total + OPINION_ROWS, 50))
    formset = OpinionFormSet(data)
    unjudged(formset)  # show the rows without judging them: the user is still writing
    return formset


PAGE = "dossiers/overdracht"  # the scope of the form's one-time keys (20.1)
WARM_PAGE = "dossiers/warme-overdracht"


@login_required
def handover_form(request: HttpRequest, number: str) -> HttpResponse:
    """R-HO-3, R-HO-4: choose the partner, hand over facts, opinions apart with their source."""
    return _handover(request, number, HandoverForm)


@login_required
def warm_handover_form(request: HttpRequest, number: str) -> HttpResponse:
    """R-HO-3 warm, at the end of conditions & follow-up or investigation: the same handover
    with the meeting, the rationale, the safety conditions (plan version) and the monitoring
    agreements."""
    return _handover(request, number, WarmHandoverForm)


def _handover(request: HttpRequest, number: str, form_class: type[HandoverForm]) -> HttpResponse:
    case = _case(request, number, write=request.method == "POST")
    partners, no_municipality = selectors.partner_choices(case=case)
    warm = form_class is WarmHandoverForm
    plan = safety_plan_current(case=case) if warm else None
    page = WARM_PAGE if warm else PAGE
    if request.method != "POST":
        initial = {"version": case.version, "plan_number": plan.number if plan else None}
        form = form_class(initial=initial, partners=partners)
        return _handover_page(
            request, case, form, OpinionFormSet(), no_municipality=no_municipality, plan=plan
        )
    form = form_class(request.POST, partners=partners, case=case)
    if "more" in request.POST:
        unjudged(form)
        return _handover_page(
            request, case, form, _more_rows(request), no_municipality=no_municipality, plan=plan
        )
    if (earlier := submission.earlier_answer(request, page)) is not None:
        return earlier  # a double click: the first one sent it (20.1)
    opinions = OpinionFormSet(request.POST, form_kwargs={"case": case})
    if request.POST.get("version", "") != str(case.version):
        form = form_class({**request.POST.dict(), "version": case.version}, partners=partners)
        unjudged(form)
        return _handover_page(
            request,
            case,
            form,
            opinions,
            status=409,
            stale_message=str(StaleVersion(case)),
            no_municipality=no_municipality,
            plan=plan,
        )
    if not (form.is_valid() and opinions.is_valid()):
        return _handover_page(
            request, case, form, opinions, status=400, no_municipality=no_municipality, plan=plan
        )
    try:  # once per submission key (20.1)
        handover, link = submission.once(
            request,
            page,
            lambda: services.handover_send(
                user=_user(request),
                case=case,
                expected_version=form.cleaned_data["version"],
                partner=form.cleaned_data["partner"],
                facts=form.cleaned_data["facts"],
                safety_points=form.cleaned_data["safety_points"],
                opinions=[o for o in (row.opinion() for row in opinions.forms) if o is not None],
                link_base=link_base(request),
                warm=form.meeting() if isinstance(form, WarmHandoverForm) else None,
            ),
            lambda _: reverse("cases:detail", kwargs={"number": case.number}),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except PlanStale as stale:
        form.add_error(None, stale.message)
        return _handover_page(
            request, case, form, opinions, status=409, no_municipality=no_municipality, plan=plan
        )
    except StaleVersion as stale:
        return _handover_page(
            request,
            stale.case,
            form,
            opinions,
            status=409,
            stale_message=str(stale),
            no_municipality=no_municipality,
            plan=plan,
        )
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _handover_page(
            request, case, form, opinions, status=status, no_municipality=no_municipality, plan=plan
        )
    _remember_link(request, handover.pk, link)
    messages.success(
        request,
        f"De overdracht aan {handover.partner.name} is verstuurd en de brief staat klaar. "
        "Veilig Thuis blijft verantwoordelijk tot de ketenpartner de zaak heeft opgepakt.",
    )
    return redirect("cases:detail", number=case.number)


# --- the panel's actions ------------------------------------------------------------------------


@login_required
def hand_back(request: HttpRequest, number: str, handover_id: int) -> HttpResponse:
    """R-HO-6: the household (or the partner, by phone) hands the case back; VT again."""

    def write(case: Case, data: dict[str, Any]) -> None:
        services.handover_hand_back(
            user=_user(request),
            handover=selectors.handover_of_case(case=case, handover_id=handover_id),
            by=data["by"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return panel_action(
        request,
        number,
        HandBackForm,
        "terug",
        title="Zaak teruggelegd bij Veilig Thuis",
        button="Terugleggen vastleggen",
        write=write,
        done="Vastgelegd: de zaak is terug bij Veilig Thuis en Veilig Thuis is verantwoordelijk.",
        target=lambda case: selectors.handover_of_case(case=case, handover_id=handover_id),
    )


@login_required
def dispute_open(request: HttpRequest, number: str, handover_id: int) -> HttpResponse:
    """R-HO-7: a dispute; VT takes responsibility back at once."""

    def write(case: Case, data: dict[str, Any]) -> None:
        disputes.dispute_open(
            user=_user(request),
            handover=selectors.handover_of_case(case=case, handover_id=handover_id),
            reason=data["reason"],
            expected_version=data["version"],
        )

    return panel_action(
        request,
        number,
        DisputeForm,
        "geschil",
        title="Geschil met de ketenpartner openen",
        button="Geschil openen",
        write=write,
        done="Geschil geopend: zolang het loopt is Veilig Thuis verantwoordelijk.",
        target=lambda case: selectors.handover_of_case(case=case, handover_id=handover_id),
    )


@login_required
def dispute_step(request: HttpRequest, number: str, dispute_id: int) -> HttpResponse:
    def write(case: Case, data: dict[str, Any]) -> None:
        disputes.dispute_step_record(
            user=_user(request),
            dispute=selectors.dispute_of_case(case=case, dispute_id=dispute_id),
            level=data["level"],
            held_on=data["held_on"],
            participants=data["participants"],
            outcome=data["outcome"],
            notes=data["notes"],
            expected_version=data["version"],
        )

    return panel_action(
        request,
        number,
        DisputeStepForm,
        "stap",
        title="Escalatiestap vastleggen",
        button="Stap vastleggen",
        write=write,
        done="De escalatiestap is vastgelegd.",
        target=lambda case: selectors.dispute_of_case(case=case, dispute_id=dispute_id),
    )


@login_required
def dispute_resolve(request: HttpRequest, number: str, dispute_id: int) -> HttpResponse:
    def write(case: Case, data: dict[str, Any]) -> None:
        disputes.dispute_resolve(
            user=_user(request),
            dispute=selectors.dispute_of_case(case=case, dispute_id=dispute_id),
            holder=data["holder"],
            note=data["note"],
            expected_version=data["version"],
        )

    return panel_action(
        request,
        number,
        ResolveForm,
        "afronden",
        title="Geschil afronden",
        button="Geschil afronden",
        write=write,
        done="Het geschil is afgerond.",
        target=lambda case: selectors.dispute_of_case(case=case, dispute_id=dispute_id),
    )


@login_required
@require_POST
def new_link(request: HttpRequest, number: str, handover_id: int) -> HttpResponse:
    case = _case(request, number, write=True)
    handover = selectors.handover_of_case(case=case, handover_id=handover_id)
    try:
        link = services.handover_new_link(
            user=_user(request), handover=handover, link_base=link_base(request)
        )
    except FORM_REFUSALS as error:
        messages.error(request, refusal_text(error))
    else:
        _remember_link(request, handover.pk, link)
        messages.success(
            request, "Er is een nieuwe bevestigingslink gemaakt; de vorige werkt niet meer."
        )
    return redirect("cases:detail", number=case.number)


# --- the partner's page (no login) --------------------------------------------------------------


def _link_refused(request: HttpRequest, refused: Refusal) -> HttpResponse:
    """The partner has no login: the refusal on the partner's own page, not the staff one."""
    return render(
        request,
        "handover/partner_refused.html",
        {"message": refused.message},
        status=refused.status,
    )


def partner(request: HttpRequest, token: str) -> HttpResponse:
    """R-HO-5: the partner confirms receipt and start, reports a waiting list or hands back."""
    try:
        row = services.token_check(token)
    except (services.TokenUnknown, services.TokenRefused) as refused:
        return _link_refused(request, refused)
    handover = row.handover
    allowed = selectors.allowed_decisions(handover.status)
    form = PartnerAnswerForm(request.POST or None, allowed=allowed)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                answer = services.handover_answer_by_link(
                    token=token,
                    decision=form.cleaned_data["decision"],
                    name=form.cleaned_data["name"],
                    reason=form.cleaned_data["reason"],
                    link_base=link_base(request),
                )
            except (services.TokenUnknown, services.TokenRefused) as refused:
                return _link_refused(request, refused)
            except FORM_REFUSALS as error:
                status = add_service_errors(form, error)
            else:
                return render(
                    request,
                    "handover/partner_done.html",
                    {
                        "handover": selectors.partner_view(answer.handover),
                        "decision": form.cleaned_data["decision"],
                        "next_link": answer.next_link,
                    },
                )
    else:
        selectors.log_partner_read(
            handover=handover, user=None, channel=Channel.HTML, resource="/overdracht/"
        )
    return render(
        request,
        "handover/partner.html",
        {"handover": selectors.partner_view(handover), "form": form, "allowed": allowed},
        status=status,
    )
