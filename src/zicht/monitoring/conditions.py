"""The safety conditions a check looks at (R-MON-3): the rows of the case's current safety plan
(`zicht.involvement`), set during conditions & follow-up or the investigation."""

from zicht.cases.models import Case
from zicht.involvement.models import SafetyCondition
from zicht.involvement.selectors import safety_plan_current


def current(case: Case) -> list[SafetyCondition]:
    version = safety_plan_current(case=case)
    return list(version.conditions.all()) if version is not None else []


def text(condition: SafetyCondition) -> str:
    return condition.text
