from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "zicht.register"
    label = "register"
    verbose_name = "Landelijk register"
    default_auto_field = "django.db.models.BigAutoField"
