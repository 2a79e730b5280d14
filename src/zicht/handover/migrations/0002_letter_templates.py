"""The two letters of a cold handover: to the partner (R-HO-3, R-HO-4: facts and opinions kept
apart, with the confirmation link) and to the municipality about a waiting list (R-HO-5). The
functional administrator may refine the text later."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

TO_PARTNER = """<p>Geachte {{ partner_name }},</p>

<p>Veilig Thuis draagt met deze brief een zaak aan u over. Wij vragen u de zorg voor de
veiligheid van dit gezin of huishouden over te nemen. Ons kenmerk is {{ case_number }}.</p>

<p><strong>Belangrijk: tot u de zaak heeft opgepakt, blijft Veilig Thuis verantwoordelijk.</strong>
Laat ons daarom binnen 2 werkdagen weten dat u deze overdracht heeft ontvangen. Kunt u niet binnen
2 weken starten, laat ons dat dan ook weten.</p>

<h2>Feiten</h2>
<p>Dit is wat is waargenomen of vastgesteld:</p>
<p>{{ facts|linebreaksbr }}</p>

{% if safety_points %}<h2>Veiligheidsafspraken en aandachtspunten</h2>
<p>{{ safety_points|linebreaksbr }}</p>{% endif %}

<h2>Meningen (dit zijn geen feiten)</h2>
{% if opinions %}<p>Hieronder staan meningen, oordelen of verwachtingen. Bij elke mening staat van wie
zij is en op welke feiten zij berust.</p>
<ul>
{% for opinion in opinions %}  <li><strong>Mening van {{ opinion.holder }}:</strong> {{ opinion.text }}<br>
  Gebaseerd op deze feiten: {{ opinion.based_on }}</li>
{% endfor %}</ul>{% else %}<p>Wij dragen geen meningen over, alleen de feiten hierboven.</p>{% endif %}

<h2>Ontvangst en start doorgeven</h2>
<p>Geef via deze link door of u de zaak heeft ontvangen en opgepakt, of dat u een wachtlijst
heeft. Inloggen is niet nodig. De link werkt één keer en is geldig tot {{ link_valid_until }}:</p>
<p>{{ confirmation_url }}</p>
<p>Werkt de link niet? Bel dan {{ vt_worker }} ({{ vt_team }}) op {{ vt_phone }} en noem ons
kenmerk.</p>

<p>Met vriendelijke groet,</p>

<p>{{ vt_worker }}<br>{{ organisation_name }}</p>
"""

WAITING_LIST = """<p>Geacht college,</p>

<p>Veilig Thuis heeft op {{ sent_on }} een zaak overgedragen aan {{ partner_name }} in uw
gemeente. Op {{ reported_on }} liet {{ partner_name }} ons weten dat zij de overdracht heeft
ontvangen, maar niet binnen 2 weken met de hulp kan starten, omdat er een wachtlijst is.</p>

<p>Zolang de hulp niet is gestart, blijft Veilig Thuis verantwoordelijk voor de veiligheid van
de betrokkenen. Wij informeren u hierover, omdat de gemeente verantwoordelijk is voor de
beschikbaarheid van hulp. Wij vragen u met {{ partner_name }} te bespreken hoe de wachttijd
kan worden verkort.</p>

<p>Om de privacy van de betrokkenen te beschermen noemen wij in deze brief geen namen. Ons
kenmerk is {{ case_number }}.</p>

<p>Heeft u vragen? Neem dan contact op met {{ vt_worker }} ({{ vt_team }}) op {{ vt_phone }}.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "handover_to_partner": (
        "Overdracht aan een ketenpartner",
        "Overdracht van Veilig Thuis: graag binnen 2 werkdagen ontvangst bevestigen",
        TO_PARTNER,
    ),
    "municipality_waiting_list": (
        "Gemeente informeren over wachtlijst ketenpartner",
        "Wachtlijst bij een ketenpartner na een overdracht van Veilig Thuis",
        WAITING_LIST,
    ),
}


class Migration(migrations.Migration):
    dependencies = [("handover", "0001_initial"), ("letters", "0002_vt_initiated_report_template")]

    operations = [add_templates(TEMPLATES)]
