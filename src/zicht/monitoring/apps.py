from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "zicht.monitoring"
    label = "monitoring"
    verbose_name = "Monitoren"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.cases.workflow import register_guard
        from zicht.monitoring.guards import monitoring_guard
        from zicht.monitoring.panel import PANEL

        register(PANEL)
        register_guard(monitoring_guard)
