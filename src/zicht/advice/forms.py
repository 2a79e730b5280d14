"""The advice form: the contact, the advice-seeker, the question, the decision framework's
questions (reused from the public decision aid, not copied) and what the worker records
(R-ADV-2..5). The form only checks what was typed; the rules live in `services.advice_register`."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from zicht.advice.decision_framework import HELP_QUESTIONS, QUESTIONS, WEIGH_QUESTIONS
from zicht.advice.models import FrameworkOutcome, SupportType
from zicht.advice.public_forms import DecisionAidForm
from zicht.reports.models import CallerKind, ContactChannel, Sector


def _text(label: str, max_length: int, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}),
        error_messages={"max_length": f"Gebruik hoogstens {max_length} tekens."},
    )


def _area(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AdviceForm(DecisionAidForm):
    """Extends the decision aid's form: its question fields (keys `vermoeden`, `acuut`, …) and
    their checks come from `DecisionAidForm`; the fields below are the advice's own."""

    # Contact
    channel = forms.ChoiceField(
        label="Kanaal",
        choices=[("", "— kies een kanaal —"), *ContactChannel.choices],
        initial=ContactChannel.PHONE,
        error_messages={"required": "Kies hoe het contact binnenkwam."},
    )
    received_date = forms.DateField(
        label="Ontvangen op (datum)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": "Vul de datum van ontvangst in.",
            "invalid": "Vul een datum in, bijvoorbeeld 23-11-2026.",
        },
    )
    received_time = forms.TimeField(
        label="Ontvangen om (tijd)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S", "%H.%M"],
        error_messages={
            "required": "Vul het tijdstip van ontvangst in.",
            "invalid": "Vul een tijd in, bijvoorbeeld 14:05.",
        },
    )
    caller_kind = forms.ChoiceField(
        label="Soort adviesvrager",
        choices=CallerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of de adviesvrager een burger of een professional is."},
    )
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=[("", "— geen (burger) —"), *Sector.choices],
        help_text="Alleen voor een professional.",
    )
    profession = _text("Beroep", 100)

    # Advice-seeker (not the household: R-ADV-1)
    advice_seeker_name = _text("Naam adviesvrager", 150)
    advice_seeker_organisation = _text("Organisatie", 150)
    advice_seeker_phone = _text("Telefoonnummer", 30, inputmode="tel")
    advice_seeker_email = forms.EmailField(
        label="E-mailadres",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": "Vul een e-mailadres in zoals naam@voorbeeld.nl."},
    )

    question = forms.CharField(
        label="Adviesvraag",
        help_text="Beschrijf de vraag en de situatie zonder naam, BSN, geboortedatum of adres "
        "van betrokkenen.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Beschrijf de adviesvraag."},
    )

    framework_outcome = forms.ChoiceField(
        label="Uitkomst van het contact",
        choices=FrameworkOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies de uitkomst van het contact."},
    )

    # Suspected criminal child abuse (R-ADV-4)
    criminal_child_abuse_suspected = forms.BooleanField(
        label="Vermoeden van strafbare kindermishandeling", required=False
    )
    investigation_risk = _area(
        "Risico op het frustreren van een onderzoek door een andere instantie",
        "Verplicht bij een vermoeden van strafbare kindermishandeling.",
    )
    compulsory_framework_options = _area(
        "Juridische mogelijkheden voor een gedwongen kader",
        "Verplicht bij een vermoeden van strafbare kindermishandeling.",
    )
    safety_measures = _area(
        "Veiligheidsmaatregelen", "Verplicht bij een vermoeden van strafbare kindermishandeling."
    )

    # Support (R-ADV-5)
    support_types = forms.MultipleChoiceField(
        label="Ondersteuning",
        required=False,
        choices=SupportType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies de ondersteuning uit de lijst."},
    )
    follow_up_on = forms.DateField(
        label="Vervolggesprek gepland op",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul een datum in, bijvoorbeeld 30-11-2026."},
    )
    responsibility_discussed = forms.BooleanField(
        label="Besproken: de verantwoordelijkheid voor de veiligheid blijft bij de adviesvrager",
        required=False,
    )

    CONTACT_FIELDS = ("channel", "received_date", "received_time")
    PROFESSIONAL_FIELDS = ("sector", "profession")
    SEEKER_FIELDS = (
        "advice_seeker_name",
        "advice_seeker_organisation",
        "advice_seeker_phone",
        "advice_seeker_email",
    )
    CRIMINAL_FIELDS = ("investigation_risk", "compulsory_framework_options", "safety_measures")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("received_date", now.date())
            self.initial.setdefault("received_time", now.time().replace(second=0, microsecond=0))

    def group(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def contact_fields(self) -> list[forms.BoundField]:
        return self.group(self.CONTACT_FIELDS)

    def professional_fields(self) -> list[forms.BoundField]:
        return self.group(self.PROFESSIONAL_FIELDS)

    def seeker_fields(self) -> list[forms.BoundField]:
        return self.group(self.SEEKER_FIELDS)

    def criminal_fields(self) -> list[forms.BoundField]:
        return self.group(self.CRIMINAL_FIELDS)

    def weigh_fields(self) -> list[forms.BoundField]:
        return [self[question.key] for question in WEIGH_QUESTIONS]

    def help_fields(self) -> list[forms.BoundField]:
        return [self[question.key] for question in HELP_QUESTIONS]

    def framework_answers(self) -> dict[str, str]:
        """The answers given, as the decision aid's GET parameters would carry them."""
        return {q.key: self.cleaned_data[q.key] for q in QUESTIONS if self.cleaned_data.get(q.key)}

    def received_at(self) -> datetime:
        """Date and time as typed, in the organisation's time zone (Europe/Amsterdam)."""
        moment = datetime.combine(
            self.cleaned_data["received_date"], self.cleaned_data["received_time"]
        )
        return timezone.make_aware(moment, timezone.get_default_timezone())
