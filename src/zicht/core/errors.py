"""One way to refuse: one exception per meaning, each answered the same on a page and in the API.

| raise                          | meaning                                          | page, API |
|--------------------------------|--------------------------------------------------|-----------|
| `ValidationError({field: …})`  | the input is wrong (Django's own; not here)      | 400, the form again / `invalid_params` |
| `NotPermitted(message)`        | this user may not do this (role, own work, …)    | 403 |
| `NotFound()`                   | missing, or out of the user's scope (one answer) | 404 |
| `Conflict(message, field=…)`   | the current state refuses it                     | 409 |
| `AlreadyExists(…)`             | … because it has been done or made already       | 409 |
| `StaleVersion(…)`              | … because someone changed it since it was read   | 409 |
| `Gone(message)`                | it was usable once and is no more (a used link)  | 410 |
| `VersionRequired(…)`           | a change sent without the version it was based on | 428 |

The message is Dutch and is what the user reads: on the page (`core.views.refusal_page`, reached
through `core.middleware.RefusalMiddleware` and the 403/404 handlers) and as the `detail` of the
problem+json answer (`core.problems`). Both read `status`, `kind` and `title` from the class, so
one refusal cannot answer differently in the two places.

An app's own refusal is a subclass (`cases.services.StaleVersion`, `cases.workflow.
TransitionRefused`, …): it is then answered like its parent without `core` knowing the app, and
`problem_extra()` adds what a client needs to resolve it (the current version).

`NotPermitted` is Django's `PermissionDenied` and `NotFound` is Django's `Http404`, so code that
knows only Django's exceptions (tests, the admin, a decorator) still treats them as such. Give
`NotFound` no message that tells a missing object from one out of scope (R-PRIV-3: no probing).
"""

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404

NOT_FOUND = "Dit bestaat niet, of u heeft er geen toegang toe."


class Refusal(Exception):
    """A request refused for a reason the user can read. Subclass one of the kinds below."""

    status: ClassVar[int]
    kind: ClassVar[str]  # the problem type, urn:zicht:probleem:<kind>
    title: ClassVar[str]  # short; the page's heading and the problem's title
    default_message: ClassVar[str]

    def __init__(self, message: str = "", *, field: str = "") -> None:
        self.message = message or self.default_message
        # The form field the refusal is about, where there is one: a page shows it there.
        self.field = field
        super().__init__(self.message)

    def problem_extra(self) -> dict[str, Any]:
        """Extension members of the problem+json answer (RFC 9457 §3.2)."""
        return {}


class NotPermitted(Refusal, PermissionDenied):
    status = 403
    kind = "geen-toegang"
    title = "Geen toegang"
    default_message = (
        "Uw rol geeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? Neem contact op "
        "met uw teamleider of de functioneel beheerder."
    )


class NotFound(Refusal, Http404):
    status = 404
    kind = "niet-gevonden"
    title = "Niet gevonden"
    default_message = NOT_FOUND


class Conflict(Refusal):
    status = 409
    kind = "conflict"
    title = "Conflict met de huidige stand"
    default_message = "Dit kan niet in de huidige stand; bekijk de nieuwe stand en probeer opnieuw."


class AlreadyExists(Conflict):
    kind = "bestaat-al"
    title = "Al vastgelegd"
    default_message = "Dit is al vastgelegd."


class StaleVersion(Conflict):
    kind = "verouderde-versie"
    title = "Intussen gewijzigd"
    default_message = (
        "Dit is intussen door iemand anders gewijzigd. Er is niets opgeslagen; bekijk de nieuwe "
        "stand en probeer het opnieuw."
    )


class Gone(Refusal):
    status = 410
    kind = "niet-meer-beschikbaar"
    title = "Niet meer beschikbaar"
    default_message = "Dit is niet meer beschikbaar. Er is niets gewijzigd."


class VersionRequired(Refusal):
    status = 428
    kind = "versie-verplicht"
    title = "Versie verplicht"
    default_message = (
        "Stuur de versie mee waarop uw wijziging is gebaseerd (veld ‘version’), zodat een "
        "wijziging van een ander niet ongemerkt wordt overschreven."
    )
