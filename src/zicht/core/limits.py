"""Input limits at the edge: what hostile or broken input is refused before it reaches a service.

One place for the API and the pages (issue 17, "Input limits at the edge"):

| limit | API (`LimitedJSONParser`, `EdgeLimitsMiddleware`) | pages (`LimitedFormMixin`) |
|---|---|---|
| request body at most `MAX_BODY_BYTES` | 413 problem+json | 413 (and Django's own limit, same size) |
| JSON nested at most `MAX_JSON_DEPTH` deep | 400 problem+json | — |
| no unpaired surrogate, no control character but tab and line ends, in any string or key | 400, the field named | at the field |
| a date (an ISO date or moment) from `EARLIEST_DATE` to `LATEST_DATE` | 400, the field or query parameter named | at the field |

The moment a contact or report was received has a narrower range (`received_at_error`), checked
by the services that register one, so the page and the API refuse it alike.
"""

import json
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

MAX_BODY_BYTES = 1_000_000  # a full report (20 persons, every text at its maximum) is far less
MAX_JSON_DEPTH = 32  # the deepest body of the API is 3
EARLIEST_DATE = date(1900, 1, 1)  # birth years start here too
LATEST_DATE = date(2100, 12, 31)
# Reports taken in by this system start in 2019; "received" earlier is a typing error.
EARLIEST_RECEIVED = date(2019, 1, 1)
CLOCK_SKEW = timedelta(minutes=5)  # a partner system's clock may run this far ahead
# Text: every text field has a maximum (issue 16.10). Free text (concerns, findings, notes) at
# most FREE_TEXT_MAX characters, a letter's HTML at most DOCUMENT_MAX; names and short fields
# set their own, smaller, maximum. No string in an API body is longer than FREE_TEXT_MAX.
FREE_TEXT_MAX = 20_000
DOCUMENT_MAX = 200_000

# C0 and C1 control characters and DEL, except tab, line feed and carriage return (text areas).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ISO_DATE = re.compile(
    r"^(?P<year>\d{4,})-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)

BAD_CHARACTER = "Bevat een ongeldig teken (een losse surrogaat); stuur geldige UTF-8-tekst."
CONTROL_CHARACTER = "Bevat een stuurteken; gebruik alleen gewone tekst, tabs en regeleinden."
DATE_RANGE = (
    f"Vul een datum in tussen {EARLIEST_DATE:%d-%m-%Y} en {LATEST_DATE:%d-%m-%Y} "
    "(een jaar met vier cijfers)."
)
TOO_DEEP = f"De JSON is te diep genest (hoogstens {MAX_JSON_DEPTH} niveaus)."
TOO_LARGE = f"Het verzoek is te groot (hoogstens {MAX_BODY_BYTES // 1000} kB)."
NOT_JSON = "De invoer is geen geldige JSON in UTF-8."
BAD_PARAMETER = "Een parameter in de zoekvraag is ongeldig; zie invalid_params."


# --- checks of one value ------------------------------------------------------------------------


def text_error(value: str) -> str | None:
    """Why this text is refused, or None."""
    if _SURROGATE.search(value):
        return BAD_CHARACTER
    if _CONTROL.search(value):
        return CONTROL_CHARACTER
    return None


def date_error(value: date | str) -> str | None:
    """Why this date (or an ISO date or moment in a string) is refused, or None. A string that
    is no ISO date is left to the field that reads it."""
    if isinstance(value, str):
        match = _ISO_DATE.match(value)
        if match is None:
            return None
        year = int(match["year"])
    else:
        year = value.year
    return None if EARLIEST_DATE.year <= year <= LATEST_DATE.year else DATE_RANGE


TOO_LONG = f"Deze tekst is te lang: gebruik hoogstens {FREE_TEXT_MAX} tekens."


def value_error(value: str) -> str | None:
    """Why this string from a body or query is refused, or None."""
    if len(value) > FREE_TEXT_MAX:
        return TOO_LONG
    return text_error(value) or date_error(value)


