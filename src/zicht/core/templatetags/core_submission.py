"""`{% submission_key %}`: the hidden one-time key of a form that creates something (20.1)."""

from django import template
from django.utils.html import format_html

from zicht.core import submission

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_key(context: template.Context) -> str:
    """The posted key while the form comes back (errors), otherwise a fresh one."""
    request = context.get("request")
    posted = submission.key_of(request) if request is not None and request.method == "POST" else ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        submission.FIELD,
        posted or submission.new_key(),
    )
