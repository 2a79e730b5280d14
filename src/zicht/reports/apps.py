from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zicht.reports"
    label = "reports"
    verbose_name = "Contacten en meldingen"

    def ready(self) -> None:
        from zicht.letters import guards
        from zicht.reports import assessed
        from zicht.reports.disclosure import letter_guard

        guards.register("anonymous_reporter", letter_guard)
        # Each report's assessment day follows its case's assessment deadlines (R-WL-2).
        assessed.connect()
