"""Every error at once (issue 16.5): a form or request body refused for some fields is still
checked against the service's rules with the fields it did accept, so the user sees every
mistake in one answer instead of one layer per round trip."""

from collections.abc import Mapping
from typing import Any

from rest_framework import exceptions, serializers
from rest_framework.fields import SkipField, empty


def accepted_values(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """The fields of a refused request body that are valid on their own (call after
    `is_valid()` returned False), by source name."""
    data = serializer.initial_data if isinstance(serializer.initial_data, Mapping) else {}
    values: dict[str, Any] = {}
    for name, field in serializer.fields.items():
        if field.read_only or name in serializer.errors:
            continue
        try:
            value = field.run_validation(field.get_value(data) if data else empty)
        except (exceptions.ValidationError, SkipField):
            continue
        values[field.source or name] = value
    return values


def refuse_all(
    serializer: serializers.Serializer[Any], problems: Mapping[str, Any]
) -> exceptions.ValidationError:
    """The body's own errors and the service's problems with the rest, in one refusal; a field
    the body already refused keeps only that error."""
    errors: dict[str, Any] = {
        key: [message] if isinstance(message, str) else message
        for key, message in problems.items()
        if key not in serializer.errors
    }
    return exceptions.ValidationError({**errors, **serializer.errors})
