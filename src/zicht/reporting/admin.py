from django.contrib import admin

from zicht.reporting.models import ScenarioGrowth, TimeNorm


@admin.register(TimeNorm)
class TimeNormAdmin(admin.ModelAdmin):
    list_display = ("service", "hours", "source")
    list_editable = ("hours",)


@admin.register(ScenarioGrowth)
class ScenarioGrowthAdmin(admin.ModelAdmin):
    list_display = ("scenario", "stream", "yearly_percent", "code_percent")
    list_editable = ("yearly_percent", "code_percent")
    list_filter = ("scenario",)
