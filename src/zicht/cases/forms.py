from typing import Any, TypedDict, cast

from django import forms

from zicht.accounts.models import Team, User
from zicht.cases.deadlines import Status, kind_choices
from zicht.cases.models import Case
from zicht.cases.workflow import Phase, transitions_for
from zicht.core.forms import HiddenWithoutId, LimitedForm
from zicht.organisation.models import Municipality


class VersionedForm(LimitedForm):
    """Carries the case version the user saw, so a save over someone else's change is refused."""

    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId)


class TransitionForm(VersionedForm):
    target = forms.ChoiceField(
        label="Volgende fase",
        error_messages={
            "required": "Kies de volgende fase.",
            "invalid_choice": "Deze fase kan nu niet.",
        },
    )
    reason = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom zet u deze stap? Dit komt in de tijdlijn van het dossier.",
    )

    def __init__(self, *args: Any, user: User, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "— kies —")] + [
            (t.target.value, f"{t.label} ({Phase(t.target).label})")
            for t in transitions_for(user, case.phase)
        ]


class AssignForm(VersionedForm):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.order_by("name"),
        error_messages={"required": "Kies een team."},
    )
    worker = forms.ModelChoiceField(
        label="Medewerker",
        required=False,
        queryset=User.objects.filter(is_active=True, teams__isnull=False)
        .distinct()
        .order_by("full_name"),
        empty_label="— nog niemand —",
    )


class MunicipalityForm(VersionedForm):
    """Sets or corrects the case's municipality; one outside the region is named so. Prefixed:
    the case page has other forms with a version."""

    prefix = "gemeente"

    municipality = forms.ModelChoiceField(
        label="Gemeente",
        queryset=Municipality.objects.filter(active=True),
        required=False,
        empty_label="— onbekend —",
        help_text="Waar het huishouden woont. Bepaalt welke ketenpartners de overdracht toont.",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )


class OpenCaseForm(LimitedForm):
    number = forms.RegexField(
        label="Dossiernummer",
        regex=r"^\s*\d{4}-\d{6}\s*$",
        help_text="Bijvoorbeeld 2026-000123.",
        error_messages={
            "required": "Vul een dossiernummer in.",
            "invalid": "Een dossiernummer ziet eruit als 2026-000123.",
        },
    )

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip()


class EmergencyAccessForm(LimitedForm):
    reason = forms.CharField(
        label="Reden voor noodtoegang",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Waarom moet u dit dossier nu inzien, terwijl het niet van uw team is? "
            "Uw teamleider ziet deze reden."
        ),
        error_messages={"required": "Geef een reden voor de noodtoegang."},
    )


class FilterSelect(forms.Select):
    """A plain list of options, written out in one template: Django's own renders two templates
    per option, which for the worklists' three filters cost more than a row of the list."""

    template_name = "cases/widgets/filter_select.html"


class WorklistFilters(TypedDict):
    """What a worklist is filtered by: `cases.selectors.open_deadlines`'s keyword arguments."""

    phase: str
    kind: str
    status: str


class WorklistFilterForm(LimitedForm):
    phase = forms.ChoiceField(
        label="Fase",
        required=False,
        choices=[("", "Alle fasen"), *Phase.choices],
        widget=FilterSelect,
    )
    kind = forms.ChoiceField(label="Termijn", required=False, widget=FilterSelect)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Alle"),
            *[(s.value, s.label) for s in Status if s not in (Status.MET, Status.LAPSED)],
        ],
        widget=FilterSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", "Alle termijnen"),
            *kind_choices(),
        ]

    def filters(self) -> "WorklistFilters":
        """The chosen filters, "" where none is chosen (or the input was invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        return WorklistFilters(
            phase=data.get("phase", ""), kind=data.get("kind", ""), status=data.get("status", "")
        )
