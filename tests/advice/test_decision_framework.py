"""The decision framework of the meldcode (DOMAIN §4.8) as a table of answers and outcomes."""

import pytest

from zicht.advice.decision_framework import (
    QUESTIONS,
    REASON_ALSO_WHEN_HELPING,
    REASON_OTHER_MEMBERS,
    STEPS,
    Answers,
    Consideration,
    decide,
)

YES, NO, UNKNOWN = Consideration.YES, Consideration.NO, Consideration.UNKNOWN
HELP = {"can_help": YES, "cooperation": YES, "lasting_safety": YES}


def test_five_steps_and_unique_question_keys():
    assert [step.number for step in STEPS] == [1, 2, 3, 4, 5]
    keys = [question.key for question in QUESTIONS]
    assert len(keys) == len(set(keys))


def test_no_suspicion_closes_without_report():
    """Question 1 "no": close and record in the file; no report, decision 2 does not apply."""
    outcome = decide(Answers(suspicion=False, acute=True))
    assert outcome.suspicion is False
    assert outcome.report_necessary is False
    assert outcome.help_possible is None
    assert "vastleggen" in outcome.title
    assert "dossier" in outcome.advice


@pytest.mark.parametrize(
    ("answers", "report", "help_possible"),
    [
        pytest.param({"acute": True, **HELP}, True, True, id="acuut-met-hulp"),
        pytest.param({"structural": True, **HELP}, True, True, id="structureel-met-hulp"),
        pytest.param({"no_help_wanted": True}, True, None, id="geen-hulp-gewild"),
        pytest.param({"new_signals": True, **HELP}, True, True, id="nieuwe-signalen"),
        pytest.param({"acute": True, "can_help": NO}, True, False, id="acuut-zonder-hulp"),
        pytest.param({**HELP, "cooperation": NO}, True, False, id="geen-medewerking"),
        pytest.param({**HELP, "lasting_safety": NO}, True, False, id="niet-duurzaam-veilig"),
        pytest.param(HELP, False, True, id="geen-onveiligheid-hulp-mogelijk"),
        pytest.param({**HELP, "can_help": NO}, False, False, id="geen-onveiligheid-geen-hulp"),
        pytest.param({}, False, None, id="geen-onveiligheid-afwegingen-open"),
        pytest.param({**HELP, "lasting_safety": UNKNOWN}, False, None, id="afweging-c-open"),
    ],
)
def test_decisions(answers, report, help_possible):
    """R-MC-1: reporting is necessary with acute unsafety, structural unsafety, unsafety where
    the persons do not want help (or it persists) and new signals; otherwise it is not.
    R-MC-2: decision 2 gets an answer in every case with a suspicion."""
    outcome = decide(Answers(suspicion=True, **answers))
    assert outcome.report_necessary is report
    assert outcome.help_possible is help_possible
    assert outcome.reasons
    assert outcome.title == ("Melden is noodzakelijk" if report else "Melden is niet noodzakelijk")
    assert "0800-2000" in outcome.advice


@pytest.mark.parametrize(
    "ground",
    ["acute", "structural", "no_help_wanted", "new_signals"],
)
def test_reporting_is_necessary_also_when_helping(ground):
    """R-MC-1: also when the professional can help themselves, reporting is necessary — and the
    reasons say so."""
    outcome = decide(Answers(suspicion=True, **{ground: True}, **HELP))
    assert outcome.report_necessary is True
    assert outcome.help_possible is True
    assert REASON_ALSO_WHEN_HELPING in outcome.reasons
    assert "Melden is noodzakelijk, ook als u zelf hulp biedt" in " ".join(outcome.reasons)


def test_no_also_when_helping_reason_without_a_report():
    outcome = decide(Answers(suspicion=True, **HELP))
    assert REASON_ALSO_WHEN_HELPING not in outcome.reasons


@pytest.mark.parametrize("report_necessary", [True, False])
def test_decision_two_is_always_considered(report_necessary):
    """R-MC-2: decision 2 (help possible?) is considered also when reporting is not necessary:
    the reasons always speak about helping, with or without a report."""
    outcome = decide(Answers(suspicion=True, acute=report_necessary, **HELP))
    assert outcome.report_necessary is report_necessary
    assert outcome.help_possible is True
    assert any("Hulp bieden of organiseren is (ook) mogelijk" in r for r in outcome.reasons)


def test_decision_two_unanswered_says_so():
    """R-MC-2: without answers to considerations a-c the outcome asks to weigh them."""
    outcome = decide(Answers(suspicion=True))
    assert any("afwegingen a, b en c" in reason for reason in outcome.reasons)


@pytest.mark.parametrize(("other_members", "mentioned"), [(True, True), (False, False)])
def test_signals_about_other_household_members_count(other_members, mentioned):
    """R-MC-3: signals about other household members than the own client count too; the
    outcome says so when the professional has such signals."""
    outcome = decide(Answers(suspicion=True, structural=True, other_members=other_members))
    assert outcome.report_necessary is True
    assert (REASON_OTHER_MEMBERS in outcome.reasons) is mentioned
