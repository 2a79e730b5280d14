"""Forms for persons and households. They check what was typed; the rules are in `services`."""

from typing import Any, cast

from django import forms

from zicht.core.forms import HiddenWithoutId, LimitedForm
from zicht.organisation.models import Municipality
from zicht.people.bsn import is_valid_bsn, normalise_bsn
from zicht.people.models import HouseholdRole, Person, Sex

BSN_INVALID = "Dit BSN klopt niet: het voldoet niet aan de elfproef. Controleer het nummer."


def _number(label: str, low: int, high: int, example: str) -> forms.IntegerField:
    message = f"Vul een getal in van {low} tot en met {high}, bijvoorbeeld {example}."
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


def _text(label: str, max_length: int, required: bool = False, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            "required": f"Vul de {label.lower()} in.",
            "max_length": f"Gebruik hoogstens {max_length} tekens.",
        },
    )


def _bsn_field() -> forms.CharField:
    return forms.CharField(
        label="BSN",
        required=False,
        max_length=11,
        help_text="9 cijfers. Zicht controleert het nummer met de elfproef.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": "Een BSN heeft 9 cijfers."},
    )


class IdentityFields(LimitedForm):
    """Name, date of birth and BSN: what both the search and the registration ask."""

    first_names = _text("Voornamen", 100, autocomplete="off")
    # A field, not Form.prefix: Django's form metaclass takes declared fields out of the class.
    prefix = _text("Tussenvoegsel", 20, autocomplete="off")  # type: ignore[assignment]
    last_name = _text("Achternaam", 100, autocomplete="off")
    birth_day = _number("Geboortedag", 1, 31, "4")
    birth_month = _number("Geboortemaand", 1, 12, "7")
    birth_year = _number("Geboortejaar", 1900, 2100, "1985")
    bsn = _bsn_field()

    NAME_FIELDS = ("first_names", "prefix", "last_name")
    BIRTH_FIELDS = ("birth_day", "birth_month", "birth_year")

    def clean_bsn(self) -> str:
        bsn = normalise_bsn(self.cleaned_data.get("bsn", ""))
        if bsn and not is_valid_bsn(bsn):  # R-REP-6
            raise forms.ValidationError(BSN_INVALID)
        return bsn

    def name_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.NAME_FIELDS]

    def birth_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.BIRTH_FIELDS]

    def identity_values(self) -> list[tuple[str, Any]]:
        """What was searched, to carry to the registration form in hidden (posted) fields."""
        cleaned = getattr(self, "cleaned_data", {})
        names = (*self.NAME_FIELDS, *self.BIRTH_FIELDS, "bsn")
        return [(name, cleaned.get(name)) for name in names]

    def other_fields(self) -> list[forms.BoundField]:
        """The visible fields after name and birth date; hidden ones (the version) the page
        renders once itself (issue 20.8: the version was rendered twice, two id="id_version")."""
        shown = {*self.NAME_FIELDS, *self.BIRTH_FIELDS}
        return [
            self[name] for name in self.fields if name not in shown and not self[name].is_hidden
        ]


class PersonSearchForm(IdentityFields):
    """Search before registering. Posted, never sent as a query string: it may hold a BSN."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        nothing = not cleaned.get("last_name", "").strip() and not cleaned.get("bsn")
        if nothing and "bsn" not in self.errors:  # an invalid BSN already says what is wrong
            self.add_error("last_name", "Vul een achternaam of een BSN in om te zoeken.")
        return cleaned


class AddressFields(LimitedForm):
    """Where someone lives: the address for a letter, and the municipality (one outside the
    region is listed after the region's, named "… (buiten de regio)")."""

    street = _text("Straat", 100, autocomplete="off")
    house_number = _text("Huisnummer", 20, autocomplete="off")
    postcode = _text("Postcode", 7, autocomplete="off")
    city = _text("Woonplaats", 100, autocomplete="off")
    municipality = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Municipality.objects.filter(active=True),
        required=False,
        empty_label="— onbekend —",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    ADDRESS_FIELDS = ("street", "house_number", "postcode", "city", "municipality")

    def address_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ADDRESS_FIELDS]

    def address_values(self) -> dict[str, Any]:
        """The address as typed, for the services (empty text as "", no municipality as None)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned.get(name) or (None if name == "municipality" else "")
            for name in self.ADDRESS_FIELDS
        }


class PersonForm(IdentityFields, AddressFields):
    """Registering or changing a person. Only the last name is required (R-REP-6)."""

    last_name = _text("Achternaam", 100, required=True, autocomplete="off")
    sex = forms.ChoiceField(label="Geslacht", choices=Sex.choices, initial=Sex.UNKNOWN)

    field_order = [*IdentityFields.base_fields, "sex", *AddressFields.ADDRESS_FIELDS]

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}


class PersonUpdateForm(PersonForm):
    """Changing a person: carries the version the form was opened on (stale edits refused)."""

    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId, min_value=1)

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        return {**super().initial_from(person), "version": person.version}


class HouseholdSearchForm(PersonSearchForm):
    """Search before adding a member: the role comes along to the next step."""

    role = forms.ChoiceField(
        label="Rol in het huishouden",
        choices=[("", "— kies een rol —"), *HouseholdRole.choices],
        error_messages={"required": "Kies de rol van deze persoon in het huishouden."},
    )


class AddMemberForm(LimitedForm):
    """The chosen search result. `candidates` is a signed list of what the search showed."""

    person = forms.IntegerField(label="Persoon", widget=HiddenWithoutId)
    role = forms.ChoiceField(label="Rol", choices=HouseholdRole.choices, widget=HiddenWithoutId)
    candidates = forms.CharField(label="Kandidaten", widget=HiddenWithoutId)


class MergeForm(LimitedForm):
    remove = forms.ModelChoiceField(
        label="Samenvoegen met",
        queryset=Person.objects.none(),
        empty_label="— kies de dubbele registratie —",
        help_text="De gekozen persoon gaat op in deze persoon: huishoudens en andere gegevens "
        "gaan mee, lege gegevens hier worden aangevuld. Dit is niet terug te draaien.",
        error_messages={
            "required": "Kies de persoon die dezelfde is als deze.",
            "invalid_choice": "Kies een persoon uit de lijst.",
        },
    )
    confirm = forms.BooleanField(
        label="Ik heb gecontroleerd dat dit dezelfde persoon is",
        error_messages={"required": "Bevestig dat het om dezelfde persoon gaat."},
    )

    def __init__(self, *args: Any, persons: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_candidates = bool(choices)
        field = cast(forms.ModelChoiceField, self.fields["remove"])
        field.queryset = persons
        if choices is not None:  # show the search's candidates; validation uses the queryset
            field.choices = [("", field.empty_label), *choices]
