"""A safety plan version as a letter reads it: plain rows with names and dates, and the version
number, so a letter records which version it sent (R-VV-2, R-OND-4)."""

from collections.abc import Mapping
from typing import Any

from zicht.involvement.models import Priority, SafetyPlanVersion


def plan_letter_context(version: SafetyPlanVersion, names: Mapping[int, str]) -> dict[str, Any]:
    """The context a letter template gets of a plan version (`names`: member id → name)."""

    def who(member_id: int) -> str:
        return names.get(member_id, "")

    return {
        "plan_version": version.number,
        "conditions": [
            {
                "text": c.text,
                "whom": ", ".join(who(m.pk) for m in c.members.all()),
                "check_how": c.check_how,
            }
            for c in version.conditions.all()
        ],
        "actions": [
            {"who": who(a.member_id), "what": a.what, "due": f"{a.due:%d-%m-%Y}"}
            for a in version.actions.all()
        ],
        "care_needs": [
            {"who": who(c.member_id), "need": c.need, "priority": Priority(c.priority).label}
            for c in version.care_needs.all()
        ],
        "damages": [
            {"who": who(d.member_id), "damage": d.damage, "recovery": d.recovery}
            for d in version.damages.all()
        ],
        "network": [
            {"name": n.name, "relation": n.relation, "contribution": n.contribution}
            for n in version.network.all()
        ],
    }
