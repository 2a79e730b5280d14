"""The Dutch API Design Rules (Logius, "pas toe of leg uit") that apply to every operation alike,
applied once here instead of in each view (issue 19):

- /core/version-header: every response under /api/v1/ carries `API-Version` with the full
  version (`ApiVersionMiddleware`), and the OpenAPI document says so on every 2xx/3xx answer;
- /core/error-handling/invalid-input: an operation that takes input (a body, or parameters on a
  GET or DELETE) documents its 400 problem+json answer;
- pagination: every paged list answers with a `Link` header (first, prev, next, last;
  `core.api.Pagination`), documented on every paged answer;
- /core/uri-version and /core/doc-openapi-contact: the server carries the major version, `info`
  names a contact (settings.SPECTACULAR_SETTINGS).

The version is SPECTACULAR_SETTINGS["VERSION"]: one number for the document and the header.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

API_PREFIX = "/api/v1/"
# Zicht's API and the register's (its own deployable, zicht.register): both follow these rules.
VERSIONED_PREFIXES = (API_PREFIX, "/register/v1/")
HEADER = "API-Version"
PROBLEM = "application/problem+json"
_VERSION_HEADER = {
    "description": "De volledige versie van de API (semantic versioning), bv. 1.0.0.",
    "schema": {"type": "string", "example": "1.0.0"},
}
_LINK_HEADER = {
    "description": "De pagina's van de lijst (RFC 8288): `first`, `prev`, `next` en `last`, "
    "dezelfde links als `next` en `previous` in het antwoord. `prev` en `next` ontbreken op de "
    "eerste en de laatste pagina.",
    "schema": {
        "type": "string",
        "example": '<https://zicht.example/api/v1/cases>; rel="first", '
        '<https://zicht.example/api/v1/cases?page=2>; rel="next", '
        '<https://zicht.example/api/v1/cases?page=4>; rel="last"',
    },
}
_PAGED = "#/components/schemas/Paginated"
_INVALID_INPUT = {
    "description": "Ongeldige invoer: elk ongeldig veld staat in `invalid_params`.",
    "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}
_METHODS_WITH_BODY = {"post", "put", "patch"}


def api_version() -> str:
    return str(settings.SPECTACULAR_SETTINGS["VERSION"])


class ApiVersionMiddleware:
    """Every answer of the API, also a refusal before any view ran, names the API's version."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(VERSIONED_PREFIXES):
            response[HEADER] = api_version()
        return response


def _takes_input(method: str, operation: dict[str, Any]) -> bool:
    return method in _METHODS_WITH_BODY or bool(operation.get("parameters"))


def _is_paged(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return str(schema.get("$ref", "")).startswith(_PAGED)


def postprocess(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular's last step: the rules above, on every operation of the document."""
    components = result.setdefault("components", {})
    headers = components.setdefault("headers", {})
    headers[HEADER] = _VERSION_HEADER
    headers["Link"] = _LINK_HEADER
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if str(status)[0] in "23":
                    response.setdefault("headers", {})[HEADER] = {
                        "$ref": f"#/components/headers/{HEADER}"
                    }
                if _is_paged(response):
                    response["headers"]["Link"] = {"$ref": "#/components/headers/Link"}
            if _takes_input(method, operation) and "400" not in responses:
                responses["400"] = _INVALID_INPUT
    return result


@extend_schema_field(
    {
        "type": "string",
        "format": "gedeeltelijke-datum",
        "pattern": r"^(\d{2}-\d{2}-\d{4}|\d{2}-\d{4}|\d{4}|onbekend)$",
        "description": "Een geboortedatum zoals bekend: dd-mm-jjjj, mm-jjjj, jjjj of "
        "'onbekend'. Geen ISO-datum, omdat dag of maand vaak niet bekend is; de delen staan "
        "los in birth_year, birth_month en birth_day (ADR /core/date-time: uitgelegd in "
        "docs/decisions.md).",
    }
)
class PartialDateField(serializers.CharField):
    """A date of birth as far as it is known, for reading (the API Design Rules ask a format
    for every date field; a partial date has none of the standard ones)."""
