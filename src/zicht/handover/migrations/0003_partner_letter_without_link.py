"""The partner letter no longer carries the one-time confirmation link (issue 17 item 7).

A letter is kept with the case: every colleague who may see the case can open its HTML and PDF,
and with the link could answer as the partner. The link is shown once to the worker who sent the
handover (and answered once by the API), who passes it on; the letter says so. A template that
an administrator refined keeps its text except for the paragraph with the link.
"""

from typing import Any

from django.db import migrations

OLD = """<p>Geef via deze link door of u de zaak heeft ontvangen en opgepakt, of dat u een wachtlijst
heeft. Inloggen is niet nodig. De link werkt één keer en is geldig tot {{ link_valid_until }}:</p>
<p>{{ confirmation_url }}</p>"""

NEW = """<p>Geef via de persoonlijke bevestigingslink door of u de zaak heeft ontvangen en opgepakt,
of dat u een wachtlijst heeft. Inloggen is niet nodig. Om uw cliënten te beschermen staat de link
niet in deze brief: {{ vt_worker }} stuurt hem u apart of leest hem u voor. De link werkt één keer
en is geldig tot {{ link_valid_until }}.</p>"""

FALLBACK = "{{ confirmation_url }}"


def forward(apps: Any, schema_editor: Any) -> None:
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for template in LetterTemplate.objects.filter(code="handover_to_partner"):
        body = template.body.replace(OLD, NEW)
        if FALLBACK in body:  # an administrator's own wording: drop only the link
            body = body.replace(FALLBACK, "(de link ontvangt u apart)")
        template.body = body
        template.save(update_fields=["body"])


def backward(apps: Any, schema_editor: Any) -> None:
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for template in LetterTemplate.objects.filter(code="handover_to_partner"):
        template.body = template.body.replace(NEW, OLD)
        template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("handover", "0002_letter_templates")]

    operations = [migrations.RunPython(forward, backward)]
