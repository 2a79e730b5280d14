"""One-time submission keys for every page that creates something (issue 20.1).

The same idempotency as the API's `Idempotency-Key`, in the same model (`IdempotencyRecord`):
the form carries a fresh key (`{% submission_key %}` from `core_submission`, kept while the form
comes back with errors); the view runs its write through `once`, which records the key with the
address of what was made, last, in the write's own transaction. A repeat — a double click, a
reload, the same POST sent twice at once — makes nothing: it raises `Repeated` with the first
one's address (the second insert waits on the unique key, fails, rolls its whole attempt back).
"""

import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zicht.core.models import IdempotencyRecord

FIELD = "sleutel"
_VALID = re.compile(r"^[0-9a-f]{32}$")
T = TypeVar("T")


class Repeated(Exception):  # an answer, not a fault
    """This key was used before: `location` is what the first submission made."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def new_key() -> str:
    return uuid.uuid4().hex


def posted_key(value: str) -> str:
    """The form's key, or "" for anything that is not one (then nothing is deduplicated)."""
    return value if _VALID.match(value or "") else ""


def key_of(request: HttpRequest) -> str:
    return posted_key(request.POST.get(FIELD, ""))


def _stored(page: str, key: str) -> str:
    return f"pagina:{page}:{key}"  # apart from the keys partner systems send


def first_location(user: Any, page: str, key: str) -> str | None:
    """Where the first submission with this key went, if it was saved."""
    if not key:
        return None
    record = IdempotencyRecord.objects.filter(user=user, key=_stored(page, key)).first()
    return (record.response_body or {}).get("location") if record else None


def record(user: Any, page: str, key: str, location: str) -> None:
    """Records the key; call it inside the write's transaction, last."""
    IdempotencyRecord.objects.create(
        user=user,
        key=_stored(page, key),
        request_sha256="",
        response_status=302,
        response_body={"location": location},
    )


def once(
    request: HttpRequest, page: str, write: Callable[[], T], location: Callable[[T], str]
) -> T:
    """Runs `write` once per submission key of `page`: the key is recorded with
    `location(result)` in the same transaction. Raises `Repeated` for a key already used
    (before, or by a concurrent submit that committed first). Without a key it just writes."""
    user: Any = request.user
    key = key_of(request)
    if not key:
        return write()
    done = first_location(user, page, key)
    if done is not None:
        raise Repeated(done)
    try:
        with transaction.atomic():
            result = write()
            record(user, page, key, location(result))
    except IntegrityError:
        done = first_location(user, page, key)
        if done is None:
            raise
        raise Repeated(done) from None
    return result


def answer(request: HttpRequest, repeated: Repeated) -> HttpResponse:
    """The answer to a repeat: the first one's result, with a notice."""
    messages.info(
        request, "Dit formulier was al verstuurd; u ziet wat het de eerste keer opleverde."
    )
    return redirect(repeated.location)


def earlier_answer(request: HttpRequest, page: str) -> HttpResponse | None:
    """The answer to a repeat, for a view that checks something else (a version) before it
    writes: a repeat must not be refused as stale when it is only late."""
    done = first_location(request.user, page, key_of(request))
    return answer(request, Repeated(done)) if done is not None else None
