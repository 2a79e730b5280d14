"""The report intake form: what the worker types while the caller talks. The forms only check what
was typed; the rules for a report live in `services.report_register` (R-REP-1..7)."""

from datetime import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from zicht.accounts.models import Team
from zicht.core.forms import LimitedForm
from zicht.people.forms import AddressFields, IdentityFields
from zicht.people.models import HouseholdRole
from zicht.reports.models import CallerKind, ContactChannel, Sector, ViolenceDuration, ViolenceType


def optional_text(label: str, max_length: int, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}),
        error_messages={"max_length": f"Gebruik hoogstens {max_length} tekens."},
    )


def _area(label: str, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": f"Vul de {label.lower()} in."},
    )


def _check(label: str, initial: bool = False) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, initial=initial)


class ContactForm(LimitedForm):
    """How an incoming contact came in and who called: shared by the report and the advice form.
    The date and time default to now, in the organisation's time zone."""

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
        label="Soort melder",
        choices=CallerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of de melder een burger of een professional is."},
    )
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=[("", "— geen (burger) —"), *Sector.choices],
        help_text="Alleen voor een professional.",
    )
    profession = optional_text("Beroep", 100)

    CONTACT_FIELDS = ("channel", "received_date", "received_time")
    PROFESSIONAL_FIELDS = ("sector", "profession")

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

    def received_at(self) -> datetime:
        """Date and time as typed, in the organisation's time zone (Europe/Amsterdam)."""
        moment = datetime.combine(
            self.cleaned_data["received_date"], self.cleaned_data["received_time"]
        )
        return timezone.make_aware(moment, timezone.get_default_timezone())


class ReportForm(ContactForm, AddressFields):
    """The contact, the reporter, the concerns and the household's address and municipality.
    Field names follow the keys of the service's errors, so a refusal lands at the field it is
    about."""

    # Reporter
    reporter_name = forms.CharField(
        label="Naam melder",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Vul de naam van de melder in."},
    )
    reporter_organisation = optional_text("Organisatie", 150)
    reporter_phone = optional_text("Telefoonnummer", 30, inputmode="tel")
    reporter_email = forms.EmailField(
        label="E-mailadres",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": "Vul een e-mailadres in zoals naam@voorbeeld.nl."},
    )
    anonymous_to_household = _check("Melder blijft anoniem naar het huishouden")
    anonymity_reason = _area(
        "Reden anonimiteit",
        help_text="Verplicht als de melder anoniem blijft. Veilig Thuis kent de melder wel.",
    )
    keeps_helping = _check("Melder blijft zelf hulp bieden")
    asks_vt_take_over = _check(
        "Melder vraagt Veilig Thuis de regie op veiligheid over te nemen", True
    )
    agreements = _area(
        "Afspraken met de melder",
        help_text="Vervolgstappen, wie waarvoor verantwoordelijk is, samenwerking, contact met het "
        "huishouden en terugkoppeling.",
    )

    # Concerns
    concerns = _area("Zorgen en signalen", required=True)
    violence_types = forms.MultipleChoiceField(
        label="Soorten geweld",
        choices=ViolenceType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies minstens één soort geweld uit de lijst."},
    )
    violence_duration = forms.ChoiceField(
        label="Duur van het geweld",
        choices=ViolenceDuration.choices,
        initial=ViolenceDuration.UNKNOWN,
        error_messages={"required": "Kies de duur van het geweld (of ‘Onbekend’)."},
    )

    # The case
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Kies het team dat de melding oppakt.",
            "invalid_choice": "Kies een van uw teams.",
        },
    )

    REPORTER_FIELDS = ("reporter_name", "reporter_organisation", "reporter_phone", "reporter_email")
    ANONYMITY_FIELDS = ("anonymous_to_household", "anonymity_reason")
    HELP_FIELDS = ("keeps_helping", "asks_vt_take_over", "agreements")

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        if not self.is_bound:
            self.initial.setdefault("team", teams.first())

    def reporter_fields(self) -> list[forms.BoundField]:
        return self.group(self.REPORTER_FIELDS)

    def anonymity_fields(self) -> list[forms.BoundField]:
        return self.group(self.ANONYMITY_FIELDS)

    def help_fields(self) -> list[forms.BoundField]:
        return self.group(self.HELP_FIELDS)


class PersonRowForm(IdentityFields, AddressFields):
    """One person involved: identity (partial is fine, R-REP-6), role (R-REP-4) and, only where
    it differs from the household's, an own address. A row left empty is skipped; a row with
    anything in it needs a last name and a role."""

    role = forms.ChoiceField(
        label="Rol",
        required=False,
        choices=[("", "— kies een rol —"), *HouseholdRole.choices],
    )

    field_order = [*IdentityFields.base_fields, "role", *AddressFields.ADDRESS_FIELDS]

    def other_fields(self) -> list[forms.BoundField]:
        return [bound for bound in super().other_fields() if bound.name not in self.ADDRESS_FIELDS]

    def own_address(self) -> bool:
        """Whether an own address was typed (or refused): then it is shown opened."""
        return any(self[name].value() or self[name].errors for name in self.ADDRESS_FIELDS)

    def is_empty(self) -> bool:
        """Nothing typed in this row (only meaningful once the form is cleaned)."""
        cleaned = getattr(self, "cleaned_data", {})
        return not any(value not in ("", None) for value in cleaned.values()) and not self.errors

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(v not in ("", None) for v in cleaned.values()) and not self.errors:
            return cleaned
        if not (cleaned.get("last_name") or "").strip() and "last_name" not in self.errors:
            self.add_error("last_name", "Vul de achternaam in, of maak deze rij helemaal leeg.")
        if not cleaned.get("role") and "role" not in self.errors:
            self.add_error("role", "Kies de rol van deze persoon.")
        return cleaned
