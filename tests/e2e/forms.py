"""Filling in Zicht's larger forms in the browser, as a worker does: shared by the browser tests."""

import re

from tests.assessment.conftest import COMPLETE

ASSESSMENT_TEXTS = (
    "own_history_summary",
    "other_vt_question",
    "other_vt_findings",
    "rvdk_request",
    "rvdk_answer",
    "screening_a_grounds",
    "screening_b_grounds",
    "screening_c_grounds",
    "rationale",
)


def fill_person_row(page, number, **values):
    """One person row of the report form; keys are the Dutch labels, "Rol" a choice."""
    row = page.get_by_role("group", name=f"Persoon {number}", exact=True)
    for label, value in values.items():
        if label == "Rol":
            row.get_by_label("Rol").select_option(label=value)
        else:
            row.get_by_label(label).fill(value)


def fill_assessment(page, outcome_number: int) -> None:
    """A complete safety assessment: the three sources, screenings A–C "no" with grounds, and
    the outcome with that number (1–5, R-TRI-5)."""
    for name in ASSESSMENT_TEXTS:
        page.locator(f"#id_{name}").fill(COMPLETE[name])
    page.locator("#id_other_vt_asked_on").fill("2026-11-20")
    for screening in ("a", "b", "c"):
        page.get_by_role("group", name=f"Screening {screening.upper()}").get_by_label("Nee").check()
    page.get_by_label(re.compile(rf"^{outcome_number}\. ")).check()
