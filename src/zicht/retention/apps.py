from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "zicht.retention"
    label = "retention"
    verbose_name = "Bewaren en vernietigen"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.retention import hooks
        from zicht.retention.panel import PANEL

        register(PANEL)
        hooks.connect()
