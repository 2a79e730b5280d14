"""Issue 20.3: no change without the version it was based on, on every write route of the API.

The routes come from the URL configuration (drf-spectacular's endpoint enumerator, as the OpenAPI
document does), so a route added tomorrow is checked the day it is added: a body that carries a
version must refuse its absence with 428 (`core.versions`), and a write without one must be
listed below as a creation or a one-time answer, with the reason.
"""

import json
from pathlib import Path

import pytest
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator

from zicht.core.errors import VersionRequired
from zicht.core.versions import ExpectedListField, VersionField

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Writes whose body carries no version, and why that cannot overwrite anyone's change.
WITHOUT_VERSION = {
    ("POST", "/api/v1/handovers/{id}/confirmation"): "one-time token; a second use is 410",
    ("POST", "/api/v1/households"): "creates a household",
    ("POST", "/api/v1/cases/{number}/investigation"): "creates it; a second open one is 409",
    ("POST", "/api/v1/cases/{number}/investigation/conversations"): "adds a conversation",
    ("POST", "/api/v1/cases/{number}/investigation/network-requests"): "adds a request",
    (
        "POST",
        "/api/v1/cases/{number}/investigation/network-requests/{id}/answer",
    ): "answers once; a second answer is 409",
    ("POST", "/api/v1/cases/{number}/investigation/notices"): "adds a notice",
    ("POST", "/api/v1/cases/{number}/conversations"): "adds a conversation",
    ("POST", "/api/v1/cases/{number}/contact-skips"): "adds a reason; a second one is 409",
    (
        "POST",
        "/api/v1/cases/{number}/conditions/acknowledgement",
    ): "records it once; a second one is 409",
    ("POST", "/api/v1/households/{id}/members"): "adds a member; the same one twice is 409",
    ("POST", "/api/v1/persons"): "creates a person",
    ("POST", "/api/v1/persons/search"): "a search, writes nothing but the access log",
    ("POST", "/api/v1/reports"): "creates a report (idempotent by Idempotency-Key)",
    ("POST", "/api/v1/house-bans"): "creates a house-ban notice (idempotent by Idempotency-Key)",
    ("POST", "/api/v1/screening/{report_id}/screenings"): "adds a screening; the same is 409",
}
# Creates or updates: the version is optional, the service refuses an update without it (428)
# and a start over a colleague's (409): tests/assessment/test_two_workers.py.
CREATE_OR_UPDATE = {("PUT", "/api/v1/cases/{number}/assessment")}
OPENAPI = json.loads((Path(__file__).parents[2] / "docs" / "openapi.json").read_text())


def _write_routes():
    generator = SchemaGenerator()
    for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        if method in WRITES:
            serializer = generator.create_view(callback, method).schema.get_request_serializer()
            yield pytest.param(method, path, serializer, id=f"{method} {path}")


def _based_on(serializer) -> dict:
    instance = serializer() if isinstance(serializer, type) else serializer
    fields = instance.fields if instance is not None else {}
    return {
        name: field
        for name, field in fields.items()
        if name == "version" or name.endswith("_version") or name.startswith("expected_")
    }


@pytest.mark.parametrize(("method", "path", "serializer"), list(_write_routes()))
def test_every_write_route_refuses_a_change_without_its_version(method, path, serializer):
    """Issue 20.3: an update without the version it was based on is 428, on every route."""
    based_on = _based_on(serializer)
    if (method, path) in CREATE_OR_UPDATE:
        assert "version" in based_on and not based_on["version"].required
    elif not based_on:
        assert (method, path) in WITHOUT_VERSION, (
            f"{method} {path} changes something without a version: carry one "
            "(core.versions.VersionField) or list it in WITHOUT_VERSION with the reason"
        )
        return
    else:
        for name, field in based_on.items():
            assert isinstance(field, VersionField | ExpectedListField), name
        cls = serializer if isinstance(serializer, type) else type(serializer)
        with pytest.raises(VersionRequired):
            cls(data={}).is_valid()
        with pytest.raises(VersionRequired):
            cls(data=dict.fromkeys(based_on)).is_valid()  # null is no version either
    documented = OPENAPI["paths"][path.removeprefix("/api/v1")]  # paths relative to the server
    assert "428" in documented[method.lower()]["responses"], "document the 428"
