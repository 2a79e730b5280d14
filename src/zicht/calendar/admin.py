from django.contrib import admin

from zicht.calendar.models import ExtraNonWorkingDay


@admin.register(ExtraNonWorkingDay)
class ExtraNonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    search_fields = ("name", "reason")
    date_hierarchy = "date"
