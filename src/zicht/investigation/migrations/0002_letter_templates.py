"""The two letters of an investigation: its conclusion to the household (R-OND-2; after a
refutation with the right to ask for destruction of the file, R-PRIV-4) and informing the
college of a request to the child protection board (R-OND-5, Wmo 4.1.1 f). The functional
administrator may refine the text later."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

CONCLUSION = """<p>Beste {{ recipient_name }},</p>

<p>Veilig Thuis heeft onderzocht of er in uw gezin of huishouden sprake is van huiselijk geweld
of kindermishandeling. In deze brief leest u de conclusie van dat onderzoek. Ons kenmerk is
{{ case_number }}.</p>

<h2>Conclusie</h2>
<p>De conclusie van het onderzoek is: <strong>{{ conclusion }}</strong>.</p>

<h2>Feiten</h2>
<p>Deze conclusie berust op deze feiten:</p>
<p>{{ facts|linebreaksbr }}</p>

{% if opinions %}<h2>Meningen (dit zijn geen feiten)</h2>
<p>Hieronder staan meningen of oordelen. Bij elke mening staat van wie zij is en op welke feiten
zij berust.</p>
<ul>
{% for opinion in opinions %}  <li><strong>Mening van {{ opinion.holder }}:</strong> {{ opinion.text }}<br>
  Gebaseerd op deze feiten: {{ opinion.based_on }}</li>
{% endfor %}</ul>{% endif %}

<h2>Wat er nu gebeurt</h2>
<p>{{ next_steps|linebreaksbr }}</p>

{% if refuted %}<h2>Vernietiging van uw dossier</h2>
<p>Veilig Thuis heeft geconcludeerd dat er geen sprake is van huiselijk geweld of
kindermishandeling. U mag ons daarom vragen uw dossier te vernietigen. Dat kan met een brief of
e-mail aan Veilig Thuis waarin u om vernietiging vraagt; noem daarin ons kenmerk.</p>{% endif %}

<p>Heeft u vragen over deze brief? Neem dan contact op met {{ vt_worker }} ({{ vt_team }}) en
noem ons kenmerk.</p>

<p>Met vriendelijke groet,</p>

<p>{{ vt_worker }}<br>{{ organisation_name }}</p>
"""

COLLEGE = """<p>Geacht college,</p>

<p>Veilig Thuis heeft op {{ requested_on }} de Raad voor de Kinderbescherming verzocht een
onderzoek in te stellen naar de situatie van een gezin in uw gemeente. Op grond van artikel
4.1.1, eerste lid, onder f, van de Wet maatschappelijke ondersteuning 2015 informeren wij u
hierover.</p>

<p>Om de privacy van de betrokkenen te beschermen noemen wij in deze brief geen namen. Ons
kenmerk is {{ case_number }}.</p>

<p>Heeft u vragen? Neem dan contact op met {{ vt_worker }} ({{ vt_team }}).</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "investigation_conclusion_household": (
        "Conclusie van het onderzoek aan het huishouden",
        "De conclusie van het onderzoek van Veilig Thuis",
        CONCLUSION,
    ),
    "investigation_rvdk_college": (
        "College informeren over een verzoek aan de Raad",
        "Verzoek tot onderzoek aan de Raad voor de Kinderbescherming",
        COLLEGE,
    ),
}


class Migration(migrations.Migration):
    dependencies = [("investigation", "0001_initial"), ("letters", "0005_withdraw_and_sent_via")]

    operations = [add_templates(TEMPLATES)]
