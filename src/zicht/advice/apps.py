from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "zicht.advice"
    label = "advice"
    verbose_name = "Advies en ondersteuning"

    def ready(self) -> None:
        from zicht.advice.panels import PANEL
        from zicht.advice.report_source import ADVICE_SOURCE
        from zicht.cases.panels import register
        from zicht.reports import sources

        register(PANEL)
        sources.register(ADVICE_SOURCE)
