from django import forms

from zicht.core.forms import LimitedForm
from zicht.screening.services import NOTE_MAX

YES_NO = [("ja", "Ja, direct gevaar: crisisinterventie vandaag"), ("nee", "Nee")]


class ScreeningForm(LimitedForm):
    note = forms.CharField(
        label="Notitie",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kort: wat ziet u vandaag, wat is er veranderd sinds de vorige screening?",
        error_messages={
            "required": "Schrijf in een korte notitie wat u bij de screening zag.",
            "max_length": f"De notitie is te lang: hoogstens {NOTE_MAX} tekens.",
        },
    )
    acute = forms.TypedChoiceField(
        label="Is er direct gevaar?",
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of er direct gevaar is: ja of nee."},
    )


class EscalationForm(LimitedForm):
    escalated_on = forms.DateField(
        label="Datum van de escalatie",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Vul de datum van de escalatie in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 23-11-2026.",
        },
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )
    escalated_to = forms.CharField(
        label="Aan wie",
        max_length=200,
        help_text="Bijvoorbeeld: regionale stuurgroep Veilig Thuis, voorzitter mevrouw Jansen.",
        error_messages={
            "required": "Vul in aan wie u heeft geëscaleerd.",
            "max_length": "Aan wie is te lang: hoogstens 200 tekens.",
        },
    )
    note = forms.CharField(
        label="Toelichting",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf kort wat u heeft gevraagd of afgesproken."},
    )
