from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "zicht.handover"
    label = "handover"
    verbose_name = "Overdracht aan ketenpartners"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.handover.panel import PANEL

        register(PANEL)
