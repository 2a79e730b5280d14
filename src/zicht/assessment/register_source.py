"""R-TRI-2 (b): the assessment's "other VT organisations" source is filled by the national
register, not typed in by hand. What the register answered (a match, a lookup) is added to the
draft's findings, once per line; what the worker typed stays, and the worker records there what
was then asked of the other VT and what it answered."""

from typing import Any

from django.db import transaction

from zicht.assessment.models import Assessment, Status
from zicht.cases.models import Case
from zicht.radar.selectors import register_source


def fill_from_register(assessment: Assessment) -> bool:
    """Fills the source from the register's answers; True when anything changed."""
    source = register_source(case=assessment.case)
    if source is None:
        return False
    changed = False
    if assessment.other_vt_asked_on is None:
        assessment.other_vt_asked_on, changed = source.asked_on, True
    if not assessment.other_vt_question.strip():
        assessment.other_vt_question, changed = source.question, True
    for line in source.findings.splitlines():
        if line not in assessment.other_vt_findings:
            existing = assessment.other_vt_findings.rstrip()
            assessment.other_vt_findings = f"{existing}\n{line}" if existing else line
            changed = True
    return changed


def _register_answered(sender: Any, case: Case, **kwargs: Any) -> None:
    """A match or a lookup answer arrived: the open draft takes it in, with a new version, so a
    form opened before it cannot overwrite it silently."""
    with transaction.atomic():
        draft = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(case=case, status=Status.DRAFT)
            .first()
        )
        if draft is not None and fill_from_register(draft):
            draft.version += 1
            draft.save(
                update_fields=[
                    "other_vt_asked_on",
                    "other_vt_question",
                    "other_vt_findings",
                    "version",
                ]
            )


def connect() -> None:
    from zicht.radar.signals import register_answered

    register_answered.connect(_register_answered, dispatch_uid="assessment-register-source")
