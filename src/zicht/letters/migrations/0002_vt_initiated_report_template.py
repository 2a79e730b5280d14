"""The first real letter: VT informs the professional of the MDO decision to make a VT-initiated
report (ambtshalve melding, R-ADV-7). The functional administrator may refine the text later."""

from typing import Any

from django.db import migrations

CODE = "vt_initiated_report_decision"

BODY = """<p>Geachte {{ professional_name }},</p>

<p>U heeft Veilig Thuis om advies gevraagd over een situatie waarin u zich zorgen maakt over de
veiligheid van een of meer mensen. Wij hebben deze situatie zorgvuldig besproken. Met deze brief
laten wij u weten welk besluit wij daarover hebben genomen.</p>

<p><strong>Ons besluit</strong><br>
Op {{ decision_date }} hebben wij in een multidisciplinair overleg (MDO) besloten: {{ decision }}</p>

<p>Dit betekent dat Veilig Thuis de situatie zelf als melding in behandeling neemt, ook al heeft u
daar geen toestemming voor gegeven. Wij doen dit alleen als aan alle vier de volgende voorwaarden
is voldaan:</p>
<ul>
  <li>er is sprake van een hoog en acuut risico;</li>
  <li>de veiligheid kan niet (of niet voldoende) door u worden besproken of verbeterd, ook niet met
  steun van Veilig Thuis;</li>
  <li>wij hebben met u geen afspraak kunnen maken over het doen van een melding;</li>
  <li>Veilig Thuis beschikt over de gegevens van de betrokkenen.</li>
</ul>

<p><strong>Waarom wij dit besluit hebben genomen</strong><br>
{{ grounds }}</p>

<p><strong>Wat er nu gebeurt</strong><br>
Veilig Thuis neemt contact op met de betrokkenen. Wij vertellen hun dat er een melding is en
wat wij gaan doen. Wij noemen uw naam alleen als dat nodig is en als wij dat eerst met u hebben
besproken. Uw eigen rol als hulpverlener blijft belangrijk: wij vragen u de zorg of begeleiding
die u biedt zo veel mogelijk voort te zetten.</p>

<p><strong>Vragen of bezwaar</strong><br>
Heeft u vragen over dit besluit, of bent u het er niet mee eens? Neem dan contact op met de
medewerker van Veilig Thuis die uw adviesvraag heeft behandeld. U kunt ons dag en nacht bereiken
op het telefoonnummer bovenaan deze brief. Vermeld daarbij ons kenmerk.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""


def create(apps: Any, schema_editor: Any) -> None:
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "Besluit ambtshalve melding",
            "subject": "Besluit van Veilig Thuis over een melding zonder uw toestemming",
            "body": BODY,
            "active": True,
        },
    )


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("letters", "LetterTemplate").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
