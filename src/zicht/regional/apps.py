from django.apps import AppConfig


class RegionalConfig(AppConfig):
    name = "zicht.regional"
    label = "regional"
    verbose_name = "Regionale taken: tijdelijk huisverbod en voorlichting"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.people.postal import register_away_address
        from zicht.regional.ban_letters import away_address
        from zicht.regional.panel import PANEL

        register(PANEL)
        register_away_address(away_address)
