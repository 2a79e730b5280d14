from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can, require
from zicht.assessment import selectors, services
from zicht.assessment.forms import AssessmentForm, ConfirmForm, ReturnForm, initial_of
from zicht.assessment.models import Assessment, Status
from zicht.assessment.services import (
    AssessmentContent,
    AssessmentStale,
    AssessmentStartedMeanwhile,
)
from zicht.cases.models import Case
from zicht.cases.selectors import case_get_for_user
from zicht.core.errors import StaleVersion
from zicht.core.forms import FORM_REFUSALS, add_service_errors


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required


def _case(request: HttpRequest, number: str) -> Case:
    require(request.user, Action.VIEW_CLIENT_DATA)
    return case_get_for_user(user=_user(request), number=number, resource=request.path)


def may_edit(user: User, case: Case, current: Assessment | None) -> bool:
    if not can(user, Action.ASSESS_SAFETY):
        return False
    if current is not None and current.status == Status.DRAFT:
        return current.author_id == user.pk
    return selectors.may_start_new(case=case, current=current)


def may_confirm(user: User, current: Assessment | None) -> bool:
    return (
        current is not None
        and current.status == Status.SUBMITTED
        and can(user, Action.CONFIRM_ASSESSMENT)
        and current.author_id != user.pk
    )


def _editing(case: Case, current: Assessment | None) -> Assessment | None:
    """The assessment the form edits: the draft, or none when a new one starts."""
    return current if current is not None and current.status == Status.DRAFT else None


def _page(
    request: HttpRequest,
    case: Case,
    *,
    form: AssessmentForm | None = None,
    confirm_form: Form | None = None,
    return_form: Form | None = None,
    status: int = 200,
    stale_message: str = "",
    keep_form: bool = False,
) -> HttpResponse:
    user = _user(request)
    current = selectors.assessment_current(case=case)
    editable = may_edit(user, case, current)
    anonymous = selectors.case_has_anonymous_report(case=case)
    if editable and form is None:
        draft = _editing(case, current)
        form = AssessmentForm(
            initial=initial_of(draft) if draft else {}, anonymity_forced=anonymous
        )
    versions = {"version": current.version if current else 0, "case_version": case.version}
    context: dict[str, Any] = {
        "case": case,
        "assessment": current,
        "editable": editable,
        "confirmable": may_confirm(user, current),
        # A refused save shows what was typed again, even to someone who may not edit (now).
        "form": form if editable or keep_form else None,
        "confirm_form": confirm_form or ConfirmForm(initial=versions),
        "return_form": return_form or ReturnForm(initial=versions),
        "earlier": selectors.earlier_reports(case=case, user=user, resource=request.path),
        "history": selectors.assessment_history(case=case),
        "stale_message": stale_message,
    }
    return render(request, "assessment/assessment.html", context, status=status)


@login_required
def assessment_page(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    if request.method != "POST":
        return _page(request, case)
    user = _user(request)
    # Who may change which assessment in which phase, the service says (403 or 409).
    require(user, Action.ASSESS_SAFETY)
    current = selectors.assessment_current(case=case)
    draft = _editing(case, current)
    anonymous = selectors.case_has_anonymous_report(case=case)
    form = AssessmentForm(request.POST, anonymity_forced=anonymous)
    posted_version = request.POST.get("version", "")
    if draft is not None and posted_version != str(draft.version):
        data = request.POST.copy()
        data["version"] = str(draft.version)
        stale = AssessmentForm(data, anonymity_forced=anonymous)
        stale.is_valid()
        # A colleague started the draft meanwhile (20.2): name them and when.
        mine = draft.author_id == user.pk
        message = str(AssessmentStale(draft) if mine else AssessmentStartedMeanwhile(draft))
        return _page(request, case, form=stale, status=409, stale_message=message, keep_form=True)
    submit = request.POST.get("actie") == "aanbieden"
    if not form.is_valid():
        # Every error at once (16.5): the rules on what the form did accept, with its own errors.
        problems = services.assessment_problems(
            case=case, content=AssessmentContent.of(form.content()), draft=draft, submit=submit
        )
        for name, message in problems.items():
            if name not in form.errors:
                form.add_error(name if name in form.fields else None, message)
        return _page(request, case, form=form, status=400)
    content = AssessmentContent.of(form.content())
    arguments: dict[str, Any] = {
        "user": user,
        "case": case,
        "content": content,
        "expected_version": draft.version if draft else None,
        "assessment": draft,
    }
    try:
        if submit:
            services.assessment_save_and_submit(**arguments)
        else:
            services.assessment_save(**arguments)
    except StaleVersion as stale:  # also a colleague's, started or offered meanwhile: keep text
        return _page(request, case, form=form, status=409, stale_message=str(stale), keep_form=True)
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _page(request, case, form=form, status=status)
    return redirect("assessment:page", number=case.number)


@login_required
@require_POST
def assessment_confirm(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    current = selectors.assessment_current_required(case=case)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        message = "Vernieuw de pagina en probeer het opnieuw."
        return _page(request, case, status=400, stale_message=message)
    try:
        services.assessment_confirm(
            user=_user(request),
            assessment=current,
            expected_version=form.cleaned_data["version"],
            case_version=form.cleaned_data["case_version"],
        )
    except StaleVersion as stale:  # the assessment's or the case's
        return _page(request, case, status=409, stale_message=str(stale))
    except FORM_REFUSALS as error:  # the page has no field for these: all at the top
        status = add_service_errors(form, error)
        return _page(
            request,
            case,
            status=status,
            stale_message=" ".join(str(e) for e in form.non_field_errors()),
        )
    return redirect("cases:detail", number=case.number)


@login_required
@require_POST
def assessment_return(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    current = selectors.assessment_current_required(case=case)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _page(request, case, return_form=form, status=400)
    try:
        services.assessment_return(
            user=_user(request),
            assessment=current,
            expected_version=form.cleaned_data["version"],
            comment=form.cleaned_data["return_comment"],
        )
    except StaleVersion as stale:
        return _page(request, case, return_form=form, status=409, stale_message=str(stale))
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return _page(request, case, return_form=form, status=status)
    return redirect("cases:detail", number=case.number)
