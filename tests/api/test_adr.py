"""The Dutch API Design Rules (issue 19.1), checked on the generated document and on live
answers, so that an operation that loses its version header or its documented 400 fails here.
The official Spectral ruleset (Logius) reports 0 errors on docs/openapi.json (command in
docs/decisions.md); this test holds the rules Zicht applies without needing Node.js."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.api.factories import token_client
from tests.factories import UserFactory
from zicht.core.adr import HEADER, api_version

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOCUMENT = json.loads((DOCS / "openapi.json").read_text())
# The register (its own deployable, issue 14) serves VT organisations by the same rules.
REGISTER = json.loads((DOCS / "register-openapi.json").read_text())


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, ops in document["paths"].items()
        for method, operation in ops.items()
        if method != "parameters"
    ]


OPERATIONS = operations(DOCUMENT)
BOTH = pytest.mark.parametrize("document", [DOCUMENT, REGISTER], ids=["zicht", "register"])
DATE_NAME = re.compile(r"((\w+D)|(_[dD]))((ate)|(atum))")


@BOTH
def test_every_success_answer_documents_the_version_header(document):
    """/core/version-header: every 2xx and 3xx answer of every operation names API-Version."""
    missing = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in operations(document)
        for status, response in operation["responses"].items()
        if status[0] in "23" and HEADER not in response.get("headers", {})
    ]
    assert len(operations(document)) >= 5 and not missing, missing


@BOTH
def test_every_operation_with_input_documents_its_400(document):
    """/core/error-handling/invalid-input: POST, PUT, PATCH, and GET/DELETE with parameters."""
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(document)
        if (method in {"post", "put", "patch"} or operation.get("parameters"))
        and "400" not in operation["responses"]
    ]
    assert not missing, missing


@BOTH
def test_every_error_answer_is_problem_json(document):
    """/core/error-handling/problem-details: every documented 4xx/5xx is problem+json."""
    wrong = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in operations(document)
        for status, response in operation["responses"].items()
        if status[0] in "45" and "application/problem+json" not in response.get("content", {})
    ]
    assert not wrong, wrong


@BOTH
def test_servers_contact_and_version(document):
    """/core/uri-version, /core/doc-openapi-contact, semantic version in info."""
    assert document["servers"]
    assert all(re.search(r"/v\d", server["url"]) for server in document["servers"])
    assert {"name", "url", "email"} <= document["info"]["contact"].keys()
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["info"]["version"])
    assert not [path for path in document["paths"] if path.endswith("/") and path != "/"]


def test_every_query_key_is_lower_camel_case():
    """/core/query-keys-camel-case (in Logius' ruleset): `status`, `page`, `groeiMeldingen`."""
    wrong = [
        f"{method.upper()} {path} ?{parameter['name']}"
        for path, method, operation in OPERATIONS
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
        and not re.fullmatch(r"\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*", parameter["name"])
    ]
    assert not wrong, wrong


def _properties(node):
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield name, value
        for value in node.values():
            yield from _properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value)


def test_every_date_field_has_a_format():
    """/core/date-time: a property named like a date says its format (never date-time-local)."""
    unformatted = sorted(
        {
            name
            for name, schema in _properties(DOCUMENT["components"])
            if (name in {"date", "datum"} or DATE_NAME.search(name))
            and "format" not in schema
            and not any("format" in part for part in schema.get("allOf", []))
        }
    )
    assert not unformatted, unformatted


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/v1/cases", 200), ("/api/v1/cases/2026-999999", 404), ("/api/v1/x", 404)],
)
def test_every_api_answer_carries_the_version(path, status):
    """/core/version-header on the wire: success and refusal alike carry the full version."""
    response = token_client(UserFactory()).get(path)
    assert response.status_code == status
    assert response[HEADER] == api_version() == DOCUMENT["info"]["version"]


@pytest.mark.django_db
def test_the_document_itself_and_an_unauthenticated_refusal_carry_it():
    assert Client().get("/api/v1/openapi.json")[HEADER] == api_version()
    assert Client().get("/api/v1/cases")[HEADER] == api_version()
    assert HEADER not in Client().get("/inloggen")  # the web pages are not the API


def _links(header):
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


def test_every_paged_list_documents_its_link_header():
    """Pagination (docs/decisions.md): every answer with a paged list documents `Link`."""
    paged = [
        (f"{method.upper()} {path}", response)
        for path, method, operation in OPERATIONS
        for status, response in operation["responses"].items()
        if "Paginated" in json.dumps(response.get("content", {}))
    ]
    assert len(paged) >= 5
    assert not [name for name, response in paged if "Link" not in response["headers"]]


@pytest.mark.django_db
def test_a_paged_list_answers_with_link_headers_first_prev_next_last(monkeypatch):
    """Pagination as the API Design Rules describe it: the links to the other pages in a `Link`
    header (RFC 8288) beside the body's `next` and `previous`, the same URLs, the filter kept."""
    from tests.api.factories import case, team_of
    from zicht.core.api import Pagination

    monkeypatch.setattr(Pagination, "page_size", 2)
    user = UserFactory()
    team = team_of(user)
    for number in range(5):
        case(user, team=team, last_names=(f"Jansen{number}",))
    client = token_client(user)

    first = client.get("/api/v1/cases")
    links = _links(first["Link"])
    assert set(links) == {"first", "next", "last"}
    assert links["next"] == first.json()["next"] == "http://testserver/api/v1/cases?page=2"
    assert links["last"] == "http://testserver/api/v1/cases?page=3"

    middle = client.get("/api/v1/cases?page=2")
    links = _links(middle["Link"])
    assert links["prev"] == middle.json()["previous"] == "http://testserver/api/v1/cases"
    assert links["first"] == "http://testserver/api/v1/cases"
    assert links["next"] == "http://testserver/api/v1/cases?page=3"

    last = client.get(links["last"].removeprefix("http://testserver"))
    assert set(_links(last["Link"])) == {"first", "prev", "last"}
    assert len(last.json()["results"]) == 1


@pytest.mark.django_db
def test_a_list_of_one_page_links_first_and_last_to_itself():
    response = token_client(UserFactory()).get("/api/v1/cases?phase=closed")
    assert _links(response["Link"]) == {
        "first": "http://testserver/api/v1/cases?phase=closed",
        "last": "http://testserver/api/v1/cases?phase=closed",
    }
