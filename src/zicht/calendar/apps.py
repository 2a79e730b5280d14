from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "zicht.calendar"
    label = "calendar"
    verbose_name = "Werkdagenkalender"
