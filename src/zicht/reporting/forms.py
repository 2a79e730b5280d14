from django import forms

from zicht.core.forms import LimitedForm


class HalfYearForm(LimitedForm):
    halfjaar = forms.CharField(
        label="Halfjaar",
        max_length=7,
        help_text="Jaar en halfjaar, bijvoorbeeld 2026-1 (januari–juni) of 2026-2 (juli–december).",
        error_messages={"required": "Vul het halfjaar in, bijvoorbeeld 2026-1."},
    )
