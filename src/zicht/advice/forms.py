"""The advice form: the contact, the advice-seeker, the question, the decision framework's
questions (reused from the public decision aid, not copied) and what the worker records
(R-ADV-2..5). The form only checks what was typed; the rules live in `services.advice_register`."""

from django import forms

from zicht.advice.decision_framework import HELP_QUESTIONS, QUESTIONS, WEIGH_QUESTIONS
from zicht.advice.models import FrameworkOutcome, SupportType
from zicht.advice.public_forms import DecisionAidForm
from zicht.reports.forms import ContactForm, optional_text
from zicht.reports.models import CallerKind


def _area(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AdviceForm(DecisionAidForm, ContactForm):
    """Extends the decision aid's form: its question fields (keys `vermoeden`, `acuut`, …) and
    their checks come from `DecisionAidForm`; the fields below are the advice's own."""

    # Contact: the fields of the report form's contact section, with the caller named as such.
    caller_kind = forms.ChoiceField(
        label="Soort adviesvrager",
        choices=CallerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of de adviesvrager een burger of een professional is."},
    )

    # Advice-seeker (not the household: R-ADV-1)
    advice_seeker_name = optional_text("Naam adviesvrager", 150)
    advice_seeker_organisation = optional_text("Organisatie", 150)
    advice_seeker_phone = optional_text("Telefoonnummer", 30, inputmode="tel")
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

    SEEKER_FIELDS = (
        "advice_seeker_name",
        "advice_seeker_organisation",
        "advice_seeker_phone",
        "advice_seeker_email",
    )
    CRIMINAL_FIELDS = ("investigation_risk", "compulsory_framework_options", "safety_measures")

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
