from typing import Any

from django import forms
from django.forms import formset_factory

from zicht.core.forms import HiddenWithoutId, LimitedForm
from zicht.handover.models import HandedBackBy, ResolutionHolder, StepLevel, StepOutcome
from zicht.handover.services import Decision, Opinion
from zicht.handover.warm import REQUIRED, WarmMeeting
from zicht.organisation.models import PartnerAgency
from zicht.reports.disclosure import DisclosureGuardMixin

OPINION_ROWS = 3  # rows offered at first; "meer rijen" adds as many again


class VersionedForm(LimitedForm):
    """Carries the case version the user saw, so a save over someone else's change is refused."""

    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId)


def _area(label: str, *, required: bool = True, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class HandoverForm(DisclosureGuardMixin, VersionedForm):
    guarded_fields: tuple[str, ...] = (
        "facts",
        "safety_points",
    )  # the partner reads them (R-PRIV-5)

    partner = forms.ModelChoiceField(
        label="Ketenpartner",
        queryset=PartnerAgency.objects.none(),
        empty_label="— kies —",
        error_messages={
            "required": "Kies de ketenpartner aan wie u overdraagt.",
            "invalid_choice": "Deze ketenpartner kan niet (meer) gekozen worden.",
        },
    )
    facts = _area(
        "Feiten",
        rows=8,
        help_text="Alleen wat is waargenomen of vastgesteld, met wie het zag of zei en wanneer. "
        "Meningen en hypothesen vult u hieronder apart in.",
        error_messages={
            "required": "Een overdracht zonder feiten kan niet: beschrijf ten minste één feit."
        },
    )
    safety_points = _area(
        "Veiligheidsafspraken en aandachtspunten",
        required=False,
        help_text="Wat moet de ketenpartner weten om de veiligheid in het oog te houden?",
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class WarmHandoverForm(HandoverForm):
    """The warm form (R-HO-3): the handover meeting, a written rationale, the safety plan
    version handed over (the one the page showed) and the monitoring agreements."""

    guarded_fields = (
        "facts",
        "safety_points",
        "meeting_attendees",
        "partner_professional",
        "rationale",
        "monitoring_agreements",
    )

    plan_number = forms.IntegerField(
        label="Versie van het plan", widget=HiddenWithoutId, required=False, min_value=1
    )
    meeting_on = forms.DateField(
        label="Datum van het overdrachtsgesprek",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": REQUIRED["meeting_on"]},
    )
    meeting_attendees = _area(
        "Aanwezig bij het overdrachtsgesprek",
        rows=2,
        help_text="Namen en rollen; bij voorkeur was de cliënt erbij.",
        error_messages={"required": REQUIRED["meeting_attendees"]},
    )
    client_present = forms.BooleanField(label="De cliënt was bij het gesprek", required=False)
    partner_professional = forms.CharField(
        label="Professional van de ketenpartner die de zaak overneemt",
        max_length=200,
        error_messages={"required": REQUIRED["partner_professional"]},
    )
    rationale = _area(
        "Onderbouwing van de overdracht",
        rows=4,
        error_messages={"required": REQUIRED["rationale"]},
    )
    monitoring_agreements = _area(
        "Afspraken over monitoren",
        rows=3,
        error_messages={"required": REQUIRED["monitoring_agreements"]},
        help_text="Hoe vaak en wanneer Veilig Thuis de veiligheid volgt, met wie (ten minste na 3 "
        "en 12 maanden).",
    )

    def meeting(self) -> WarmMeeting:
        d = self.cleaned_data
        return WarmMeeting(
            held_on=d.get("meeting_on"),
            attendees=d.get("meeting_attendees") or "",
            client_present=bool(d.get("client_present")),
            partner_professional=d.get("partner_professional") or "",
            rationale=d.get("rationale") or "",
            monitoring_agreements=d.get("monitoring_agreements") or "",
            plan_number=d.get("plan_number"),
        )


class OpinionForm(DisclosureGuardMixin, LimitedForm):
    guarded_fields = ("text", "holder", "based_on")  # the partner reads them (R-PRIV-5)

    text = _area("Mening, oordeel of hypothese", required=False, rows=2)
    holder = forms.CharField(label="Van wie (naam en functie)", required=False, max_length=200)
    based_on = _area("Gebaseerd op welke feiten", required=False, rows=2)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in ("text", "holder", "based_on")):
            return data  # an empty row is no opinion
        if not (data.get("text") or "").strip():
            self.add_error("text", "Vul de mening in, of maak de hele rij leeg.")
        if not (data.get("holder") or "").strip():
            self.add_error(
                "holder", "Een mening zonder bron kan niet: vul in van wie deze mening is."
            )
        if not (data.get("based_on") or "").strip():
            self.add_error(
                "based_on",
                "Een mening zonder bron kan niet: vul in op welke feiten deze mening berust.",
            )
        return data

    def opinion(self) -> Opinion | None:
        data = self.cleaned_data
        if not data or not (data.get("text") or "").strip():
            return None
        return Opinion(text=data["text"], holder=data["holder"], based_on=data["based_on"])


OpinionFormSet = formset_factory(OpinionForm, extra=OPINION_ROWS, max_num=50, validate_max=True)


class HandBackForm(VersionedForm):
    by = forms.ChoiceField(
        label="Wie legt de zaak terug?",
        choices=HandedBackBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies wie de zaak teruglegt."},
    )
    reason = _area(
        "Reden",
        rows=3,
        error_messages={"required": "Geef de reden waarom de zaak wordt teruggelegd."},
    )


class DisputeForm(VersionedForm):
    reason = _area(
        "Waarover gaat het geschil?",
        rows=3,
        error_messages={"required": "Beschrijf waarover het geschil gaat."},
    )


class DisputeStepForm(VersionedForm):
    level = forms.TypedChoiceField(
        label="Stap",
        choices=StepLevel.choices,
        coerce=int,
        error_messages={"required": "Kies de stap.", "invalid_choice": "Kies een bestaande stap."},
    )
    held_on = forms.DateField(
        label="Datum van het overleg",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Vul de datum van het overleg in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2027.",
        },
    )
    participants = _area(
        "Deelnemers",
        rows=2,
        error_messages={"required": "Vul in wie er aan het overleg deelnamen."},
    )
    outcome = forms.ChoiceField(
        label="Uitkomst",
        choices=StepOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies de uitkomst: opgelost of niet opgelost."},
    )
    notes = _area("Toelichting", required=False, rows=2)


