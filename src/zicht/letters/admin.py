from django.contrib import admin

from zicht.letters.models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """The functional administrator writes the letters' texts here. Subject and body are checked
    on save: a template that does not compile is refused with a Dutch message at the field."""

    list_display = ("name", "code", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("name", "code", "subject")
    fields = ("name", "code", "subject", "body", "active")

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Services choose a template by its code: renaming it would break them.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # deactivate instead: letters already sent refer to the code
