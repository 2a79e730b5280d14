from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.cases.services import StaleVersion
from zicht.core import submission
from zicht.core.forms import FORM_REFUSALS, add_service_errors
from zicht.letters import selectors, services
from zicht.letters.forms import SentForm, WithdrawForm
from zicht.letters.models import Letter
from zicht.letters.preview import preview_frame


def _require_client_data(request: HttpRequest) -> None:
    require(request.user, Action.VIEW_CLIENT_DATA)


@login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_client_data(request)
    letter = selectors.letter_get_for_user(
        user=request.user,  # type: ignore[arg-type]
        pk=pk,
        resource=request.path,
    )
    return render(
        request,
        "letters/letter_detail.html",
        {"letter": letter, "preview": preview_frame(letter.html, title=f"Brief: {letter.subject}")},
    )


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Downloads the PDF: an export of the household's data (R-PRIV-3)."""
    _require_client_data(request)
    try:
        letter = selectors.letter_get_for_user(
            user=request.user,  # type: ignore[arg-type]
            pk=pk,
            event=AccessEvent.EXPORT,
            channel=Channel.PDF,
            resource=request.path,
            require_pdf=True,
        )
    except selectors.LetterNotReady as not_ready:
        messages.warning(request, not_ready.message)
        return redirect("letters:detail", pk=pk)
    # The name says which letter, never whom it is about: no BSN or client name in it.
    filename = f"brief-{letter.pk}-{letter.template_code}.pdf"
    response = FileResponse(
        letter.pdf.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "no-store"
    return response


def _back(letter: Letter) -> str:
    if letter.case is None:
        return reverse("letters:detail", args=[letter.pk])
    return reverse("cases:detail", kwargs={"number": letter.case.number}) + "#brieven"


def _letter_action(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    title: str,
    button: str,
    write: Callable[[User, Letter, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A small letter form: validate, check the case version, write, back to the case page.
    Invalid input and a stale version show the form again with what was typed."""
    require(request.user, Action.VIEW_CLIENT_DATA, Action.ASSESS_SAFETY)
    user: User = request.user  # type: ignore[assignment]  # login_required
    letter = selectors.letter_get_for_user(user=user, pk=pk, resource=request.path)
    version = letter.case.version if letter.case else 0
    page = {"letter": letter, "title": title, "button": button}
    if request.method != "POST":
        form = form_class(initial={"version": version})
        return render(request, "letters/letter_action.html", {**page, "form": form})
    form = form_class(request.POST)
    if not form.is_valid():
        return render(request, "letters/letter_action.html", {**page, "form": form}, status=400)
    data = dict(form.cleaned_data)
    expected = data.pop("version") if letter.case else None
    try:  # once per submission key (20.1): a double click is answered with the first result
        submission.once(
            request,
            "brieven/actie",
            lambda: write(user, letter, {"expected_version": expected, **data}),
            lambda _: _back(letter),
        )
    except submission.Repeated as repeated:
        return submission.answer(request, repeated)
    except StaleVersion as stale:
        context = {**page, "form": form, "stale_message": str(stale)}
        return render(request, "letters/letter_action.html", context, status=409)
    except FORM_REFUSALS as error:
        status = add_service_errors(form, error)
        return render(request, "letters/letter_action.html", {**page, "form": form}, status=status)
    messages.success(request, done)
    return redirect(_back(letter))


@login_required
def letter_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A letter not yet sent is withdrawn, with the reason kept (16.1)."""
    return _letter_action(
        request,
        pk,
        form_class=WithdrawForm,
        title="Brief intrekken",
        button="Brief intrekken",
        write=lambda user, letter, data: services.letter_withdraw(user=user, letter=letter, **data),
        done="De brief is ingetrokken; hij gaat niet de deur uit. De reden staat in de tijdlijn.",
    )


@login_required
def letter_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """Records how and when a letter was sent (16.3)."""
    return _letter_action(
        request,
        pk,
        form_class=SentForm,
        title="Verzending vastleggen",
        button="Verzending vastleggen",
        write=lambda user, letter, data: services.letter_mark_sent(
            user=user, letter=letter, **data
        ),
        done="Vastgelegd: de brief is verzonden.",
    )
