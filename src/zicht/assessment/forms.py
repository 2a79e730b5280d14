from typing import Any

from django import forms

from zicht.assessment.models import CrisisAction, Outcome
from zicht.core.forms import HiddenWithoutId, LimitedForm

YES_NO = [("ja", "Ja"), ("nee", "Nee")]
TEXT = {"rows": 3}


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXT),
        help_text=help_text,
    )


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 23-11-2026."},
    )


def _screening(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Kies ja of nee."},
    )


def _flag(label: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


class AssessmentForm(LimitedForm):
    """The whole assessment. Completeness is checked by the service when submitting, so a draft
    can be saved half-filled; the form only turns the input into values."""

    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId, required=False)

    own_history_summary = _text(
        "Wat laten de eerdere meldingen en dossiers zien?",
        "Bekijk de lijst hierboven en vat samen wat van belang is (of schrijf dat er geen zijn).",
    )
    other_vt_asked_on = _date("Datum waarop andere Veilig Thuis-organisaties zijn bevraagd")
    other_vt_question = _text("Wat heeft u gevraagd?")
    other_vt_findings = _text("Wat hebben zij gevonden?")
    rvdk_asked_on = _date("Datum waarop de Raad is bevraagd")
    rvdk_request = _text("Vraag aan de Raad voor de Kinderbescherming")
    rvdk_answer = _text("Antwoord van de Raad voor de Kinderbescherming")

    screening_a = _screening("Screening A: is er acute onveiligheid?")
    screening_a_grounds = _text("Onderbouwing screening A")
    screening_b = _screening("Screening B: is er structurele ernstige onveiligheid?")
    screening_b_grounds = _text("Onderbouwing screening B")
    screening_c = _screening("Screening C: is er een schadelijke multiprobleem-leefsituatie?")
    screening_c_grounds = _text(
        "Onderbouwing screening C", "Screening C mag open blijven als B ‘ja’ is."
    )

    crisis_needed = _flag("Crisisinterventie is nodig (actie vandaag, binnen 24 uur)")
    crisis_action = forms.ChoiceField(
        label="Ondernomen crisisactie",
        required=False,
        choices=[("", "— nog geen —"), *CrisisAction.choices],
        error_messages={"invalid_choice": "Kies crisisdienst, politie of anders."},
    )
    crisis_description = _text("Beschrijving van de crisisactie")

    stay_direct_intervention = _flag("De veiligheid vraagt om direct ingrijpen")
    stay_short_term_agreements = _flag(
        "Structurele ernstige onveiligheid vraagt om veiligheidsafspraken op korte termijn"
    )
    stay_information_insufficient = _flag(
        "Huiselijk geweld of kindermishandeling is evident, maar de informatie is onvoldoende "
        "om een vervolg te kiezen"
    )
    stay_anonymity_promised = _flag("Aan de melder is anonimiteit toegezegd")
    stay_rvdk_investigation = _flag(
        "Veilig Thuis vraagt de Raad voor de Kinderbescherming om onderzoek"
    )

    outcome = forms.ChoiceField(
        label="Besluit",
        required=False,
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Kies een van de vijf besluiten."},
    )
    rationale = _text("Onderbouwing van het besluit")
    findings = _text(
        "Bevindingen en risico's",
        "Voor de brieven aan het huishouden en de melder; verplicht bij overdracht aan het "
        "huishouden.",
    )
    safety_agreements = _text(
        "Veiligheidsafspraken", "Verplicht bij overdracht aan het huishouden."
    )
    help_agency = _text(
        "Instantie waar het huishouden hulp kan vragen",
        "Naam en contactgegevens; verplicht bij overdracht aan het huishouden.",
    )

    # Every field may be empty in a draft; these may also be empty when submitting (or are
    # required only in some situations, as their hint says). The page marks only these optional.
    OPTIONAL = (
        "rvdk_asked_on",
        "screening_c",
        "screening_c_grounds",
        "crisis_needed",
        "crisis_action",
        "crisis_description",
        "stay_direct_intervention",
        "stay_short_term_agreements",
        "stay_information_insufficient",
        "stay_anonymity_promised",
        "stay_rvdk_investigation",
        "findings",
        "safety_agreements",
        "help_agency",
    )

    def __init__(self, *args: Any, anonymity_forced: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if anonymity_forced:
            field = self.fields["stay_anonymity_promised"]
            field.disabled = True
            field.initial = True
            field.help_text = (
                "Een melding in dit dossier is anoniem naar het huishouden: dit staat vast."
            )

    def content(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("screening_a", "screening_b", "screening_c"):
            data[name] = {"ja": True, "nee": False}.get(data.get(name) or "")
        return data


def initial_of(assessment: Any) -> dict[str, Any]:
    """The form's initial values from a saved assessment."""
    from zicht.assessment.services import AssessmentContent

    values = {name: getattr(assessment, name) for name in AssessmentContent.names()}
    for name in ("screening_a", "screening_b", "screening_c"):
        values[name] = {True: "ja", False: "nee"}.get(values[name], "")
    values["version"] = assessment.version
    return values


class ConfirmForm(LimitedForm):
    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId)
    case_version = forms.IntegerField(label="Versie van het dossier", widget=HiddenWithoutId)


class ReturnForm(LimitedForm):
    version = forms.IntegerField(label="Versie", widget=HiddenWithoutId)
    return_comment = forms.CharField(
        label="Opmerking voor de auteur",
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
        error_messages={"required": "Schrijf op wat de auteur moet aanpassen."},
    )
