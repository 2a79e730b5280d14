from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError

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
            "Het e-mailadres of het wachtwoord klopt niet. Na een paar mislukte pogingen moet u "
            "steeds langer wachten voor u het opnieuw kunt proberen."
        ),
        "inactive": "Dit account is niet actief. Neem contact op met de functioneel beheerder.",
    }

    def __init__(self, *args: Any, wait_seconds: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wait_seconds = wait_seconds

    def clean(self) -> dict[str, Any]:
        # A try during the wait (accounts.throttle) is refused before the password is checked.
        if self.wait_seconds:
            raise ValidationError(
                "Er is te vaak een verkeerd wachtwoord ingevuld voor dit account vanaf deze "
                f"computer of dit netwerk. Wacht {self.wait_seconds} "
                f"{'seconde' if self.wait_seconds == 1 else 'seconden'} en probeer het dan opnieuw.",
                code="throttled",
            )
        return super().clean()


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


class OwnPasswordForm(LimitedFormMixin, SetPasswordForm):
    """The password a person sets through their one-time link (a new account, a reset)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.help_text = (
            "Minstens 12 tekens, niet alleen cijfers, geen veelgebruikt wachtwoord en niet te veel "
            "lijkend op uw naam of e-mailadres."
        )
        second.label, second.help_text = "Nieuw wachtwoord nog een keer", ""