def received_at_error(moment: datetime) -> str | None:
    """Why this moment of receipt of a contact or report is refused, or None: not before
    `EARLIEST_RECEIVED`, not later than now plus `CLOCK_SKEW`."""
    if moment > timezone.now() + CLOCK_SKEW:
        return "Het tijdstip van ontvangst ligt in de toekomst."
    if timezone.localdate(moment) < EARLIEST_RECEIVED:
        return f"Het tijdstip van ontvangst ligt vóór {EARLIEST_RECEIVED:%d-%m-%Y}; klopt het jaar?"
    return None


# --- the API ------------------------------------------------------------------------------------


class BodyTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = TOO_LARGE
    default_code = "too_large"


def _walk(data: Any) -> Iterator[tuple[str, Any]]:
    """(path, value) of every value and key of a parsed JSON body, without recursion, refusing a
    body nested deeper than MAX_JSON_DEPTH. Paths as the API names fields: `persons[0].bsn`."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise exceptions.ParseError(TOO_DEEP)
        if isinstance(value, dict):
            for key, item in value.items():
                yield (path or "body"), key  # a key is text too
                stack.append((f"{path}.{key}" if path else str(key), item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
        else:
            yield path, value


def check_parsed(data: Any) -> None:
    """Every string (and key) of a parsed body checked; the first refusal per field, named."""
    errors: dict[str, str] = {}
    for path, value in _walk(data):
        if isinstance(value, str) and path not in errors:
            problem = value_error(value)
            if problem:
                errors[path or "body"] = problem
    if errors:
        raise exceptions.ValidationError(errors)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is geen JSON")


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser within the limits: size, depth, characters and dates. It reads at most
    one byte past the limit, so a body without a Content-Length cannot exhaust memory either."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise BodyTooLarge
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP) from None
        except ValueError:  # also a UnicodeDecodeError, and NaN or Infinity
            raise exceptions.ParseError(NOT_JSON) from None
        check_parsed(data)
        return data


def _problem(request: HttpRequest, status: int, detail: str, **params: str) -> HttpResponse:
    from zicht.core.problems import problem_json

    return problem_json(request, status, detail, invalid=params)


class EdgeLimitsMiddleware:
    """Before any view: a body announced larger than MAX_BODY_BYTES is 413 (in the API as
    problem+json), and an API query parameter with a forbidden character or a date out of
    range is 400 naming the parameter. The pages' query strings are read by forms, which refuse
    the same at the field (`LimitedFormMixin`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            if api:
                return _problem(request, 413, TOO_LARGE)
            return HttpResponse(TOO_LARGE, status=413, content_type="text/plain; charset=utf-8")
        if api:
            for name, values in request.GET.lists():
                for value in values:
                    # A "+" of a UTC offset arrives as a space when it was not percent-encoded.
                    problem = value_error(value.replace(" ", "+"))
                    if problem:
                        return _problem(request, 400, BAD_PARAMETER, **{name: problem})
        return self.get_response(request)


# --- the pages ----------------------------------------------------------------------------------


def refuse_bad_text(value: str) -> None:
    problem = text_error(value) if isinstance(value, str) else None
    if problem:
        raise ValidationError(problem, code="bad_text")


def refuse_date_out_of_range(value: date | None) -> None:
    if value is not None and date_error(value):
        raise ValidationError(DATE_RANGE, code="date_range")


def too_long_message(label: str) -> str:
    """The message of a text field's maximum, naming the field (Django fills in the figures)."""
    return f"{label} is te lang: gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."


def limit_fields(fields: dict[str, forms.Field]) -> None:
    """Every text field refuses a forbidden character and has a maximum length (FREE_TEXT_MAX
    where the form set none) with a message naming it; every date field refuses a date out of
    range."""
    for name, field in fields.items():
        if isinstance(field, forms.CharField):
            field.validators.append(refuse_bad_text)
            if field.max_length is None:
                field.max_length = FREE_TEXT_MAX
                field.validators.append(MaxLengthValidator(FREE_TEXT_MAX))
                field.widget.attrs.setdefault("maxlength", str(FREE_TEXT_MAX))
            label = str(field.label or name.replace("_", " ").capitalize())
            field.error_messages["max_length"] = too_long_message(label)
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(refuse_date_out_of_range)


class LimitedFormMixin:
    """The limits of `limit_fields` at each field of the form, with what was typed kept."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_fields(self.fields)
