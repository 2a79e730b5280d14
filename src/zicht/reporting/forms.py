from datetime import date, timedelta
from typing import Any

from django import forms

from zicht.core.forms import LimitedForm
from zicht.reporting.periods import Period, between


class HalfYearForm(LimitedForm):
    halfjaar = forms.CharField(
        label="Halfjaar",
        max_length=7,
        help_text="Jaar en halfjaar, bijvoorbeeld 2026-1 (januari–juni) of 2026-2 (juli–december).",
        error_messages={"required": "Vul het halfjaar in, bijvoorbeeld 2026-1."},
    )


class MunicipalReportForm(LimitedForm):
    jaar = forms.IntegerField(
        label="Jaar",
        error_messages={
            "required": "Vul het jaar in, bijvoorbeeld 2026.",
            "invalid": "Vul het jaar in als getal, bijvoorbeeld 2026.",
        },
    )
    maanden = forms.TypedChoiceField(
        label="Rapportage",
        choices=[("4", "Na 4 maanden (januari–april)"), ("8", "Na 8 maanden (januari–augustus)")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies de rapportage na 4 of na 8 maanden.",
            "invalid_choice": "Kies de rapportage na 4 of na 8 maanden.",
        },
    )
    gemeente = forms.TypedChoiceField(
        label="Gemeente",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Leeg: de hele regio en elke gemeente.",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zicht.organisation.models import Municipality

        super().__init__(*args, **kwargs)
        # Every municipality is offered, also those outside the region: choosing one is
        # answered with why there is no report for it, not with a missing option.
        self.fields["gemeente"].choices = [("", "Alle gemeenten van de regio")] + [  # type: ignore[attr-defined]
            (m.pk, str(m)) for m in Municipality.objects.order_by("-in_region", "name")
        ]


def _municipality_choices() -> list[tuple[object, str]]:
    from zicht.organisation.models import Municipality

    return [("", "Alle gemeenten")] + [
        (m.pk, str(m)) for m in Municipality.objects.order_by("-in_region", "name")
    ]


class DashboardForm(LimitedForm):
    van = forms.DateField(
        label="Van",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul bij 'van' een geldige datum in, bijvoorbeeld 01-09-2026."},
    )
    tot = forms.DateField(
        label="Tot en met",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul bij 'tot en met' een geldige datum in."},
    )
    gemeente = forms.TypedChoiceField(
        label="Gemeente",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = _municipality_choices()  # type: ignore[attr-defined]


def _percent(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=-100,
        max_value=1000,
        help_text="Leeg: het percentage van het scenario.",
        error_messages={
            "invalid": f"Vul bij '{label}' een getal in, bijvoorbeeld 12,5.",
            "min_value": f"'{label}' is minstens -100.",
            "max_value": f"'{label}' is hoogstens 1000.",
            "max_digits": f"'{label}' is te groot.",
            "max_decimal_places": f"'{label}' heeft hoogstens 2 decimalen.",
        },
        localize=True,
    )


class CapacityForm(LimitedForm):
    scenario = forms.ChoiceField(
        label="Scenario",
        choices=[("low", "Laag"), ("middle", "Midden"), ("high", "Hoog")],
        initial="middle",
        error_messages={"invalid_choice": "Kies het scenario laag, midden of hoog."},
    )
    jaren = forms.TypedChoiceField(
        label="Aantal jaren vooruit",
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        initial="3",
        error_messages={"invalid_choice": "Kies 1 tot en met 5 jaar."},
    )
    groei_adviezen = _percent("groei adviezen per jaar (%)")
    meldcode_adviezen = _percent("effect meldcode op adviezen (%)")
    groei_meldingen = _percent("groei meldingen per jaar (%)")
    meldcode_meldingen = _percent("effect meldcode op meldingen (%)")


DASHBOARD_WEEKS = 12


def dashboard_filters(data: dict[str, Any], today: date) -> tuple[Period, Any]:
    """The dashboard's period (default: the last 12 weeks) and municipality (None: all)."""
    from zicht.organisation.models import Municipality

    last = data.get("tot") or today
    first = data.get("van") or last - timedelta(weeks=DASHBOARD_WEEKS) + timedelta(days=1)
    pk = data.get("gemeente")
    return between(first, last), Municipality.objects.get(pk=pk) if pk else None
