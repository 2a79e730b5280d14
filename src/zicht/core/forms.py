"""What every form page shares."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from zicht.core.errors import Conflict
from zicht.core.limits import LimitedFormMixin

# What a form page catches from a service and shows on the form, with what was typed: invalid
# input (400) and a conflict with the current state (409). Any other refusal is answered by
# `core.middleware.RefusalMiddleware` with the refusal page.
FORM_REFUSALS = (ValidationError, Conflict)


def refusal_text(error: ValidationError | Conflict) -> str:
    """A form refusal in one line, for a page that shows it as a message."""
    return error.message if isinstance(error, Conflict) else " ".join(error.messages)


def add_service_errors(
    form: forms.Form,
    error: ValidationError | Conflict,
    aliases: Mapping[str, str] | None = None,
) -> int:
    """Puts a service's refusal on the form: each message at the field it names (a service name
    mapped through `aliases` where the form calls the field otherwise), and what the form does
    not show — or a refusal without a field, such as a missing letter template — as an error of
    the whole form, so nothing refused goes unexplained and nothing typed is lost. Returns the
    status the page answers with."""
    if isinstance(error, Conflict):
        name = (aliases or {}).get(error.field, error.field)
        form.add_error(name if name in form.fields else None, error.message)
        return error.status
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return 400
    for key, messages in error.message_dict.items():
        name = (aliases or {}).get(key, key)
        form.add_error(name if name in form.fields else None, messages)
    return 400


class LimitedForm(LimitedFormMixin, forms.Form):
    """The base of every form: the input limits of `core.limits` at each field."""


class HiddenWithoutId(forms.HiddenInput):
    """A hidden field rendered without an id: no label points at it, and a page with several
    forms (the case page: a step and an assignment, each with the case's version) would otherwise
    carry the same id twice (issue 20.8, WCAG 4.1.1)."""

    def get_context(self, name: str, value: object, attrs: dict[str, object] | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("id", None)
        return context


def unjudged(form: forms.BaseForm | forms.BaseFormSet[Any]) -> None:
    """Re-shows a bound form (or formset and its rows) without errors: the user is still writing
    (another row asked for) or is shown their text again against a newer version."""
    form.is_valid()  # binds the cleaned data the template may read
    if isinstance(form, forms.BaseFormSet):
        form._errors = [forms.utils.ErrorDict() for _ in form.forms]  # type: ignore[attr-defined]
        form._non_form_errors = form.error_class()  # type: ignore[attr-defined]
        for row in form.forms:
            unjudged(row)
        return
    form._errors = forms.utils.ErrorDict()  # type: ignore[attr-defined]
