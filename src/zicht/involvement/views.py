"""The shared pages of VT's involvement: a conversation, a reason for not speaking a member, the
safety plan (edit = a new version) and its versions with what changed. Used by conditions &
follow-up and by investigation alike; the case's phase says which service they belong to.
Scoped through the case (its read is logged); writes need ASSESS_SAFETY; a create runs once per
submission key; a stale plan edit is refused with what was typed kept."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.cases import selectors as case_selectors
from zicht.cases.models import Case
from zicht.core import submission
from zicht.core.forms import FORM_REFUSALS, add_service_errors, unjudged
from zicht.involvement import selectors, services
from zicht.involvement.content import content_of
from zicht.involvement.forms import (
    ConversationForm,
    NetworkContactFormSet,
    PlanForm,
    SkipForm,
    plan_content,
    plan_formsets,
    put_plan_errors,
)
from zicht.involvement.models import Service


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required


def _case(request: HttpRequest, number: str, *, write: bool = False) -> Case:
    require(request.user, Action.VIEW_CLIENT_DATA, *([Action.ASSESS_SAFETY] if write else []))
    return case_selectors.case_get_for_user(
        user=_user(request), number=number, resource=request.path
    )


def _case_page(case: Case) -> str:
    return reverse("cases:detail", kwargs={"number": case.number})


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=status)


# --- a conversation ---------------------------------------------------------------------------

CONVERSATION_PAGE = "dossiers/gesprek"


@login_required
def conversation_new(request: HttpRequest, number: str) -> HttpResponse:
    """R-OND-3, R-MON-3: a conversation, and per member whether VT spoke or only saw them."""
    case = _case(request, number, write=request.method == "POST")
    service = services.service_of(case)
    members = selectors.household_members(case)
    if request.method != "POST":
        form = ConversationForm(members=members)
        network = NetworkContactFormSet(prefix="netwerk")
        return _conversation_page(request, case, service, form, network)
    form = ConversationForm(request.POST, members=members)
    network = NetworkContactFormSet(request.POST, prefix="netwerk")
    if not (form.is_valid() and network.is_valid()):
        return _conversation_page(request, case, service, form, network, status=400)
    contacts = form.member_contacts() + [
        c for c in (row.contact() for row in network.forms) if c is not None
    ]
    try:
        submission.once(
            request,
            CONVERSATION_PAGE,
            lambda: services.conversation_record(
                user=_user(request),
                case=case,
                held_on=form.cleaned_data["held_on"],
                summary=form.cleaned_data["summary"],
                contacts=contacts,
            ),
            lambda _: _case_page(case),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _conversation_page(request, case, service, form, network, status=status)
    messages.success(request, "Het gesprek is vastgelegd.")
    return redirect(_case_page(case))


def _conversation_page(
    request: HttpRequest,
    case: Case,
    service: Service,
    form: ConversationForm,
    network: Any,
    status: int = 200,
) -> HttpResponse:
    return _render(
        request,
        "involvement/conversation_form.html",
        {"case": case, "service": service, "form": form, "network": network},
        status,
    )


# --- a reason for not speaking a member -------------------------------------------------------

SKIP_PAGE = "dossiers/niet-gesproken"


@login_required
def skip_new(request: HttpRequest, number: str) -> HttpResponse:
    """R-OND-3: skipping a member needs a recorded reason."""
    case = _case(request, number, write=request.method == "POST")
    service = services.service_of(case)
    members = selectors.household_members(case)
    form = SkipForm(request.POST or None, members=members)
    if request.method != "POST":
        return _render(request, "involvement/skip_form.html", {"case": case, "form": form})
    if not form.is_valid():
        return _render(
            request, "involvement/skip_form.html", {"case": case, "form": form}, status=400
        )
    try:
        submission.once(
            request,
            SKIP_PAGE,
            lambda: services.contact_skip_record(
                user=_user(request),
                case=case,
                member_id=form.cleaned_data["member"],
                reason=form.cleaned_data["reason"],
            ),
            lambda _: _case_page(case),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _render(
            request, "involvement/skip_form.html", {"case": case, "form": form}, status=status
        )
    messages.success(request, f"De reden is vastgelegd ({service.label.lower()}).")
    return redirect(_case_page(case))


# --- the safety plan --------------------------------------------------------------------------


@login_required
def plan_edit(request: HttpRequest, number: str) -> HttpResponse:
    """R-VV-2, R-OND-4: the safety conditions and plan; saving makes a new version, based on
    the version the form was opened with (a colleague's newer version refuses it)."""
    case = _case(request, number, write=request.method == "POST")
    services.service_of(case)
    members = selectors.household_members(case)
    current = selectors.safety_plan_current(case=case)
    if request.method != "POST":
        form = PlanForm(initial={"based_on": current.number if current else 0})
        formsets = plan_formsets(None, members, content_of(current) if current else None)
        return _plan_page(request, case, current, form, formsets)
    form = PlanForm(request.POST)
    formsets = plan_formsets(request.POST, members, None)
    if "more" in request.POST:  # more empty rows: still writing, nothing judged
        formsets = _more_rows(request, members)
        unjudged(form)
        return _plan_page(request, case, current, form, formsets)
    if not (form.is_valid() and all(f.is_valid() for f in formsets.values())):
        return _plan_page(request, case, current, form, formsets, status=400)
    content, origin = plan_content(formsets)
    try:
        version = services.safety_plan_save(
            user=_user(request),
            case=case,
            based_on=form.cleaned_data["based_on"],
            content=content,
            note=form.cleaned_data["note"],
        )
    except services.PlanStale as stale:
        # What was typed stays; the form is now based on the colleague's version, which the
        # page links to, so saving again is a choice made after seeing it.
        form = PlanForm({**request.POST.dict(), "based_on": stale.current_number})
        unjudged(form)
        return _plan_page(
            request, case, current, form, formsets, status=409, stale_message=stale.message
        )
    except ValidationError as error:
        put_plan_errors(error, form, formsets, origin)
        return _plan_page(request, case, current, form, formsets, status=400)
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _plan_page(request, case, current, form, formsets, status=status)
    messages.success(request, f"Versie {version.number} van het veiligheidsplan is vastgelegd.")
    return redirect(_case_page(case))


def _more_rows(request: HttpRequest, members: Any) -> dict[str, Any]:
    data = request.POST.copy()
    for prefix in ("voorwaarde", "actie", "zorg", "schade", "netwerk"):
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "1") or 1)
        data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, 50))
    formsets = plan_formsets(data, members, None)
    for formset in formsets.values():
        unjudged(formset)
    return formsets


def _plan_page(
    request: HttpRequest,
    case: Case,
    current: Any,
    form: PlanForm,
    formsets: dict[str, Any],
    *,
    status: int = 200,
    stale_message: str = "",
) -> HttpResponse:
    return _render(
        request,
        "involvement/plan_form.html",
        {
            "case": case,
            "current": current,
            "form": form,
            "formsets": formsets,
            "stale_message": stale_message,
        },
        status,
    )


@login_required
def plan_versions(request: HttpRequest, number: str) -> HttpResponse:
    """Every version of the plan, newest first, with who made it, when, why, and what changed."""
    case = _case(request, number)
    versions = selectors.safety_plan_versions(case=case)
    rows = [
        {"version": v, "diff": selectors.safety_plan_diff(case=case, version=v)} for v in versions
    ]
    return _render(request, "involvement/plan_versions.html", {"case": case, "rows": rows})
