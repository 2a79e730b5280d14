"""A one-time submission key for the intake page (issue 20.1): the same idempotency as
`POST /api/v1/reports`, in the same model (`core.IdempotencyRecord`, keys from
`core.submission`) and through the same hook of `report_intake`.

The page hands out a fresh key with the empty form and keeps it while the form comes back
(errors, the search, "Meer personen"). The record of the key is written last, in the intake's
own transaction: a double click, or the same POST sent twice at once, makes one report — the
second insert waits on the unique key, fails, rolls everything of its attempt back and is
answered with the first one's case.
"""

from collections.abc import Callable

from zicht.accounts.models import User
from zicht.core.models import IdempotencyRecord
from zicht.core.submission import FIELD, new_key, posted_key
from zicht.reports.intake import IntakeResult

__all__ = ["FIELD", "first_case", "new_key", "posted_key", "recorder"]

_PREFIX = "pagina:meldingen/nieuw:"  # apart from the keys partner systems send


def first_case(user: User, key: str) -> str | None:
    """The case number the first submission with this key made, if it was saved."""
    if not key:
        return None
    record = IdempotencyRecord.objects.filter(user=user, key=_PREFIX + key).first()
    return (record.response_body or {}).get("case_number") if record else None


def recorder(user: User, key: str) -> Callable[[IntakeResult], None] | None:
    """The record of this submission, for `report_intake(record=…)`."""
    if not key:
        return None

    def record(result: IntakeResult) -> None:
        IdempotencyRecord.objects.create(
            user=user,
            key=_PREFIX + key,
            request_sha256="",
            response_status=302,
            response_body={"case_number": result.report.case.number},
        )

    return record
