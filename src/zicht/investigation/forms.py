"""The investigation's forms. Validation of the rules lives in the services; a form only shapes
the input (and keeps it when a page is shown again with the refusal)."""

from typing import Any

from django import forms

from zicht.core.forms import HiddenWithoutId, LimitedForm
from zicht.handover.forms import VersionedForm
from zicht.investigation.ages import must_be_spoken
from zicht.investigation.models import Conclusion, Ground, NetworkKind, NoticeKind
from zicht.investigation.services import GroundEntry
from zicht.people.models import HouseholdMember
from zicht.reports.disclosure import DisclosureGuardMixin

NOT_MET = "none"


def _area(label: str, *, required: bool = False, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def _date(label: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class GroundsForm(LimitedForm):
    """R-OND-1: one or more grounds, each with its explanation."""

    version = forms.IntegerField(label="Versie", required=False, widget=HiddenWithoutId)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Ground.choices:
            self.fields[f"ground_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"explanation_{value}"] = _area(
                f"Toelichting: {label}", help_text="Verplicht als deze reden geldt."
            )

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"ground_{v}"], self[f"explanation_{v}"]) for v in Ground.values]

    def entries(self) -> list[GroundEntry]:
        data = self.cleaned_data
        return [
            GroundEntry(ground=v, explanation=data.get(f"explanation_{v}", ""))
            for v in Ground.values
            if data.get(f"ground_{v}")
        ]


class ConversationForm(LimitedForm):
    """A conversation of the investigation: per household member spoken, seen or not there, and
    the reason when a member who must be spoken is not (R-OND-3)."""

    held_on = _date("Datum van het gesprek", required=True)
    summary = _area("Samenvatting", required=True, rows=5)

    def __init__(self, *args: Any, members: list[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"how_{member.pk}"] = forms.ChoiceField(
                label=f"{member.person.full_name} ({member.roles_display.lower()}, geboren "
                f"{member.person.birth_date_display})",
                choices=[
                    ("spoken", "Persoonlijk gesproken"),
                    ("seen", "Gezien, niet gesproken"),
                    (NOT_MET, "Niet bij dit gesprek"),
                ],
                initial=NOT_MET,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{member.pk}"] = _area(
                f"Reden waarom {member.person.full_name} niet persoonlijk is gesproken",
                rows=2,
                help_text="Verplicht voor iedereen die alleen gezien is, behalve een kind dat "
                "op de dag van het gesprek zeker jonger is dan 6 jaar.",
            )

    def rows(self) -> list[tuple[HouseholdMember, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"how_{m.pk}"], self[f"reason_{m.pk}"]) for m in self.members]

    def possibly_six(self, member: HouseholdMember) -> bool:
        day = self.cleaned_data.get("held_on") if hasattr(self, "cleaned_data") else None
        return must_be_spoken(member.person, day) if day else True


class NetworkForm(LimitedForm):
    kind = forms.ChoiceField(
        label="Soort netwerk",
        choices=NetworkKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies professioneel of informeel netwerk."},
    )
    source = forms.CharField(
        label="Van wie (naam, functie of relatie)",
        max_length=200,
        error_messages={"required": "Vul in aan wie de informatie is gevraagd."},
    )
    asked_on = _date("Gevraagd op", required=True)
    question = _area("Welke informatie is gevraagd", required=True)
    answer = _area("Antwoord (als het er al is)")
    answered_on = _date("Antwoord ontvangen op")


class AnswerForm(LimitedForm):
    answer = _area("Antwoord", required=True)
    answered_on = _date("Antwoord ontvangen op", required=True)


class NoticeForm(LimitedForm):
    """R-OND-5: an RvdK request (always with the college informed) or the police informed."""

    kind = forms.ChoiceField(
        label="Wat legt u vast?",
        choices=NoticeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies een verzoek aan de Raad of de politie informeren."},
    )
    made_on = _date("Datum", required=True)
    grounds = _area("Gronden", required=True, rows=4)
    inform_college = forms.BooleanField(
        label="Het college van burgemeester en wethouders wordt per brief geïnformeerd "
        "(verplicht bij een verzoek aan de Raad, Wmo 4.1.1 f)",
        required=False,
    )


class ConclusionForm(DisclosureGuardMixin, VersionedForm):
    guarded_fields = ("facts", "next_steps")  # the household reads them (R-PRIV-5)

    conclusion = forms.ChoiceField(
        label="Conclusie",
        choices=Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies de conclusie van het onderzoek."},
    )
    facts = _area(
        "Feiten waarop de conclusie berust",
        required=True,
        rows=6,
        help_text="Alleen wat is waargenomen of vastgesteld. Meningen vult u hieronder apart in, "
        "met van wie ze zijn.",
    )
    next_steps = _area("Welke stappen volgen", required=True)
