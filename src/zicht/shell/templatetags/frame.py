"""What the frame of every page (base.html) derives from the page's own context."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.forms import BaseForm, BaseFormSet
from django.template.context import Context

register = template.Library()

# Context names under which a page hands over errors that are not a form's own (a list of
# messages, a stale save): the same names the error summaries render.
ERROR_NAMES = ("errors", "add_errors", "stale_message")


def _has_errors(value: Any) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and (value.total_error_count() > 0)
    return False


def page_has_errors(values: Iterable[tuple[Any, Any]]) -> bool:
    """A page re-shown with errors: any bound form or formset with errors, or an error list."""
    return any(
        _has_errors(value) or (name in ERROR_NAMES and bool(value)) for name, value in values
    )


@register.simple_tag(takes_context=True)
def title_prefix(context: Context) -> str:
    """ "Fout: " before the title of a page re-shown with errors (WCAG 2.4.2, issue 20.4): the
    first thing a screen reader announces says that the submit failed."""
    return "Fout: " if page_has_errors(context.flatten().items()) else ""
