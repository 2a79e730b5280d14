from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "zicht.conditions"
    label = "conditions"
    verbose_name = "Voorwaarden en vervolg"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.conditions.panel import PANEL
        from zicht.conditions.services import acknowledged_before_warm_handover
        from zicht.handover.warm import register_warm_check

        register(PANEL)
        register_warm_check("conditions_acknowledged", acknowledged_before_warm_handover)
