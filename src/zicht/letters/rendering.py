"""Rendering letter text that a functional administrator writes in the admin.

The administrator's template runs in its own template engine: no template directories, no
loaders and no `{% include %}` or `{% extends %}`, no tag libraries to `{% load %}`, autoescaping
on, and a context of plain values chosen by the caller. A template that does not compile is
refused when it is saved, so a worker never meets a broken letter.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError


class _LetterEngine(Engine):
    # Without django.template.loader_tags: {% include %}, {% extends %} and {% block %} are
    # refused when the template is saved instead of failing when a letter is made.
    default_builtins = ["django.template.defaulttags", "django.template.defaultfilters"]


_ENGINE = _LetterEngine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True)
# The administrator's preview: what a case fills in shows as «name».
_PREVIEW_ENGINE = _LetterEngine(
    dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True, string_if_invalid="«%s»"
)


def compile_template(text: str) -> Any:
    return _ENGINE.from_string(text)


def validate_template_syntax(text: str) -> None:
    """Field validator: the text must compile as a letter template."""
    try:
        compile_template(text)
    except TemplateSyntaxError as error:
        raise ValidationError(
            "De tekst bevat een fout in de sjabloonopmaak en is niet opgeslagen. Controleer de "
            "accolades, bijvoorbeeld {{ naam }} en {%% if %%} … {%% endif %%}; {%% include %%}, "
            "{%% extends %%} en {%% load %%} zijn niet toegestaan. (Technische melding: "
            "%(error)s)",
            code="template_syntax",
            params={"error": str(error).strip().rstrip(".")},
        ) from error


def render_text(text: str, context: dict[str, Any]) -> str:
    return str(compile_template(text).render(Context(context, autoescape=True)))


def render_preview(text: str) -> str:
    """The template with every variable shown by its name; a broken template as its text."""
    try:
        return str(_PREVIEW_ENGINE.from_string(text).render(Context({}, autoescape=True)))
    except TemplateSyntaxError:
        return text
