"""No English on a page (issue 16.7): every form field Zicht declares has a Dutch label. A field
declared without one gets Django's label from its (English) name — "Version" on an error."""

import importlib
import pkgutil

from django import forms

import zicht


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_declared_form_field_has_a_dutch_label():
    for module in pkgutil.walk_packages(zicht.__path__, "zicht."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    unlabelled = sorted(
        f"{form.__module__}.{form.__name__}.{name}"
        for form in set(_all_subclasses(forms.BaseForm))
        if form.__module__.startswith("zicht.")
        for name, field in form.base_fields.items()
        if field.label is None
    )
    assert unlabelled == []
