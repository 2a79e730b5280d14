"""How a case's form page takes a submission — one way for every service's step pages.

The order matters and is the same everywhere:
1. a second click of one submission gets the first one's answer, nothing is written twice (20.1);
2. a form based on an older version of the case is shown again with what was typed, against the
   current version, and says why (409: two workers never overwrite each other silently);
3. invalid input is shown again at its fields (400);
4. the write runs once per submission key; a refusal of the service lands at the field it names,
   a version that went stale meanwhile is a 409 with the input kept;
5. back to where the worker came from, with the confirmation.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zicht.accounts.policy import Action, require
from zicht.cases.models import Case
from zicht.cases.selectors import case_get_for_user
from zicht.cases.services import StaleVersion
from zicht.core import submission
from zicht.core.forms import FORM_REFUSALS, add_service_errors, unjudged

# (case, form, status, stale message) → the form page again
Render = Callable[[Case, Form, int, str], HttpResponse]


def step_submit(
    request: HttpRequest,
    *,
    case: Case,
    form: Form,
    render: Render,
    write: Callable[[], Any],
    back: str,
    page: str | None = None,
    done: str = "",
    versioned: bool = True,
    valid: bool | None = None,
    aliases: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Takes `form` (bound to the POST) through the steps above. `versioned`: the form carries
    the case's version in its `version` field; `valid`: the caller validated more than the form
    (a formset beside it); `page`: the submission key's page, the request's path by default."""
    page = page or request.path
    if (earlier := submission.earlier_answer(request, page)) is not None:
        return earlier
    if versioned:
        name = form.add_prefix("version")
        if form.data.get(name, "") != str(case.version):
            data = request.POST.copy()
            data[name] = str(case.version)  # what was typed, against the current version
            form.data = data
            unjudged(form)
            return render(case, form, 409, str(StaleVersion(case)))
    if not (form.is_valid() if valid is None else valid):
        return render(case, form, 400, "")
    try:
        submission.once(request, page, write, lambda _: back)
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except StaleVersion as stale:
        unjudged(form)
        return render(stale.case, form, 409, str(stale))
    except FORM_REFUSALS as error:
        return render(case, form, add_service_errors(form, error, aliases), "")
    if done:
        messages.success(request, done)
    return redirect(back)


def panel_action(
    request: HttpRequest,
    number: str,
    form_class: type[Form],
    prefix: str,
    *,
    title: str,
    button: str,
    write: Callable[[Case, dict[str, Any]], Any],
    done: str,
    target: Callable[[Case], Any],
    initial: Callable[[Any], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A small panel form of the case page on its own page (a handover's hand-back, a dispute, a
    house ban's decision): scoped through the case, written with ASSESS_SAFETY, back to the case
    page. What it acts on is looked up first: an unknown one is 404, also for the empty form;
    `initial` fills the empty form from it."""
    require(request.user, Action.VIEW_CLIENT_DATA, Action.ASSESS_SAFETY)
    case = case_get_for_user(
        user=request.user,  # type: ignore[arg-type]  # the views are login_required
        number=number,
        resource=request.path,
    )
    found = target(case)

    def render_form(case: Case, form: Form, status: int, stale_message: str) -> HttpResponse:
        context = {
            "case": case,
            "form": form,
            "title": title,
            "button": button,
            "action": request.path,
            "stale_message": stale_message,
        }
        return render(request, "cases/panel_action.html", context, status=status)

    if request.method != "POST":
        form = form_class(
            initial={"version": case.version, **(initial(found) if initial else {})},
            prefix=prefix,
        )
        return render_form(case, form, 200, "")
    form = form_class(request.POST, prefix=prefix)
    return step_submit(
        request,
        case=case,
        form=form,
        render=render_form,
        write=lambda: write(case, form.cleaned_data),
        back=reverse("cases:detail", kwargs={"number": case.number}),
        done=done,
    )
