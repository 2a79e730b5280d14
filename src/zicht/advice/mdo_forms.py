"""The form of an MDO decision about a VT-initiated report (R-ADV-7). It only checks what was
typed; the rules (participants, all four conditions, the date) live in `mdo.mdo_record`."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, Role, actions_of
from zicht.advice.models import MDO_CRITERIA, Advice, MdoOutcome
from zicht.core.forms import LimitedForm

YES_NO = [("ja", "Ja"), ("nee", "Nee")]


def staff() -> QuerySet[User]:
    """Who can take part in an MDO: active staff who work with advices and reports."""
    roles = [role for role in Role.values if Action.REGISTER_CONTACT in actions_of(role)]
    return User.objects.filter(is_active=True, role__in=roles).order_by("full_name")


class ParticipantsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.get_role_display().lower()})"


def _area(label: str, required_message: str, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


class MdoForm(LimitedForm):
    held_on = forms.DateField(
        label="Datum van het MDO",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": "Vul de datum van het MDO in.",
            "invalid": "Vul een datum in, bijvoorbeeld 23-11-2026.",
        },
    )
    participants = ParticipantsField(
        label="Andere deelnemers",
        help_text="U neemt zelf deel. Kies minstens één gedragswetenschapper of vertrouwensarts.",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies de deelnemers uit de lijst."},
    )
    outcome = forms.ChoiceField(
        label="Besluit",
        choices=MdoOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies het besluit van het MDO."},
    )
    rationale = _area("Motivering van het besluit", "Motiveer het besluit.", rows=5)
    professional_name = forms.CharField(
        label="Naam van de professional",
        max_length=150,
        help_text="De adviesvrager; die krijgt een brief met het besluit.",
        error_messages={
            "required": "Vul de naam van de professional in: die krijgt een brief met het besluit."
        },
    )
    professional_address = forms.CharField(
        label="Adres voor de brief",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Organisatie en postadres van de professional, één regel per adresregel.",
    )

    def __init__(self, *args: Any, advice: Advice, recorder: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ParticipantsField, self.fields["participants"]).queryset = staff().exclude(
            pk=recorder.pk
        )
        for key, label in MDO_CRITERIA:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": f"Beantwoord met ja of nee: {label.lower()}."},
            )
            self.fields[f"{key}_grounds"] = _area(
                "Onderbouwing", f"Onderbouw het antwoord op: {label.lower()}."
            )
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())
            self.initial.setdefault("professional_name", advice.advice_seeker_name)
            self.initial.setdefault("professional_address", advice.advice_seeker_organisation)

    def criteria(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[key], self[f"{key}_grounds"]) for key, _ in MDO_CRITERIA]

    def answers(self) -> dict[str, bool | None]:
        data = getattr(self, "cleaned_data", {})
        return {key: {"ja": True, "nee": False}.get(data.get(key) or "") for key, _ in MDO_CRITERIA}

    def grounds(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(f"{key}_grounds") or "" for key, _ in MDO_CRITERIA}
