"""What every form page shares."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Puts a service's refusal on the form: each message at the field it names (a service name
    mapped through `aliases` where the form calls the field otherwise), and what the form does
    not show — or a refusal without a field, such as a missing letter template — as an error of
    the whole form, so nothing refused goes unexplained and nothing typed is lost."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages in error.message_dict.items():
        name = (aliases or {}).get(key, key)
        form.add_error(name if name in form.fields else None, messages)
