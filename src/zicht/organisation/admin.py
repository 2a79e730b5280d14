from django.contrib import admin

from zicht.organisation.models import Municipality, Organisation, PartnerAgency


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "phone")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # One organisation: it is edited, never added twice.
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "in_region", "active")
    list_filter = ("active", "in_region")
    search_fields = ("name", "cbs_code")


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "phone", "email", "active")
    list_filter = ("type", "active", "municipalities")
    search_fields = ("name", "contact_person", "email")
    filter_horizontal = ("municipalities",)
