"""The letter telling the household the decision on its request to destroy its file (R-PRIV-4).
The functional administrator may refine the text later."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

OUTCOME = """<p>Beste {{ recipient_name }},</p>

<p>Op {{ received_on }} heeft u Veilig Thuis gevraagd uw dossier te vernietigen. Ons kenmerk is
{{ case_number }}. In deze brief leest u ons besluit.</p>

{% if granted %}<h2>Wij vernietigen uw dossier</h2>
<p>Wij willigen uw verzoek in. Uw dossier wordt vernietigd: alle gegevens over u en uw gezin of
huishouden worden verwijderd. Alleen de registratie van wie het dossier heeft ingezien blijft
volgens de wet nog 5 jaar bewaard, zonder de inhoud van het dossier.</p>
{% else %}<h2>Wij bewaren uw dossier</h2>
<p>Wij kunnen uw verzoek niet inwilligen, omdat er een wettelijke grond is om het dossier te
bewaren: {{ reason }}</p>
<p>Bent u het niet eens met dit besluit? Dan kunt u binnen 6 weken bezwaar maken of een klacht
indienen bij Veilig Thuis. U kunt ook de Autoriteit Persoonsgegevens om hulp vragen.</p>
{% endif %}
<p>Heeft u vragen over deze brief? Bel ons dan op 0800-2000 en noem het kenmerk.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "retention_request_outcome": (
        "Besluit op een verzoek tot vernietiging",
        "Uw verzoek om uw dossier bij Veilig Thuis te vernietigen",
        OUTCOME,
    ),
}


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial"), ("letters", "0005_withdraw_and_sent_via")]

    operations = [add_templates(TEMPLATES)]
