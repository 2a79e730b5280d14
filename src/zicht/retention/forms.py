from django import forms

from zicht.cases.forms import VersionedForm
from zicht.core.forms import LimitedForm
from zicht.retention.models import Decision


class LegalHoldForm(LimitedForm):
    prefix = "bewaarplicht"

    number = forms.RegexField(
        label="Dossiernummer",
        regex=r"^\d{4}-\d{6}$",
        max_length=11,
        error_messages={
            "required": "Vul het dossiernummer in.",
            "invalid": "Een dossiernummer ziet eruit als 2026-000123.",
        },
    )
    reason = forms.CharField(
        label="Reden",
        max_length=300,
        help_text="De wettelijke grond om te bewaren, bijvoorbeeld een lopende klacht of rechtszaak.",
        error_messages={"required": "Vul de reden van de bewaarplicht in."},
    )


class ChildProtectionForm(VersionedForm):
    prefix = "kinderbescherming"

    reason = forms.CharField(
        label="Motivering",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom is dit dossier van belang voor een kinderbeschermingsmaatregel?",
        error_messages={
            "required": "Vul in waarom het dossier van belang is voor een kinderbeschermingsmaatregel."
        },
    )


class DestructionRequestForm(VersionedForm):
    prefix = "verzoek"

    received_on = forms.DateField(
        label="Ontvangen op",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Vul de datum in waarop het verzoek binnenkwam.",
            "invalid": "Vul een geldige datum in.",
        },
    )
    requested_by = forms.CharField(
        label="Verzocht door",
        max_length=200,
        help_text="Wie uit het huishouden om vernietiging vraagt.",
        error_messages={"required": "Vul in wie om vernietiging vraagt."},
    )


class DestructionDecisionForm(VersionedForm):
    prefix = "besluit"

    decision = forms.ChoiceField(
        label="Besluit",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies: inwilligen of afwijzen."},
    )
    reason = forms.CharField(
        label="Motivering",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij afwijzen: de wettelijke grond om het dossier te bewaren.",
    )
