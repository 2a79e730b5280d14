"""The case page's "Brieven" panel: every letter of the case with its addressee, its status
(concept, ready, sent with how and when, withdrawn), a preview in a sandboxed frame, the PDF, and
the actions recording that it was sent or withdrawing it (16.3).

The case page fetched the case through `case_get_for_user`, which logged the read of the
household; the letters are read scoped to the user (`letters_of_case`)."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can
from zicht.cases.models import Case
from zicht.cases.panels import CasePanel
from zicht.letters.models import Letter, LetterStatus
from zicht.letters.preview import preview_frame
from zicht.letters.selectors import letters_of_case

STATUS_TEXT = {
    LetterStatus.QUEUED: "Concept — de PDF wordt gemaakt",
    LetterStatus.RENDERED: "Klaar om te verzenden",
    LetterStatus.SENT: "Verzonden",
    LetterStatus.FAILED: "Mislukt — de PDF kon niet worden gemaakt",
    LetterStatus.WITHDRAWN: "Ingetrokken",
}


@dataclass(frozen=True)
class LetterRow:
    letter: Letter
    status_text: str
    preview: SafeString
    may_send: bool
    may_withdraw: bool


def _row(letter: Letter, may_write: bool) -> LetterRow:
    status = LetterStatus(letter.status)
    return LetterRow(
        letter=letter,
        status_text=STATUS_TEXT[status],
        preview=preview_frame(letter.html, title=f"Voorbeeld: {letter.subject}"),
        may_send=may_write and status == LetterStatus.RENDERED,
        may_withdraw=may_write and status not in (LetterStatus.SENT, LetterStatus.WITHDRAWN),
    )


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]  # the case page needs a login
    letters = letters_of_case(user=user, case=case).select_related(
        "created_by", "sent_by", "withdrawn_by", "replaces"
    )
    may_write = can(user, Action.ASSESS_SAFETY)
    return {"rows": [_row(letter, may_write) for letter in letters]}


def _visible(case: Case) -> bool:
    return Letter.objects.filter(case=case).exists()


PANEL = CasePanel(code="letters", template="letters/panel.html", context=_context, visible=_visible)
