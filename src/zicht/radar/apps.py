from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "zicht.radar"
    label = "radar"
    verbose_name = "Landelijk register (client)"

    def ready(self) -> None:
        from zicht.cases import panels, worklist_signals
        from zicht.core.purge import purge_hook_register
        from zicht.radar import hooks, services
        from zicht.radar.panel import PANEL, WORKLIST_SIGNAL

        hooks.connect()
        panels.register(PANEL)
        worklist_signals.register(WORKLIST_SIGNAL)
        purge_hook_register("radar", services.case_purge)
