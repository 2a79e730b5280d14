from django.contrib import admin

from zicht.reports.models import PartnerSystemAccount


@admin.register(PartnerSystemAccount)
class PartnerSystemAccountAdmin(admin.ModelAdmin):
    """Partner systems and the team that receives their reports; the token itself is issued under
    API-tokens (Accounts), for the account's user with the role ‘Koppeling ketenpartner’."""

    list_display = ["partner", "user", "default_team", "active"]
    list_filter = ["active", "partner"]
    raw_id_fields = ["user"]
