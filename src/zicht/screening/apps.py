from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "zicht.screening"
    label = "screening"
    verbose_name = "Dagelijkse screening en wachtlijst"
