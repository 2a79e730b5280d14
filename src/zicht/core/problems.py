"""Errors of the API as problem+json (RFC 9457), with Dutch titles and details.

Every expected failure of an API request answers `application/problem+json`:

    {"type", "title", "status", "detail", "instance", "invalid_params": [{"name", "reason"}]}

- invalid input (DRF's or a service's `ValidationError`) → 400, one `invalid_params` entry per
  field, so a client can show the message at the field;
- not logged in → 401;
- a refusal of `core.errors` (or an app's subclass of one) → its status, `type` and `title`, with
  its Dutch message as `detail` and its `problem_extra()` (such as `current_version`) as extension
  members: 403 not permitted, 404 not found or out of scope, 409 a conflict with the current
  state (a stale version, a refused phase transition, already done: RFC 9110 §15.5.10; the client
  resolves it by reading again, and the `type` tells the 409s apart), 428 a version required;
- Django's own `PermissionDenied` and `Http404` → 403 and the same 404 for missing and out of
  scope (R-PRIV-3: no probing);

Anything else is not ours to dress up: the handler returns None, DRF re-raises, and the error
reaches the 500 page and the log with its trace, as it should.
"""

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import set_rollback

from zicht.core.errors import NOT_FOUND, NotPermitted, Refusal

PROBLEM_CONTENT_TYPE = "application/problem+json"
_TYPE = "urn:zicht:probleem:"

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Antwoordformaat niet beschikbaar",
    409: "Conflict met de huidige stand",
    413: "Verzoek te groot",
    415: "Formaat van de invoer niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Tijdelijk niet beschikbaar",
}
TYPES = {
    400: "ongeldige-invoer",
    401: "niet-ingelogd",
    403: "geen-toegang",
    404: "niet-gevonden",
    405: "methode-niet-toegestaan",
    406: "niet-aanvaardbaar",
    413: "verzoek-te-groot",
    415: "formaat-niet-ondersteund",
    429: "te-veel-verzoeken",
    500: "interne-fout",
    503: "tijdelijk-niet-beschikbaar",
}
NOT_AUTHENTICATED = (
    "Stuur een token mee (header ‘Authorization: Token …’), of gebruik een sessie waarin u met "
    "wachtwoord én code bent ingelogd."
)
CSRF_FAILED = (
    "De CSRF-controle is mislukt: stuur bij een sessie het CSRF-token mee in de header "
    "‘X-CSRFToken’, of gebruik een token."
)
INVALID = "De invoer is niet geldig; zie invalid_params voor de velden."


def problem_body(
    *,
    status: int,
    detail: str,
    instance: str = "",
    kind: str = "",
    title: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The body of a problem+json answer; `extra` adds extension members (RFC 9457 §3.2)."""
    body: dict[str, Any] = {
        "type": _TYPE + (kind or TYPES.get(status, "fout")),
        "title": title or TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if invalid_params is not None:
        body["invalid_params"] = invalid_params
    body.update(extra)
    return body


def problem_response(
    *,
    status: int,
    detail: str,
    instance: str = "",
    kind: str = "",
    title: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response (see `problem_body`)."""
    body = problem_body(
        status=status,
        detail=detail,
        instance=instance,
        kind=kind,
        title=title,
        invalid_params=invalid_params,
        **extra,
    )
    return Response(body, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_json(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    invalid: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """A problem+json answer outside DRF (a middleware, an error handler); `invalid` maps a
    parameter's name to what is wrong with it (`invalid_params`)."""
    body = problem_body(
        status=status,
        detail=detail,
        instance=request.path,
        invalid_params=[{"name": n, "reason": r} for n, r in (invalid or {}).items()] or None,
    )
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE, headers=headers)


def _flatten(detail: Any, name: str = "") -> Iterator[tuple[str, str]]:
    """(field, message) pairs from DRF's nested error detail; nested fields as "a.0.b"."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, f"{name}.{key}" if name else str(key))
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                yield from _flatten(item, f"{name}.{index}" if name else str(index))
            else:
                yield name, str(item)
    else:
        yield name, str(detail)


_GENERAL = {"", NON_FIELD_ERRORS, "non_field_errors"}


def _invalid(pairs: list[tuple[str, str]], instance: str) -> Response:
    general = [reason for name, reason in pairs if name in _GENERAL]
    params = [{"name": name, "reason": reason} for name, reason in pairs if name not in _GENERAL]
    return problem_response(
        status=400, detail=" ".join(general) or INVALID, instance=instance, invalid_params=params
    )


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: the expected failures as problem+json, the rest re-raised."""
    request = context.get("request")
    instance = request.path if request is not None else ""

    if isinstance(exc, Refusal):
        set_rollback()
        return problem_response(
            status=exc.status,
            kind=exc.kind,
            title=exc.title,
            detail=exc.message,
            instance=instance,
            # A refusal about one field names it, as invalid input does, for the client's form.
            invalid_params=[{"name": exc.field, "reason": exc.message}] if exc.field else None,
            **exc.problem_extra(),
        )
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        if hasattr(exc, "error_dict"):
            pairs = [(n, m) for n, messages in exc.message_dict.items() for m in messages]
        else:
            pairs = [("", message) for message in exc.messages]
        return _invalid(pairs, instance)
    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        return _invalid(list(_flatten(exc.detail)), instance)
    if isinstance(exc, Http404 | exceptions.NotFound):
        set_rollback()
        # One answer for missing and out of scope; only a page number past the end says so.
        detail = str(getattr(exc, "detail", ""))
        own = isinstance(exc, exceptions.NotFound) and detail != exceptions.NotFound.default_detail
        return problem_response(status=404, detail=detail if own else NOT_FOUND, instance=instance)
    if isinstance(exc, DjangoPermissionDenied):  # Django's own, with or without a message
        exc = exceptions.PermissionDenied(str(exc) or NotPermitted.default_message)
    if isinstance(exc, exceptions.APIException):
        set_rollback()
        headers = {}
        auth_header, wait = getattr(exc, "auth_header", None), getattr(exc, "wait", None)
        if auth_header:
            headers["WWW-Authenticate"] = str(auth_header)
        if wait:
            headers["Retry-After"] = f"{wait:.0f}"
        status = exc.status_code
        detail = str(exc.detail)
        if isinstance(exc, exceptions.NotAuthenticated):
            detail = NOT_AUTHENTICATED
        elif isinstance(exc, exceptions.PermissionDenied) and detail.startswith("CSRF Failed"):
            detail = CSRF_FAILED
        return problem_response(status=status, detail=detail, instance=instance, headers=headers)
    return None


class InvalidParamSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="Het veld, bij geneste velden als ‘a.0.b’.")
    reason = serializers.CharField(help_text="Wat er mis is, in het Nederlands.")


# The body of every error answer (RFC 9457), for the OpenAPI document.
class ProblemSerializer(serializers.Serializer[Any]):
    type = serializers.CharField(help_text="URN van de soort fout, bv. urn:zicht:probleem:…")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(help_text="Het pad van het verzoek.")
    invalid_params = InvalidParamSerializer(many=True, required=False)


def problems(*statuses: int) -> dict[tuple[int, str], type[ProblemSerializer]]:
    """`extend_schema(responses=…)` entries: these statuses answer problem+json."""
    return {(status, PROBLEM_CONTENT_TYPE): ProblemSerializer for status in statuses}
