"""Every stored template keeps only the letter allow-list (issue 17.1). The templates installed
by the migrations pass it unchanged; a template an administrator edited before the allow-list
existed is cleaned here, once."""

from typing import Any

from django.db import migrations

from zicht.letters.sanitising import sanitise_template


def sanitise(apps: Any, schema_editor: Any) -> None:
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for template in LetterTemplate.objects.all():
        body = sanitise_template(template.body)
        if body != template.body:
            LetterTemplate.objects.filter(pk=template.pk).update(body=body)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_vt_initiated_report_template"),
        ("advice", "0003_vt_initiated_report_declined_template"),
        ("assessment", "0002_letter_templates"),
        ("handover", "0002_letter_templates"),
        ("informing", "0002_letter_templates"),
    ]

    operations = [migrations.RunPython(sanitise, migrations.RunPython.noop)]
