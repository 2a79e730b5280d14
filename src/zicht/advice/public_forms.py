"""The questions of the decision framework as a GET form: nothing is stored, nothing is logged."""

from typing import Any

from django import forms

from zicht.advice.decision_framework import (
    ACUTE,
    CAN_HELP,
    COOPERATION,
    LASTING_SAFETY,
    NEW_SIGNALS,
    NO_HELP_WANTED,
    OTHER_MEMBERS,
    QUESTIONS,
    STRUCTURAL,
    SUSPICION,
    Answers,
    Consideration,
    Question,
)
from zicht.core.forms import LimitedForm

YES_NO = [("ja", "Ja"), ("nee", "Nee")]
CONSIDERATION_CHOICES = [
    (Consideration.YES.value, "Ja"),
    (Consideration.NO.value, "Nee"),
    (Consideration.UNKNOWN.value, "Weet ik (nog) niet"),
]


class DecisionAidForm(LimitedForm):
    """One radio group per question. Question 1 is always needed; the others when it is "ja"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=f"{question.label}: {question.text}",
                help_text=question.hint,
                choices=CONSIDERATION_CHOICES if question.considerations else YES_NO,
                widget=forms.RadioSelect,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        suspicion = cleaned.get(SUSPICION.key)
        needed = QUESTIONS if suspicion == "ja" else (SUSPICION,)
        for question in needed:
            if not cleaned.get(question.key) and question.key not in self.errors:
                self.add_error(question.key, _missing(question))
        return cleaned

    def answers(self) -> Answers:
        """The cleaned answers for `decide`; only after is_valid()."""
        data = self.cleaned_data

        def yes(question: Question) -> bool:
            return data.get(question.key) == "ja"

        def consideration(question: Question) -> Consideration:
            return Consideration(data.get(question.key) or Consideration.UNKNOWN)

        return Answers(
            suspicion=yes(SUSPICION),
            acute=yes(ACUTE),
            structural=yes(STRUCTURAL),
            no_help_wanted=yes(NO_HELP_WANTED),
            new_signals=yes(NEW_SIGNALS),
            other_members=yes(OTHER_MEMBERS),
            can_help=consideration(CAN_HELP),
            cooperation=consideration(COOPERATION),
            lasting_safety=consideration(LASTING_SAFETY),
        )


def _missing(question: Question) -> str:
    return f"Beantwoord {question.label.lower()}: {question.text}"
