from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_POST

from zicht.accounts.policy import Action, require
from zicht.cases import selectors as case_selectors
from zicht.radar import client, services
from zicht.radar.client import RegisterUnavailable


@login_required
@require_POST
def lookup(request: HttpRequest, number: str) -> HttpResponse:
    """A worker asks the register about this case's persons (R-REG-1, during the assessment); the
    answer is kept and shown on the case page, and handed to the assessment (R-TRI-2)."""
    require(request.user, Action.ASSESS_SAFETY)
    case = case_selectors.case_get_for_user(
        user=request.user,  # type: ignore[arg-type]  # logged in
        number=number,
        resource=request.path,
    )
    if not client.configured():
        messages.error(request, "Het landelijk register is voor deze installatie niet ingesteld.")
        return HttpResponseRedirect(case.get_absolute_url())
    try:
        services.lookup(user=request.user, case=case)  # type: ignore[arg-type]
    except RegisterUnavailable:
        messages.error(
            request,
            "Het landelijk register is nu niet bereikbaar. Er is niets verloren; probeer het zo "
            "nog eens.",
        )
    else:
        messages.success(
            request, "Het landelijk register is bevraagd; het antwoord staat hieronder."
        )
    return HttpResponseRedirect(case.get_absolute_url() + "#landelijk-register")
