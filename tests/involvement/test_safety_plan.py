"""The safety conditions and the safety plan, versioned (R-VV-2, R-OND-4)."""

import dataclasses
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory
from tests.involvement.conftest import in_phase, members, plan
from zicht.cases.models import TimelineEvent
from zicht.cases.workflow import Phase
from zicht.core.errors import Conflict
from zicht.involvement import selectors, services
from zicht.involvement.content import ActionRow, ConditionRow, content_of
from zicht.involvement.models import (
    PlanAction,
    SafetyCondition,
    SafetyPlan,
    SafetyPlanVersion,
    Service,
)
from zicht.involvement.services import PlanStale


def save(user, case, content, based_on=0, note=""):
    return services.safety_plan_save(
        user=user, case=case, based_on=based_on, content=content, note=note
    )


def test_the_first_version_holds_every_kind_of_row(case, case_worker):
    """R-VV-2: safety conditions (for whom, how checked), actions per member, care with
    priority, damage and recovery, network persons: all rows of one version."""
    version = save(case_worker, case, plan(case))
    assert version.number == 1 and version.service == Service.CONDITIONS
    current = selectors.safety_plan_current(case=case)
    assert current == version
    condition = current.conditions.get()
    assert [m.person.first_names for m in condition.members.all()] == ["Anna"]
    assert condition.check_how == "Wekelijks huisbezoek door het wijkteam."
    assert current.actions.get().due == date(2027, 1, 15)
    assert current.care_needs.get().get_priority_display() == "Hoog"
    assert current.damages.get().recovery == "Traumabehandeling bij de GGZ"
    assert current.network.get().name == "Oma Jansen"
    assert TimelineEvent.objects.filter(case=case, kind="safety_plan_version").exists()


def test_a_plan_without_safety_conditions_is_refused(case, case_worker):
    """R-VV-2: conditions & follow-up always sets safety conditions."""
    with pytest.raises(ValidationError) as refused:
        save(case_worker, case, plan(case, conditions=[]))
    assert "conditions" in refused.value.message_dict
    assert not SafetyPlan.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"member_id": None}, "actions[0].member"),
        ({"due": None}, "actions[0].due"),
        ({"what": " "}, "actions[0].what"),
    ],
)
def test_a_plan_action_without_a_person_or_a_due_date_is_refused(case, case_worker, change, field):
    """R-VV-2: an action says who does what by when; nothing of the plan is saved."""
    action = dataclasses.replace(plan(case).actions[0], **change)
    with pytest.raises(ValidationError) as refused:
        save(case_worker, case, plan(case, actions=[action]))
    assert field in refused.value.message_dict
    assert not SafetyPlan.objects.exists()
    assert not PlanAction.objects.exists() and not SafetyCondition.objects.exists()


def test_a_condition_needs_whom_and_how_checked(case, case_worker):
    """R-VV-2: a condition is one clear sentence, for whom it holds and how it is checked."""
    row = ConditionRow(text="", member_ids=[], check_how="")
    with pytest.raises(ValidationError) as refused:
        save(case_worker, case, plan(case, conditions=[row]))
    assert {"conditions[0].text", "conditions[0].members", "conditions[0].check_how"} <= set(
        refused.value.message_dict
    )


def test_rows_of_other_households_and_bad_priorities_are_refused(case, case_worker):
    stranger = members(in_phase(case_worker, Phase.CONDITIONS))["Anna"].pk
    content = plan(case)
    content = dataclasses.replace(
        content,
        care_needs=[dataclasses.replace(content.care_needs[0], priority=7)],
        damages=[dataclasses.replace(content.damages[0], member_id=stranger)],
        network=[dataclasses.replace(content.network[0], relation="")],
    )
    with pytest.raises(ValidationError) as refused:
        save(case_worker, case, content)
    assert {"care_needs[0].priority", "damages[0].member", "network[0].relation"} <= set(
        refused.value.message_dict
    )