class ResolveForm(VersionedForm):
    holder = forms.ChoiceField(
        label="Wie is na het geschil verantwoordelijk?",
        choices=ResolutionHolder.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies wie na het geschil verantwoordelijk is."},
    )
    note = _area("Toelichting", required=False, rows=2)


class PartnerAnswerForm(LimitedForm):
    decision = forms.ChoiceField(
        label="Uw antwoord",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies uw antwoord.", "invalid_choice": "Kies uw antwoord."},
    )
    name = forms.CharField(
        label="Uw naam en functie",
        max_length=150,
        error_messages={
            "required": "Vul uw naam en functie in, zodat wij weten met wie wij contact hebben."
        },
    )
    reason = _area(
        "Reden (bij terugleggen)",
        required=False,
        rows=3,
        help_text="Verplicht als u de zaak teruglegt of niet oppakt.",
    )

    CHOICES = {
        Decision.ACCEPT: "Ontvangen en opgepakt: wij nemen de zaak over",
        Decision.WAITING_LIST: "Ontvangen, maar wachtlijst: wij kunnen niet binnen 2 weken starten",
        Decision.HAND_BACK: "Niet oppakken of terugleggen bij Veilig Thuis",
    }

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(d, self.CHOICES[d]) for d in allowed]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == Decision.HAND_BACK and not (data.get("reason") or "").strip():
            self.add_error("reason", "Geef de reden waarom u de zaak teruglegt of niet oppakt.")
        return data
