from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zicht.core.forms import LimitedForm
from zicht.core.limits import LimitedFormMixin


class EmailLoginForm(LimitedFormMixin, AuthenticationForm):
    """Step 1: e-mail address and password."""

    username = forms.EmailField(
        label="E-mailadres",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={
            "required": "Vul uw e-mailadres in.",
            "invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@veiligthuis.nl.",
        },
    )
    password = forms.CharField(
        label="Wachtwoord",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Vul uw wachtwoord in."},
    )
    error_messages = {
        "invalid_login": (
            "Het e-mailadres of het wachtwoord klopt niet. Na 5 mislukte pogingen wordt het "
            "account tijdelijk geblokkeerd."
        ),
        "inactive": "Dit account is niet actief. Neem contact op met de functioneel beheerder.",
    }


class TokenForm(LimitedForm):
    """Step 2: the 6-digit code from the authenticator app."""

    token = forms.RegexField(
        label="Code uit de authenticator-app",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={
            "required": "Vul de code van 6 cijfers in.",
            "invalid": "De code bestaat uit 6 cijfers.",
        },
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()
