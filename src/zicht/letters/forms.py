"""The letter forms only check what was typed; the rules live in `services`."""

from typing import Any

from django import forms
from django.utils import timezone

from zicht.cases.forms import VersionedForm
from zicht.letters.models import SentVia

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class WithdrawForm(VersionedForm):
    reason = forms.CharField(
        label="Reden van intrekken",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom gaat deze brief niet de deur uit? De reden blijft bij de brief en in de "
        "tijdlijn van het dossier.",
        error_messages={
            "required": "Geef de reden waarom u deze brief intrekt; die blijft bewaard.",
            "max_length": "Gebruik hoogstens 2000 tekens.",
        },
    )


class SentForm(VersionedForm):
    via = forms.ChoiceField(
        label="Hoe verzonden",
        choices=[("", "— kies —"), *SentVia.choices],
        error_messages={
            "required": "Kies hoe de brief is verzonden.",
            "invalid_choice": "Kies hoe de brief is verzonden.",
        },
    )
    sent_at = forms.DateTimeField(
        label="Datum en tijd van verzenden",
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Vul de datum en tijd van verzenden in.",
            "invalid": "Vul een datum en tijd in, bijvoorbeeld 23-11-2026 14:30.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sent_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