def test_an_edit_is_a_new_version_and_the_earlier_one_stays(case, case_worker):
    """R-VV-2 versioned: a changed plan keeps the earlier version visible, who changed what."""
    first = save(case_worker, case, plan(case))
    colleague = UserFactory(full_name="Bea Bakker")
    start = content_of(selectors.safety_plan_current(case=case))
    anna = members(case)["Anna"].pk
    changed = dataclasses.replace(
        start,
        conditions=[
            dataclasses.replace(start.conditions[0], check_how="Twee keer per week huisbezoek."),
            ConditionRow(
                text="Vader woont tijdelijk bij zijn broer.",
                member_ids=[anna],
                check_how="Navraag bij de broer.",
            ),
        ],
        network=[],
    )
    second = save(colleague, case, changed, based_on=1, note="Strakkere controle na incident.")
    assert second.number == 2 and second.created_by == colleague
    versions = selectors.safety_plan_versions(case=case)
    assert [v.number for v in versions] == [2, 1]
    # The first version is as it was.
    old = selectors.safety_plan_version(case=case, number=1)
    assert old.conditions.get().check_how == "Wekelijks huisbezoek door het wijkteam."
    assert old.network.count() == 1 and old.pk == first.pk
    # The kept condition keeps its key, so the diff says "changed", not "removed + added".
    assert second.conditions.first().key == old.conditions.get().key
    diff = selectors.safety_plan_diff(case=case, version=second)
    kinds = sorted((c.section, c.kind) for c in diff.changes)
    assert kinds == [("conditions", "added"), ("conditions", "changed"), ("network", "removed")]
    changed_row = next(c for c in diff.changes if c.kind == "changed")
    assert "Wekelijks" in changed_row.before and "Twee keer per week" in changed_row.after
    assert "Anna de Vries" in changed_row.after


def test_a_stale_edit_is_refused_and_saves_nothing(case, case_worker):
    """R-VV-2 / two workers at once: an edit based on an older version than the current one is
    refused (409, naming who made the newer version); nothing is saved."""
    save(case_worker, case, plan(case))
    start = content_of(selectors.safety_plan_current(case=case))
    colleague = UserFactory(full_name="Bea Bakker")
    mine = dataclasses.replace(start, network=[])
    theirs = dataclasses.replace(start, damages=[])
    save(colleague, case, theirs, based_on=1, note="Schade besproken: geen behandeling nodig.")
    with pytest.raises(PlanStale) as refused:
        save(case_worker, case, mine, based_on=1, note="Oma doet niet meer mee.")
    assert refused.value.status == 409
    assert "Bea Bakker" in refused.value.message
    assert refused.value.problem_extra() == {"current_version": 2}
    assert SafetyPlanVersion.objects.count() == 2
    assert SafetyPlan.objects.get().current_number == 2
    current = selectors.safety_plan_current(case=case)
    assert current.network.count() == 1 and current.damages.count() == 0


def test_an_edit_needs_a_note_and_a_change(case, case_worker):
    save(case_worker, case, plan(case))
    same = content_of(selectors.safety_plan_current(case=case))
    with pytest.raises(ValidationError) as refused:
        save(case_worker, case, same, based_on=1)
    assert "note" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        save(case_worker, case, same, based_on=1, note="Niets")
    assert "__all__" in refused.value.message_dict
    assert SafetyPlanVersion.objects.count() == 1


def test_a_version_and_its_rows_cannot_be_changed(case, case_worker):
    version = save(case_worker, case, plan(case))
    version.note = "achteraf"
    with pytest.raises(TypeError):
        version.save()
    action = version.actions.get()
    action.due = date(2030, 1, 1)
    with pytest.raises(TypeError):
        action.save()


def test_the_same_plan_serves_the_investigation(case_worker):
    """R-OND-4: a confirmed investigation sets safety conditions as R-VV-2, with the same plan;
    a continuation in conditions & follow-up adds a version to that plan."""
    case = in_phase(case_worker, Phase.INVESTIGATION)
    first = save(case_worker, case, plan(case))
    assert first.service == Service.INVESTIGATION
    from zicht.cases.services import case_transition

    case = case_transition(
        user=case_worker, case=case, target=Phase.CONDITIONS, expected_version=None
    )
    start = content_of(first)
    extra = ActionRow(
        member_id=members(case)["Daan"].pk, what="Kennismaken met de mentor", due=date(2027, 2, 1)
    )
    second = save(
        case_worker,
        case,
        dataclasses.replace(start, actions=[*start.actions, extra]),
        based_on=1,
        note="Vervolg na het onderzoek.",
    )
    assert second.service == Service.CONDITIONS
    assert SafetyPlan.objects.count() == 1


def test_no_plan_outside_an_involvement(case_worker):
    case = in_phase(case_worker, Phase.ASSESSMENT)
    with pytest.raises(Conflict):
        save(case_worker, case, plan(case))
    assert not SafetyPlan.objects.exists()


def test_an_unknown_version_number_is_not_found(case, case_worker):
    from zicht.core.errors import NotFound

    save(case_worker, case, plan(case))
    with pytest.raises(NotFound):
        selectors.safety_plan_version(case=case, number=9)
    assert selectors.safety_plan_number(case=case) == 1
