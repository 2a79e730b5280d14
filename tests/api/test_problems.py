"""The exception handler: expected failures become problem+json, anything else is re-raised."""

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions

from zicht.core.problems import PROBLEM_CONTENT_TYPE, problem_exception_handler


def _handle(exc):
    return problem_exception_handler(exc, {"request": None})


def test_nested_validation_errors_are_named_by_path():
    response = _handle(
        exceptions.ValidationError(
            {"members": [{"role": ["Kies een rol."]}], "non_field_errors": ["Klopt niet."]}
        )
    )
    assert response.status_code == 400
    assert response.content_type == PROBLEM_CONTENT_TYPE
    assert response.data["invalid_params"] == [
        {"name": "members.0.role", "reason": "Kies een rol."}
    ]
    assert response.data["detail"] == "Klopt niet."


def test_service_validation_error_without_field_goes_to_detail():
    response = _handle(ValidationError("Dit kan nu niet."))
    assert response.status_code == 400
    assert response.data["detail"] == "Dit kan nu niet."
    assert response.data["invalid_params"] == []


def test_service_permission_denied_keeps_its_message():
    response = _handle(PermissionDenied("Uw rol mag dit niet."))
    assert response.status_code == 403
    assert response.data["detail"] == "Uw rol mag dit niet."


def test_unexpected_errors_are_not_dressed_up():
    assert _handle(ZeroDivisionError()) is None
    assert _handle(KeyError("x")) is None
