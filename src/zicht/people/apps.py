from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "zicht.people"
    label = "people"
    verbose_name = "Personen en huishoudens"

    def ready(self) -> None:
        from zicht.audit import subjects
        from zicht.people.review import PersonDirectory

        # The access log's reviewer sees names beside numbers and can search (audit/subjects.py).
        subjects.register(PersonDirectory())
