"""Forms of the shared involvement pages: a conversation, a reason for not speaking someone, and
the safety plan (one formset per kind of row). The services judge the content; these forms only
read it and put each refusal back at its row and field."""

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from zicht.core.forms import HiddenWithoutId, LimitedForm
from zicht.involvement.content import (
    SECTIONS,
    ActionRow,
    CareRow,
    ConditionRow,
    DamageRow,
    NetworkRow,
    PlanContent,
)
from zicht.involvement.models import ContactHow, Priority
from zicht.involvement.services import ContactInput
from zicht.people.models import HouseholdMember

NOT_PRESENT = ""
HOW_CHOICES = [(NOT_PRESENT, "Niet bij dit gesprek"), *ContactHow.choices]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(label: str, *, required: bool = False, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def member_choices(members: Sequence[HouseholdMember]) -> list[tuple[str, str]]:
    return [(str(m.pk), f"{m.person.full_name} ({m.roles_display.lower()})") for m in members]


def _member_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None)


# --- conversations ----------------------------------------------------------------------------


class ConversationForm(LimitedForm):
    held_on = forms.DateField(
        label="Datum van het gesprek",
        widget=DATE,
        error_messages={"required": "Vul de datum van het gesprek in."},
    )
    summary = _area("Samenvatting: wat is besproken en afgesproken", required=True, rows=5)

    def __init__(self, *args: Any, members: Sequence[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.person.full_name,
                choices=HOW_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["summary"].error_messages["required"] = (
            "Vat het gesprek samen: wat is besproken en wat is afgesproken."
        )

    def member_fields(self) -> list[forms.BoundField]:
        return [self[f"member_{m.pk}"] for m in self.members]

    def member_contacts(self) -> list[ContactInput]:
        return [
            ContactInput(member_id=m.pk, how=how)
            for m in self.members
            if (how := self.cleaned_data.get(f"member_{m.pk}") or NOT_PRESENT) != NOT_PRESENT
        ]


class NetworkContactForm(LimitedForm):
    name = forms.CharField(label="Naam", required=False, max_length=200)
    relation = forms.CharField(label="Relatie tot het huishouden", required=False, max_length=200)
    how = forms.ChoiceField(
        label="Hoe", choices=ContactHow.choices, initial=ContactHow.SPOKEN, required=False
    )

    def contact(self) -> ContactInput | None:
        data = getattr(self, "cleaned_data", {}) or {}
        if not (data.get("name") or "").strip() and not (data.get("relation") or "").strip():
            return None
        return ContactInput(
            name=data.get("name") or "",
            relation=data.get("relation") or "",
            how=data.get("how") or ContactHow.SPOKEN,
        )


NetworkContactFormSet = formset_factory(NetworkContactForm, extra=2, max_num=20, validate_max=True)


class SkipForm(LimitedForm):
    member = _member_field("Wie spreekt u niet?")
    reason = _area("Reden", required=True, rows=3)

    def __init__(self, *args: Any, members: Sequence[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "— kies —"), *member_choices(members)]  # type: ignore[attr-defined]
        self.fields["member"].error_messages["required"] = "Kies wie u niet spreekt."
        self.fields["reason"].error_messages["required"] = (
            "Vul de reden in waarom u deze persoon niet spreekt."
        )


# --- the safety plan --------------------------------------------------------------------------


class RowForm(LimitedForm):
    """A row of the plan; an empty row is no row. `key` ties it to the version it came from."""

    key = forms.CharField(
        label="Sleutel van de regel", required=False, max_length=36, widget=HiddenWithoutId
    )
    section = ""
    content_fields: tuple[str, ...] = ()

    def clean_key(self) -> uuid.UUID | None:
        """The row's key; anything that is not one makes the row a new row."""
        try:
            return uuid.UUID(self.cleaned_data.get("key") or "")
        except ValueError:
            return None

    def __init__(self, *args: Any, members: Sequence[HouseholdMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = member_choices(members)
        for name, field in self.fields.items():
            if name == "members":
                field.choices = choices  # type: ignore[attr-defined]
            elif name == "member":
                field.choices = [("", "— kies —"), *choices]  # type: ignore[attr-defined]

    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", None)
        if data is None:
            return False
        return not any(data.get(name) not in (None, "", []) for name in self.content_fields)

    def row(self) -> Any:
        raise NotImplementedError


class ConditionForm(RowForm):
    section = "conditions"
    content_fields = ("text", "members", "check_how")
    text = _area("Veiligheidsvoorwaarde (één duidelijke zin)")
    members = forms.TypedMultipleChoiceField(
        label="Geldt voor", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    check_how = _area("Hoe wordt dit gecontroleerd?")

    def row(self) -> ConditionRow:
        d = self.cleaned_data
        return ConditionRow(
            text=d["text"], member_ids=d["members"], check_how=d["check_how"], key=d["key"]
        )


class ActionForm(RowForm):
    section = "actions"
    content_fields = ("member", "what", "due")
    member = _member_field("Wie")
    what = _area("Wat")
    due = forms.DateField(label="Uiterlijk op", required=False, widget=DATE)

    def row(self) -> ActionRow:
        d = self.cleaned_data
        return ActionRow(member_id=d["member"], what=d["what"], due=d["due"], key=d["key"])


class CareForm(RowForm):
    section = "care_needs"
    content_fields = ("member", "need", "priority")
    member = _member_field("Voor wie")
    need = _area("Benodigde zorg")
    priority = forms.TypedChoiceField(
        label="Prioriteit",
        choices=[("", "— kies —"), *Priority.choices],
        required=False,
        coerce=int,
        empty_value=None,
    )

    def row(self) -> CareRow:
        d = self.cleaned_data
        return CareRow(member_id=d["member"], need=d["need"], priority=d["priority"], key=d["key"])


class DamageForm(RowForm):
    section = "damages"
    content_fields = ("member", "damage", "recovery")
    member = _member_field("Wie")
    damage = _area("Opgelopen schade")
    recovery = _area("Wat herstel nodig heeft (bijvoorbeeld traumabehandeling)")

    def row(self) -> DamageRow:
        d = self.cleaned_data
        return DamageRow(
            member_id=d["member"], damage=d["damage"], recovery=d["recovery"], key=d["key"]
        )


class NetworkForm(RowForm):
    section = "network"
    content_fields = ("name", "relation", "contribution")
    name = forms.CharField(label="Naam", required=False, max_length=200)
    relation = forms.CharField(label="Relatie tot het huishouden", required=False, max_length=200)
    contribution = _area("Bijdrage aan de veiligheid")

    def row(self) -> NetworkRow:
        d = self.cleaned_data
        return NetworkRow(
            name=d["name"], relation=d["relation"], contribution=d["contribution"], key=d["key"]
        )


SECTION_FORMS: dict[str, tuple[type[RowForm], str]] = {
    "conditions": (ConditionForm, "voorwaarde"),
    "actions": (ActionForm, "actie"),
    "care_needs": (CareForm, "zorg"),
    "damages": (DamageForm, "schade"),
    "network": (NetworkForm, "netwerk"),
}


class PlanForm(LimitedForm):
    based_on = forms.IntegerField(label="Gebaseerd op versie", min_value=0, widget=HiddenWithoutId)
    note = _area("Wat wijzigt u en waarom?", rows=2)


def plan_formsets(
    data: Any, members: Sequence[HouseholdMember], initial: PlanContent | None, *, extra: int = 1
) -> dict[str, Any]:
    """One formset per section (prefix = the section's Dutch name), filled from `initial`."""
    formsets = {}
    for section, (form_class, prefix) in SECTION_FORMS.items():
        rows = [_initial(row) for row in getattr(initial, section)] if initial else []
        factory = formset_factory(form_class, extra=extra, max_num=50, validate_max=True)
        formsets[section] = factory(
            data, initial=rows or None, prefix=prefix, form_kwargs={"members": members}
        )
    return formsets


def _initial(row: Any) -> dict[str, Any]:
    values = dict(vars(row))
    if "member_ids" in values:
        values["members"] = list(values.pop("member_ids"))
    if "member_id" in values:
        values["member"] = values.pop("member_id")
    return values


def plan_content(formsets: dict[str, Any]) -> tuple[PlanContent, dict[str, list[int]]]:
    """The content of valid formsets without their empty rows, and per section which form each
    row came from (to put a service's refusal of `actions[0].due` back at the right row)."""
    rows: dict[str, list[Any]] = {}
    origin: dict[str, list[int]] = {}
    for section, formset in formsets.items():
        rows[section], origin[section] = [], []
        for index, form in enumerate(formset.forms):
            if form.is_empty():
                continue
            rows[section].append(form.row())
            origin[section].append(index)
    return PlanContent(**rows), origin


def put_plan_errors(
    error: ValidationError,
    form: PlanForm,
    formsets: dict[str, Any],
    origin: dict[str, list[int]],
) -> None:
    """Each message of the service at the row and field it names; the summary above the form
    lists them all, with the section and row."""
    for key, messages in error.message_dict.items():
        section, _, rest = key.partition("[")
        if section in formsets and rest:
            index_text, _, name = rest.partition("].")
            position = origin[section][int(index_text)]
            row = formsets[section].forms[position]
            row.add_error(name if name in row.fields else None, messages)
            label = f"{SECTIONS[section]}, rij {position + 1}"
            if name in row.fields:
                label += f", {str(row.fields[name].label).lower()}"
            form.add_error(None, [f"{label}: {message}" for message in messages])
        elif section in formsets:
            form.add_error(None, [f"{SECTIONS[section]}: {message}" for message in messages])
        else:
            form.add_error(key if key in form.fields else None, messages)
