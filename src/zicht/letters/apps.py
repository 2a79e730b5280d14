from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "zicht.letters"
    label = "letters"
    verbose_name = "Brieven"
