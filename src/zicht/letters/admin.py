from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.safestring import SafeString

from zicht.letters.models import LetterTemplate
from zicht.letters.preview import preview_frame
from zicht.letters.rendering import render_preview
from zicht.letters.sanitising import sanitise_template

CLEANED = (
    "Uit de brieftekst is weggehaald wat een brief niet mag bevatten, zoals afbeeldingen, "
    "stijlen, scripts, bijlagen, ingesloten bestanden en links zonder https, mailto of tel. "
    "Controleer het voorbeeld."
)


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ("name", "code", "subject", "body", "active")

    def clean_body(self) -> str:
        """Only the letter allow-list is stored (letters/sanitising.py); the syntax check of the
        model field then runs on what is kept."""
        typed = self.cleaned_data["body"]
        body = sanitise_template(typed)
        self.body_was_cleaned = body != typed.replace("\r\n", "\n")
        return body


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """The functional administrator writes the letters' texts here. Subject and body are checked
    on save: a template that does not compile is refused with a Dutch message at the field, and
    the body keeps only what a letter may contain."""

    form = LetterTemplateForm
    list_display = ("name", "code", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("name", "code", "subject")
    fields = ("name", "code", "subject", "body", "active", "preview")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Services choose a template by its code: renaming it would break them.
        return ("code", "preview") if obj is not None else ("preview",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: letters already sent refer to the code

    @admin.display(description="voorbeeld")
    def preview(self, obj: LetterTemplate) -> SafeString | str:
        """The saved text as a letter shows it, with «variable» where the case fills in."""
        if obj.pk is None:
            return "Na het opslaan ziet u hier een voorbeeld."
        return preview_frame(render_preview(obj.body), title=f"Voorbeeld: {obj.name}")

    def save_model(
        self, request: HttpRequest, obj: LetterTemplate, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if getattr(form, "body_was_cleaned", False):
            messages.warning(request, CLEANED)
