from django.apps import AppConfig


class InvestigationConfig(AppConfig):
    name = "zicht.investigation"
    label = "investigation"
    verbose_name = "Onderzoek"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.investigation.panel import PANEL

        register(PANEL)
