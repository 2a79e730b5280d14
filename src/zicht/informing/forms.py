"""The informing forms only check what was typed; the rules live in `services`."""

from typing import Any

from django import forms
from django.utils import timezone

from zicht.cases.forms import VersionedForm
from zicht.informing.models import ContactMethod, HouseholdMethod
from zicht.organisation.models import PartnerAgency
from zicht.reports.disclosure import DisclosureGuardMixin

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]
PRIVACY_HINT = (
    "Deel alleen wat de melder nodig heeft voor de eigen taak (R-PRIV-2), zoals wat de melder "
    "in de eigen hulp aan het gezin moet weten. Geen BSN, geen medische of andere gegevens van "
    "gezinsleden die de melder niet nodig heeft."
)


def _moment(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": f"Vul {label.lower()} in.",
            "invalid": "Vul een datum en tijd in, bijvoorbeeld 23-11-2026 14:30.",
        },
    )


def _text(label: str, message: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": message, "max_length": "Gebruik hoogstens 4000 tekens."},
    )


def _method(label: str, choices: Any, message: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "— kies —"), *choices],
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ReporterContactForm(VersionedForm):
    contacted_at = _moment("Datum en tijd van het contact")
    method = _method("Manier van contact", ContactMethod.choices, "Kies hoe u contact had.")
    safety_judgement = _text(
        "Oordeel over de veiligheid",
        "Vul het oordeel over de veiligheid in.",
        "Hoe Veilig Thuis de veiligheid nu beoordeelt, zoals u het met de melder besprak.",
    )
    information_shared = _text(
        "Informatie gedeeld met de melder",
        "Vul in welke informatie de melder heeft gekregen.",
        PRIVACY_HINT,
    )
    reporter_options = _text(
        "Eigen mogelijkheden van de melder om te helpen",
        "Vul in wat de melder zelf kan doen.",
    )
    agreements = _text("Afspraken met de melder", "Vul de afspraken met de melder in.")
    send_letter = forms.BooleanField(label="Stuur de melder een bevestigingsbrief", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacted_at"].initial = _now()


class HouseholdInformingForm(DisclosureGuardMixin, VersionedForm):
    guarded_fields = ("plans",)  # goes into the letter to the household (R-PRIV-5)

    informed_at = _moment("Datum en tijd van het informeren")
    means = _method(
        "Manier van informeren",
        HouseholdMethod.choices,
        "Kies hoe u het huishouden heeft geïnformeerd.",
        "Bij een directe overdracht: een korte brief, e-mail of telefoontje. Blijft Veilig Thuis "
        "betrokken: persoonlijk. Bij ‘Korte brief’ maakt Zicht een brief per adres, aan de volwassenen die er wonen.",
    )
    plans = _text(
        "Wat Veilig Thuis gaat doen en de afspraken",
        "Vul in wat Veilig Thuis gaat doen en welke afspraken er zijn.",
        "Dit komt in de brief aan het huishouden. De naam van een melder die anoniem blijft "
        "noemt u hier niet.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["informed_at"].initial = _now()


class HouseholdRedoForm(DisclosureGuardMixin, VersionedForm):
    guarded_fields = ("plans",)  # goes into the letter to the household (R-PRIV-5)

    plans = _text(
        "Wat Veilig Thuis gaat doen en de afspraken (verbeterd)",
        "Vul in wat Veilig Thuis gaat doen en welke afspraken er zijn.",
        "De brieven die nog niet verzonden zijn worden ingetrokken en met deze tekst opnieuw "
        "gemaakt. De naam van een melder die anoniem blijft noemt u hier niet.",
    )
    reason = _text(
        "Reden",
        "Geef de reden waarom u de brieven opnieuw maakt; die blijft bewaard.",
        "Waarom gaan de eerdere brieven niet de deur uit? Dit komt in de tijdlijn.",
    )


class ReporterUpdateForm(VersionedForm):
    informed_at = _moment("Datum en tijd van de terugkoppeling")
    method = _method(
        "Manier van contact", ContactMethod.choices, "Kies hoe u de melder heeft geïnformeerd."
    )
    handed_over_to = _text(
        "Overgedragen aan",
        "Vul in aan welke ketenpartner(s) het dossier is overgedragen.",
        "Aan wie de zorg voor de veiligheid is overgedragen, en vanaf wanneer.",
    )
    partners = forms.ModelMultipleChoiceField(
        label="Ketenpartner(s) uit de lijst",
        required=False,
        queryset=PartnerAgency.objects.filter(active=True).order_by("name"),
        error_messages={"invalid_choice": "Kies een ketenpartner uit de lijst."},
    )
    send_letter = forms.BooleanField(label="Stuur de melder een brief", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["informed_at"].initial = _now()
