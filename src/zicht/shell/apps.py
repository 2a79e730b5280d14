from django.apps import AppConfig


class ShellConfig(AppConfig):
    name = "zicht.shell"
    label = "shell"
    verbose_name = "Start en navigatie"
