from django.apps import AppConfig


class InformingConfig(AppConfig):
    name = "zicht.informing"
    label = "informing"
    verbose_name = "Informeren van melder en huishouden"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.informing.panel import PANEL

        register(PANEL)
