"""The monitoring forms only check what was typed; the rules live in `services`."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from zicht.cases.forms import VersionedForm
from zicht.monitoring import conditions
from zicht.monitoring.models import (
    AgreedWith,
    ConditionResult,
    MonitoringMoment,
    Outcome,
    StableSafety,
)
from zicht.monitoring.selectors import holding_partner
from zicht.monitoring.services import AgreedMoment, ConditionCheck, MemberContact
from zicht.people.models import HouseholdMember

AGREED_ROWS = 3  # agreed moments at the start; more are added on the case page later
YES_NO = [("ja", "Ja"), ("nee", "Nee")]


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Vul {label.lower()} in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2027.",
        },
    )


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Vul {label.lower()} in.",
            "max_length": "Gebruik hoogstens 4000 tekens.",
        },
    )


def _choice(
    label: str, choices: Any, message: str, *, radio: bool = False, required: bool = True
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices if radio else [("", "— kies —"), *choices],
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={"required": message, "invalid_choice": message},
    )


def _agreed_fields(prefix: str, required: bool) -> dict[str, forms.Field]:
    return {
        f"{prefix}due": _date("Datum van het moment", required=required),
        f"{prefix}agreed_with": forms.ChoiceField(
            label="Afgesproken met",
            required=required,
            choices=[("", "— kies —"), *AgreedWith.choices],
            error_messages={
                "required": "Kies met wie het moment is afgesproken.",
                "invalid_choice": "Kies met wie het moment is afgesproken.",
            },
        ),
        f"{prefix}agreed_by": forms.CharField(
            label="Wie het afsprak (naam en rol)",
            required=required,
            max_length=200,
            error_messages={"required": "Vul in wie het moment heeft afgesproken."},
        ),
    }


class PlanStartForm(VersionedForm):
    started_on = _date("Start van het monitoren")
    reason = _text(
        "Reden om te monitoren",
        required=False,
        help_text="Verplicht als er geen voorwaarden en vervolg of onderzoek aan voorafging: "
        "waarom vindt Veilig Thuis monitoren nodig?",
    )
    agreements = _text(
        "Afspraken over frequentie en momenten",
        required=False,
        help_text="Wat is met het huishouden en/of de professional afgesproken over hoe vaak en "
        "wanneer Veilig Thuis de veiligheid controleert.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()
        for row in range(AGREED_ROWS):
            self.fields.update(_agreed_fields(f"moment_{row}_", required=False))

    def rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"moment_{row}_{name}"] for name in ("due", "agreed_with", "agreed_by")]
            for row in range(AGREED_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(AGREED_ROWS):
            values = [data.get(f"moment_{row}_{name}") for name in ("due", "agreed_with")]
            if any(values) and not all(values):
                self.add_error(
                    f"moment_{row}_due", "Vul bij een afgesproken moment de datum en met wie in."
                )
        return data

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        agreed = [
            AgreedMoment(
                due=data[f"moment_{row}_due"],
                agreed_with=data[f"moment_{row}_agreed_with"],
                agreed_by=data.get(f"moment_{row}_agreed_by") or "",
            )
            for row in range(AGREED_ROWS)
            if data.get(f"moment_{row}_due")
        ]
        return {
            "started_on": data["started_on"],
            "reason": data["reason"],
            "agreements": data["agreements"],
            "agreed": agreed,
        }

    # The service names a wrong agreed moment by its position.
    aliases = {f"moment_{row}": f"moment_{row}_due" for row in range(AGREED_ROWS)}


class MomentForm(VersionedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_agreed_fields("", required=True))

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "moment": AgreedMoment(
                due=data["due"], agreed_with=data["agreed_with"], agreed_by=data["agreed_by"]
            )
        }

    aliases: dict[str, str] = {}


class MomentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} — {obj.due:%d-%m-%Y}"


class CheckForm(VersionedForm):
    """A check (R-MON-3): the case's safety conditions one by one, and every household member.

    The answers the service requires are optional here, so that a check missing several things
    is told all of them at once (the service names each), not the form's first."""

    moment = MomentChoice(
        label="Monitoringsmoment",
        queryset=MonitoringMoment.objects.none(),
        required=False,
        empty_label="— geen gepland moment (extra controle) —",
        error_messages={"invalid_choice": "Kies een moment van dit plan."},
    )
    held_on = _date("Datum van de controle")
    direct_safety = _choice(
        "Is er directe veiligheid?",
        YES_NO,
        "Geef aan of er directe veiligheid is.",
        radio=True,
        required=False,
    )
    stable_safety = _choice(
        "Is er stabiele veiligheid?",
        StableSafety.choices,
        "Geef aan of er stabiele veiligheid is.",
        radio=True,
        required=False,
    )
    recovery_worked_on = _choice(
        "Wordt aan herstel van de schade gewerkt?",
        YES_NO,
        "Geef aan of aan herstel van de schade wordt gewerkt.",
        radio=True,
        required=False,
    )
    recovery_note = _text("Toelichting herstel", required=False)
    partner_view = _text(
        "Visie van de ketenpartner",
        required=False,
        help_text="Verplicht als een ketenpartner verantwoordelijk is voor de veiligheid.",
    )
    summary = _text("Samenvatting van de controle", rows=4, required=False)

    SERVICE_REQUIRED = ("direct_safety", "stable_safety", "recovery_worked_on", "summary")

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = list(self.SERVICE_REQUIRED)
        if holding_partner(plan.case) is not None:  # the partner holds responsibility
            required.append("partner_view")
        for name in required:  # required, but said by the service (see above)
            self.fields[name].checked_by_service = True  # type: ignore[attr-defined]
        cast(MomentChoice, self.fields["moment"]).queryset = MonitoringMoment.objects.filter(
            plan=plan, held_check__isnull=True
        )
        self.fields["held_on"].initial = timezone.localdate()
        self.condition_rows = list(conditions.current(plan.case))
        for condition in self.condition_rows:
            self.fields[f"condition_{condition.pk}"] = forms.ChoiceField(
                label=conditions.text(condition),
                choices=ConditionResult.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"condition_{condition.pk}_note"] = _text(
                "Toelichting", required=False, rows=2
            )
        self.members = list(
            HouseholdMember.objects.filter(household=plan.case.household_id)
            .select_related("person")
            .order_by("pk")
        )
        for member in self.members:
            self.fields[f"member_{member.pk}_spoken"] = forms.BooleanField(
                label=f"Gesproken met {member.person.full_name} ({member.roles_display})",
                required=False,
            )
            self.fields[f"member_{member.pk}_reason"] = _text(
                f"Reden niet gesproken met {member.person.full_name}", required=False, rows=2
            )

    def condition_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"condition_{c.pk}"], self[f"condition_{c.pk}_note"]) for c in self.condition_rows
        ]

    def member_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"member_{m.pk}_spoken"], self[f"member_{m.pk}_reason"]) for m in self.members
        ]

    def service_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        yes_no = {"ja": True, "nee": False}
        return {
            "moment": data["moment"],
            "held_on": data["held_on"],
            "direct_safety": yes_no.get(data["direct_safety"]),
            "stable_safety": data["stable_safety"],
            "recovery_worked_on": yes_no.get(data["recovery_worked_on"]),
            "recovery_note": data["recovery_note"],
            "partner_view": data["partner_view"],
            "summary": data["summary"],
            "condition_results": {
                c.pk: ConditionCheck(
                    data[f"condition_{c.pk}"], data[f"condition_{c.pk}_note"] or ""
                )
                for c in self.condition_rows
                if data.get(f"condition_{c.pk}")
            },
            "contacts": {
                m.pk: MemberContact(
                    bool(data[f"member_{m.pk}_spoken"]), data[f"member_{m.pk}_reason"] or ""
                )
                for m in self.members
            },
        }

    aliases: dict[str, str] = {}


class EndForm(VersionedForm):
    outcome = _choice(
        "Uitkomst van het monitoren", Outcome.choices, "Kies de uitkomst.", radio=True
    )
    note = _text("Toelichting", rows=4)

    def service_args(self) -> dict[str, Any]:
        return {"outcome": self.cleaned_data["outcome"], "note": self.cleaned_data["note"]}

    aliases: dict[str, str] = {}
