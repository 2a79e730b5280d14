from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "zicht.involvement"
    label = "involvement"
    verbose_name = "Betrokkenheid van Veilig Thuis"
