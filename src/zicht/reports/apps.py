from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zicht.reports"
    label = "reports"
    verbose_name = "Contacten en meldingen"
