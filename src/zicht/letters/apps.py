from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "zicht.letters"
    label = "letters"
    verbose_name = "Brieven"

    def ready(self) -> None:
        from zicht.cases.panels import register
        from zicht.letters.panel import PANEL

        register(PANEL)
