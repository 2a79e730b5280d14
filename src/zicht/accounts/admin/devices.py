"""Second factors in Beheer (issue 17.3): who has an authenticator app, never its secret.

django-otp's own admin shows the TOTP `key` and a QR code of it, and lets an administrator add or
edit a device, and so log in as anyone whose password they know. Here a device can only be looked
at; a lost phone is handled by ‘Wachtwoord en tweede factor resetten’ on the account."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

SHOWN = ("user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count")


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    list_display = SHOWN
    list_filter = ("confirmed",)
    search_fields = ("user__full_name", "user__email")
    fields = SHOWN
    readonly_fields = SHOWN

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
