"""Forms of the house ban's panel actions and of the information sessions."""

from typing import Any

from django import forms

from zicht.core.forms import HiddenWithoutId, LimitedForm
from zicht.organisation.models import Municipality
from zicht.regional.models import BanActionKind

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class VersionedForm(LimitedForm):
    """Carries the case version the user saw, so a save over someone else's change is refused."""

    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId)


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Vul de {label.lower()} in.",
            "invalid": "Vul een datum in, bijvoorbeeld 23-11-2026.",
        },
    )


def _moment(label: str, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": f"Vul {label.lower()} in.",
            "invalid": "Vul een datum en tijd in, bijvoorbeeld 23-11-2026 14:30.",
        },
    )


def _area(label: str, *, required: bool = True, message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": message or f"Vul {label.lower()} in."},
    )


class DecisionForm(VersionedForm):
    """R-HB-1: the mayor's decision on an extension."""

    decided_on = _date("Datum besluit burgemeester")
    extended = forms.TypedChoiceField(
        label="Besluit",
        choices=[("ja", "Verlengd"), ("nee", "Niet verlengd")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of het huisverbod is verlengd."},
    )
    ends_at = _moment("Nieuw einde (bij verlenging)", required=False)
    note = _area("Toelichting", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("extended") and not data.get("ends_at") and "ends_at" not in self.errors:
            self.add_error("ends_at", "Vul het nieuwe einde van het verlengde huisverbod in.")
        return data


class ActionForm(VersionedForm):
    """R-HB-1: one of VT's tasks during the ban."""

    kind = forms.ChoiceField(
        label="Wat heeft Veilig Thuis gedaan?",
        choices=[("", "— kies —"), *BanActionKind.choices],
        error_messages={"required": "Kies wat Veilig Thuis heeft gedaan."},
    )
    done_on = _date("Datum")
    note = _area("Verslag", message="Beschrijf kort wat er is besproken of geadviseerd.")


class EndForm(VersionedForm):
    """R-HB-1: the end of the ban and the agreements VT monitors afterwards."""

    ended_at = _moment("Einde van het huisverbod")
    aftercare = _area(
        "Veiligheidsafspraken voor de nazorg",
        message="Leg de veiligheidsafspraken vast die Veilig Thuis na het huisverbod monitort.",
    )


class SessionForm(LimitedForm):
    """R-VL-1: an information session given."""

    held_on = _date("Datum")
    audience = forms.CharField(
        label="Doelgroep",
        max_length=150,
        error_messages={"required": "Vul de doelgroep in (bijvoorbeeld: leerkrachten)."},
    )
    organisation = forms.CharField(
        label="Organisatie",
        max_length=150,
        error_messages={"required": "Vul de organisatie in waar de voorlichting was."},
    )
    participants = forms.IntegerField(
        label="Aantal deelnemers",
        min_value=1,
        max_value=10000,
        error_messages={
            "required": "Vul het aantal deelnemers in.",
            "invalid": "Vul het aantal deelnemers in als heel getal.",
            "min_value": "Het aantal deelnemers is minstens 1.",
            "max_value": "Het aantal deelnemers is hoogstens 10000.",
        },
    )
    topic = forms.CharField(
        label="Onderwerp", max_length=200, error_messages={"required": "Vul het onderwerp in."}
    )
    given_by = forms.CharField(
        label="Gegeven door",
        max_length=150,
        error_messages={"required": "Vul in wie de voorlichting gaf."},
    )
    municipality = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Municipality.objects.filter(active=True).order_by("name"),
        empty_label="— kies —",
        error_messages={
            "required": "Kies de gemeente waar de voorlichting was.",
            "invalid_choice": "Deze gemeente kan niet (meer) gekozen worden.",
        },
    )


class SessionEditForm(SessionForm):
    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId)


class SessionFilterForm(forms.Form):
    """The list's filter: a period and a municipality; all optional."""

    start = _date("Vanaf", required=False)
    end = _date("Tot en met", required=False)
    municipality = forms.ModelChoiceField(
        label="Gemeente",
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label="Alle gemeenten",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "‘Tot en met’ ligt vóór ‘Vanaf’.")
        return data
