from django.apps import AppConfig


class AdviceConfig(AppConfig):
    name = "zicht.advice"
    label = "advice"
    verbose_name = "Advies en ondersteuning"
