from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from zicht.accounts.policy import Action, require
from zicht.audit.models import AccessEvent, Channel
from zicht.letters import selectors
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
