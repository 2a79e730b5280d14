from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "zicht.involvement"
    label = "involvement"
    verbose_name = "Betrokkenheid van Veilig Thuis"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.involvement.panel import PANEL

        register(PANEL)
