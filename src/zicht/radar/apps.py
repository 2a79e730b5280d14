from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "zicht.radar"
    label = "radar"
    verbose_name = "Landelijk register (client)"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.radar import hooks
        from zicht.radar.panel import PANEL

        hooks.connect()
        register(PANEL)
