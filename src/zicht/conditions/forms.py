from typing import Any

from django import forms

from zicht.core.forms import LimitedForm
from zicht.people.models import HouseholdMember


class AcknowledgementForm(LimitedForm):
    """R-VV-1: the household acknowledges the concerns and wants to work on safety. There is on
    purpose no question whether domestic violence or child abuse is confirmed."""

    acknowledged_on = forms.DateField(
        label="Datum",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de datum in waarop het huishouden de zorgen erkende."},
    )
    members = forms.TypedMultipleChoiceField(
        label="Wie erkennen de zorgen?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies wie van het huishouden de zorgen erkennen."},
    )
    concerns_acknowledged = forms.BooleanField(
        label="Het huishouden erkent de zorgen", required=False
    )
    wants_to_work_on_safety = forms.BooleanField(
        label="Het huishouden wil werken aan veiligheid", required=False
    )
    note = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, members: list[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [  # type: ignore[attr-defined]
            (m.pk, m.person.full_name) for m in members
        ]


class SendPlanForm(LimitedForm):
    number = forms.IntegerField(label="Versie van het plan", widget=forms.HiddenInput, min_value=1)
