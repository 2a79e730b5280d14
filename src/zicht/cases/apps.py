from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "zicht.cases"
    label = "cases"
    verbose_name = "Dossiers"

    def ready(self) -> None:
        from zicht.cases.models import Case
        from zicht.people import scope

        # Which persons and households a user sees follows from their cases (people/scope.py).
        scope.register_case_scope(Case.objects.visible_to)
