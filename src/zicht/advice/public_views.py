"""The public decision aid of the meldcode: no login, GET only, nothing stored or logged.

The answers travel in the query string of the outcome page and are only used to render it; no
model is written and no access-log entry is made (R-MC: no answers are stored).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from zicht.advice.decision_framework import (
    HELP_QUESTIONS,
    QUESTIONS,
    STEPS,
    VT_PHONE,
    WEIGH_QUESTIONS,
    decide,
)
from zicht.advice.public_forms import DecisionAidForm


def _questions_page(request: HttpRequest, form: DecisionAidForm, status: int = 200) -> HttpResponse:
    weigh_keys = {question.key for question in WEIGH_QUESTIONS}
    help_keys = {question.key for question in HELP_QUESTIONS}
    return render(
        request,
        "meldcode/questions.html",
        {
            "form": form,
            "steps": STEPS,
            "weigh_fields": [form[key] for key in form.fields if key in weigh_keys],
            "help_fields": [form[key] for key in form.fields if key in help_keys],
            "vt_phone": VT_PHONE,
        },
        status=status,
    )


@require_safe
def questions(request: HttpRequest) -> HttpResponse:
    """The five steps and the questions; answers in the query string are shown again."""
    form = DecisionAidForm(initial=_known_answers(request))
    return _questions_page(request, form)


@require_safe
def outcome(request: HttpRequest) -> HttpResponse:
    form = DecisionAidForm(request.GET)
    if not form.is_valid():
        return _questions_page(request, form, status=400)
    answers = form.answers()
    return render(
        request,
        "meldcode/outcome.html",
        {
            "outcome": decide(answers),
            "vt_phone": VT_PHONE,
            "change_query": urlencode({k: v for k, v in form.cleaned_data.items() if v}),
        },
    )


def _known_answers(request: HttpRequest) -> dict[str, str]:
    return {
        question.key: str(request.GET[question.key])
        for question in QUESTIONS
        if question.key in request.GET
    }
