"""Issue 20.3 on the pages: every form that carries a version requires it.

Walks every form class of every app's forms modules, so a form added tomorrow is checked too: a
version (`version`, `*_version`) that may be left out would let a save overwrite a colleague's
change without a word. A missing one is a 400 at the form, what was typed kept.
"""

import importlib
import pkgutil

import pytest
from django import forms

import zicht

# Starts a new assessment when empty; a colleague's started meanwhile is a 409 naming them and an
# update of one's own without it a 428 (tests/assessment/test_two_workers.py). The investigation's
# grounds likewise: the first are recorded without one, a change without it is a 428
# (tests/investigation).
CREATE_OR_UPDATE = {
    "zicht.assessment.forms.AssessmentForm",
    "zicht.investigation.forms.GroundsForm",
}


def _form_classes():
    for app in pkgutil.iter_modules(zicht.__path__):
        for name in ("forms", "mdo_forms", "public_forms"):
            try:
                importlib.import_module(f"zicht.{app.name}.{name}")
            except ModuleNotFoundError:
                continue
    seen, todo = set(), [forms.Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen and sub.__module__.startswith("zicht."):
                seen.add(sub)
                yield sub
            todo.append(sub)


def _versioned():
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if name == "version" or name.endswith("_version"):
                label = f"{cls.__module__}.{cls.__qualname__}"
                yield pytest.param(label, name, field, id=f"{label}.{name}")


VERSIONED = list(_versioned())


def test_the_walk_finds_the_versioned_forms():
    labels = {param.values[0] for param in VERSIONED}
    assert "zicht.people.forms.PersonUpdateForm" in labels
    assert "zicht.cases.forms.TransitionForm" in labels and len(labels) >= 10


@pytest.mark.parametrize(("label", "name", "field"), VERSIONED)
def test_every_versioned_page_form_requires_its_version(label, name, field):
    """Issue 20.3: no save from a page without the version it was based on."""
    assert field.required or label in CREATE_OR_UPDATE, f"{label}.{name} may be left out"
