"""The letter that informs the professional that the MDO decided NOT to make a VT-initiated report
(R-ADV-7). The letters app's `vt_initiated_report_decision` says that VT takes the situation in
as a report, which would be untrue here; this letter uses the same context variables."""

from typing import Any

from django.db import migrations

CODE = "vt_initiated_report_declined"

BODY = """<p>Geachte {{ professional_name }},</p>

<p>U heeft Veilig Thuis om advies gevraagd over een situatie waarin u zich zorgen maakt over de
veiligheid van een of meer mensen. Wij hebben besproken of Veilig Thuis zelf een melding moet
doen, ook zonder uw toestemming. Met deze brief laten wij u weten wat wij hebben besloten.</p>

<p><strong>Ons besluit</strong><br>
Op {{ decision_date }} hebben wij in een multidisciplinair overleg (MDO) besloten: {{ decision }}</p>

<p>Veilig Thuis doet alleen zelf een melding als aan alle vier de volgende voorwaarden is
voldaan:</p>
<ul>
  <li>er is sprake van een hoog en acuut risico;</li>
  <li>de veiligheid kan niet (of niet voldoende) door u worden besproken of verbeterd, ook niet met
  steun van Veilig Thuis;</li>
  <li>wij hebben met u geen afspraak kunnen maken over het doen van een melding;</li>
  <li>Veilig Thuis beschikt over de gegevens van de betrokkenen.</li>
</ul>

<p><strong>Waarom wij dit besluit hebben genomen</strong><br>
{{ grounds }}</p>

<p><strong>Wat dit voor u betekent</strong><br>
De verantwoordelijkheid voor de veiligheid blijft bij u. Wij blijven u graag adviseren en
ondersteunen, bijvoorbeeld bij het voorbereiden van een gesprek. Maakt u zich opnieuw of meer
zorgen, neem dan direct contact met ons op. U kunt ook zelf een melding doen.</p>

<p><strong>Vragen</strong><br>
Heeft u vragen over dit besluit? Neem dan contact op met de medewerker van Veilig Thuis die uw
adviesvraag heeft behandeld. U kunt ons dag en nacht bereiken op het telefoonnummer bovenaan deze
brief.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""


def create(apps: Any, schema_editor: Any) -> None:
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "Besluit geen ambtshalve melding",
            "subject": "Besluit van Veilig Thuis: geen melding zonder uw toestemming",
            "body": BODY,
            "active": True,
        },
    )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("letters", "LetterTemplate").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0002_mdo_decision"),
        ("letters", "0002_vt_initiated_report_template"),
    ]

    operations = [migrations.RunPython(create, remove)]
