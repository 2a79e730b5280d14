"""The letter templates an app ships, as a migration operation.

Each service app brings the Dutch texts of its letters as `LetterTemplate` rows (the functional
administrator edits them afterwards). Shipping them is one operation everywhere: create or update
each template by code, and on the way back remove them. It uses the migration's historical
model only (`apps.get_model`), so it keeps working whatever the model becomes later.
"""

from collections.abc import Mapping
from typing import Any

from django.db import migrations

# code → (name, subject, body)
Templates = Mapping[str, tuple[str, str, str]]


def add_templates(templates: Templates) -> migrations.RunPython:
    def create(apps: Any, schema_editor: Any) -> None:
        LetterTemplate = apps.get_model("letters", "LetterTemplate")
        for code, (name, subject, body) in templates.items():
            LetterTemplate.objects.update_or_create(
                code=code,
                defaults={"name": name, "subject": subject, "body": body, "active": True},
            )

    def remove(apps: Any, schema_editor: Any) -> None:
        apps.get_model("letters", "LetterTemplate").objects.filter(code__in=templates).delete()

    return migrations.RunPython(create, remove)
