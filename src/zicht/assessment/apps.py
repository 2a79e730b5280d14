from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zicht.assessment"
    label = "assessment"
    verbose_name = "Veiligheidsbeoordeling"

    def ready(self) -> None:
        from zicht.assessment import register_source
        from zicht.assessment.panel import PANEL
        from zicht.cases.panels import register

        register(PANEL)
        register_source.connect()
