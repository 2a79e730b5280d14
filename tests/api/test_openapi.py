"""The committed OpenAPI document (docs/openapi.json) is what the code generates now."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"


@pytest.mark.django_db
def test_committed_openapi_is_current(tmp_path):
    fresh = tmp_path / "openapi.json"
    call_command(
        "spectacular",
        "--format=openapi-json",
        f"--file={fresh}",
        "--validate",
        "--fail-on-warn",
    )
    assert json.loads(fresh.read_text()) == json.loads(COMMITTED.read_text()), (
        "OpenAPI is verouderd: draai make openapi"
    )


def test_no_bsn_in_any_url_or_query_parameter():
    """A BSN travels only in request bodies (never in a path, query string or log line)."""
    schema = json.loads(COMMITTED.read_text())
    for path, operations in schema["paths"].items():
        assert "bsn" not in path.lower()
        for operation in operations.values():
            names = [p["name"].lower() for p in operation.get("parameters", [])]
            assert not [name for name in names if "bsn" in name], path


def test_every_error_answer_is_problem_json():
    schema = json.loads(COMMITTED.read_text())
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]
