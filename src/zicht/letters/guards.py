"""Checks every letter to a household member or a partner passes before it is made.

`letters` is a kernel app and knows nothing of reports; an app that knows what a household or a
partner may not read registers a check here when it starts (`reports` registers the disclosure
guard of R-PRIV-5). `letter_queue` runs every check over the texts of the letter's context before
anything is rendered or stored, so a new letter to a household or a partner is covered the day it
is added.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

from zicht.cases.models import Case
from zicht.letters.models import RecipientKind

# A check answers, per context field, why its text may not reach the recipient.
Guard = Callable[[Case | None, Mapping[str, Any]], dict[str, str]]

GUARDED_RECIPIENTS = (RecipientKind.HOUSEHOLD_MEMBER, RecipientKind.PARTNER)
GUARDS: dict[str, Guard] = {}


def register(name: str, guard: Guard) -> None:
    GUARDS[name] = guard


def check_letter(*, case: Case | None, recipient_kind: str, context: Mapping[str, Any]) -> None:
    """Refuses (ValidationError naming each field) a letter a registered check finds unfit."""
    if recipient_kind not in GUARDED_RECIPIENTS:
        return
    errors: dict[str, str] = {}
    for guard in GUARDS.values():
        for field, message in guard(case, context).items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
