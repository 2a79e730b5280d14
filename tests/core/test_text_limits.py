"""Every text field has a maximum length with a Dutch message naming the field (issue 16.10).

The tests walk what exists — every model, every form class, every API serializer — so a text
field added tomorrow is covered the day it is added."""

import copy
import importlib
import json
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import serializers

import zicht
from tests.api.factories import token_client
from tests.reports.test_views import _data
from zicht.core import limits
from zicht.core.limits import LimitedFormMixin
from zicht.reports.models import Report


def _zicht_modules():
    for info in pkgutil.walk_packages(zicht.__path__, "zicht."):
        if ".migrations" in info.name or ".management" in info.name or info.name.endswith("wsgi"):
            continue
        yield importlib.import_module(info.name)


def _subclasses(base):
    seen, stack = set(), [base]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return seen


def _ours(classes):
    list(_zicht_modules())  # import every module, so every class is defined
    return sorted(
        (cls for cls in classes if cls.__module__.startswith("zicht.")),
        key=lambda c: c.__qualname__,
    )


def test_every_model_text_field_has_a_maximum():
    """Issue 16.10: every CharField and TextField of every model has a max_length."""
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("zicht.")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and field.max_length is None
    ]
    assert not missing, f"text fields without max_length: {missing}"


def _form_text_fields(form_class):
    fields = copy.deepcopy(form_class.base_fields)
    if issubclass(form_class, LimitedFormMixin):
        limits.limit_fields(fields)
    return [(name, f) for name, f in fields.items() if isinstance(f, forms.CharField)]


def test_every_form_is_a_limited_form_or_limits_each_text_field():
    forms_found = _ours(_subclasses(forms.BaseForm))
    assert len(forms_found) > 20
    missing = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in forms_found
        for name, field in _form_text_fields(cls)
        if field.max_length is None
    ]
    assert not missing, f"form text fields without a maximum: {missing}"


def test_every_limited_form_refuses_too_long_text_naming_the_field():
    """Issue 16.10: a text one character too long is refused with a message naming the field."""
    checked = 0
    for cls in _ours(c for c in _subclasses(forms.BaseForm) if issubclass(c, LimitedFormMixin)):
        for name, field in _form_text_fields(cls):
            too_long = "a" * (field.max_length + 1)
            with pytest.raises(ValidationError) as refused:
                field.clean(too_long)
            label = str(field.label or name.replace("_", " ").capitalize())
            assert any(
                label in message and "te lang" in message for message in refused.value.messages
            ), (
                cls,
                name,
                refused.value.messages,
            )
            checked += 1
    assert checked > 50


OPENAPI = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())


def _request_refs(node):
    """The component schemas a request body refers to, directly or nested."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            yield name
            yield from _request_refs(OPENAPI["components"]["schemas"][name])
        for value in node.values():
            yield from _request_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _request_refs(value)


# What a client sends: the schemas request bodies use (not every name that ends in "Request":
# an investigation's NetworkRequest is an answer).
REQUEST_SCHEMAS = {
    name: OPENAPI["components"]["schemas"][name]
    for operations in OPENAPI["paths"].values()
    for operation in operations.values()
    if isinstance(operation, dict)
    for name in _request_refs(operation.get("requestBody", {}))
}


def _strings(schema):
    """(name, property) of the plain text properties of a request schema, list items included."""
    for name, prop in schema.get("properties", {}).items():
        item = prop.get("items", {}) if prop.get("type") == "array" else prop
        if item.get("type") == "string" and not ({"enum", "format", "$ref"} & item.keys()):
            yield name, item


# A slug that names a row (a municipality's CBS code) is looked up, not stored as text; no
# string in a body is longer than FREE_TEXT_MAX (`test_no_string_in_an_api_body_is_longer…`).
LOOKUPS = {"municipality"}


def test_every_text_property_of_an_api_request_has_a_maximum():
    """Issue 16.10: the committed OpenAPI document (kept current by scripts/check-openapi.sh)
    gives every text property of every request body a maxLength."""
    assert len(REQUEST_SCHEMAS) > 10
    missing = [
        f"{schema_name}.{name}"
        for schema_name, schema in REQUEST_SCHEMAS.items()
        for name, item in _strings(schema)
        if "maxLength" not in item and name not in LOOKUPS
    ]
    assert not missing, f"request text properties without maxLength: {missing}"


def test_every_input_serializer_refuses_text_one_character_too_long():
    """Issue 16.10: each serializer that reads a request body refuses a text one character over
    its maximum (DRF's Dutch message; the API names the field in invalid_params)."""
    checked = 0
    for cls in _ours(_subclasses(serializers.Serializer)):
        schema = REQUEST_SCHEMAS.get(cls.__name__.removesuffix("Serializer") + "Request")
        fields = cls().fields
        writable = {name for name, field in fields.items() if not field.read_only}
        if schema is None or writable != set(schema.get("properties", {})):
            continue  # not the serializer of that request body (a namesake in another app)
        for name, field in fields.items():
            if isinstance(field, serializers.ListField):
                field = field.child
            if field.read_only or type(field) is not serializers.CharField:
                continue
            assert field.max_length is not None, (cls, name)
            with pytest.raises(serializers.ValidationError) as refused:
                field.run_validation("a" * (field.max_length + 1))
            assert str(field.max_length) in str(refused.value.detail)
            checked += 1
    assert checked > 20


def test_no_string_in_an_api_body_is_longer_than_free_text():
    assert limits.value_error("a" * limits.FREE_TEXT_MAX) is None
    assert limits.value_error("a" * (limits.FREE_TEXT_MAX + 1)) == limits.TOO_LONG


@pytest.mark.django_db
def test_report_page_refuses_free_text_of_21600_characters_naming_the_field(
    case_worker, worker_client
):
    """Issue 16.10: 21,600 characters of free text were accepted by the intake page; now the
    field says it is too long, and what was typed stays."""
    from tests.factories import TeamFactory

    team = TeamFactory(name="Team Intake")
    team.members.add(case_worker)
    data = {**_data(team), "concerns": "z" * 21600}
    response = worker_client.post("/meldingen/nieuw", data)
    assert response.status_code == 400
    [message] = response.context["form"].errors["concerns"]
    assert "te lang" in message and "20000" in message and "21600" in message
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_api_refuses_a_400_character_surname_naming_the_field(case_worker):
    """Issue 16.10: a 400-character surname is refused, with the field named."""
    response = token_client(case_worker).post(
        "/api/v1/persons", json.dumps({"last_name": "A" * 400}), content_type="application/json"
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid_params"]] == ["last_name"]
