"""Sections that other capabilities add to the case page, between the deadlines and the next step.

A capability (assessment, handover, …) registers its panel in its AppConfig.ready(); the case page
renders every panel whose `visible(case)` holds, in registration order. The case page itself stays
ignorant of those apps, and each app keeps its own template and queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from zicht.cases.models import Case


@dataclass(frozen=True)
class CasePanel:
    code: str
    template: str  # rendered with the page's context plus `panel` (what `context` returns)
    context: Callable[[HttpRequest, Case], dict[str, Any]]
    visible: Callable[[Case], bool] = field(default=lambda case: True)


CASE_PANELS: dict[str, CasePanel] = {}


def register(panel: CasePanel) -> None:
    CASE_PANELS[panel.code] = panel


def panels_for(request: HttpRequest, case: Case) -> list[dict[str, Any]]:
    return [
        {"template": panel.template, "context": panel.context(request, case)}
        for panel in CASE_PANELS.values()
        if panel.visible(case)
    ]
