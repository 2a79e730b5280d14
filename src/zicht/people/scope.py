"""The cases a user may see decide which persons and households they may see (R-PRIV-3).

The case lives in `cases`, the layer above this app, so `cases` hands its scope to this module
when it starts (`CasesConfig.ready`), as the service apps register their panels on the case page.
This app then needs no import of `cases`, and the two do not import each other (see "Layers" in
docs/architecture.md).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

CaseScope = Callable[[Any], QuerySet[Any]]
_registered: list[CaseScope] = []


def register_case_scope(scope: CaseScope) -> None:
    _registered[:] = [scope]


def visible_cases(user: Any) -> QuerySet[Any]:
    """The cases the user may see: `Case.objects.visible_to(user)`."""
    if not _registered:
        raise ImproperlyConfigured("zicht.cases heeft zijn bereik niet aangemeld (INSTALLED_APPS).")
    return _registered[0](user)
