"""The letters of a warm handover (R-HO-3 warm): the agreements in writing to the partner and to
the household, with the safety conditions of the plan version handed over. The functional
administrator may refine the text later."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

PLAN = """<h2>Veiligheidsvoorwaarden (veiligheidsplan, versie {{ plan_version }})</h2>
<p>Dit is het minimum dat nodig is voor directe en blijvende veiligheid:</p>
<ul>
{% for condition in conditions %}  <li>{{ condition.text }} Dit geldt voor {{ condition.whom }}.
  Zo wordt het gecontroleerd: {{ condition.check_how }}</li>
{% endfor %}</ul>
{% if actions %}<h2>Afspraken: wie doet wat, en wanneer</h2>
<ul>
{% for action in actions %}  <li>{{ action.who }}: {{ action.what }} (uiterlijk {{ action.due }})</li>
{% endfor %}</ul>{% endif %}
{% if care_needs %}<h2>Benodigde zorg</h2>
<ul>
{% for care in care_needs %}  <li>{{ care.who }}: {{ care.need }} (prioriteit {{ care.priority|lower }})</li>
{% endfor %}</ul>{% endif %}
{% if damages %}<h2>Schade en herstel</h2>
<ul>
{% for damage in damages %}  <li>{{ damage.who }}: {{ damage.damage }}. Voor herstel is nodig: {{ damage.recovery }}</li>
{% endfor %}</ul>{% endif %}
{% if network %}<h2>Betrokken netwerk</h2>
<ul>
{% for person in network %}  <li>{{ person.name }} ({{ person.relation }}){% if person.contribution %}: {{ person.contribution }}{% endif %}</li>
{% endfor %}</ul>{% endif %}
"""

MEETING = """<h2>Overdrachtsgesprek</h2>
<p>Op {{ meeting_on }} hebben wij de overdracht besproken. Aanwezig waren: {{ meeting_attendees }}.
{% if client_present %}Ook de cliënt was bij het gesprek.{% endif %}
Bij {{ partner_name }} neemt {{ partner_professional }} de zaak over.</p>
"""

MONITORING = """<h2>Afspraken over monitoren</h2>
<p>Veilig Thuis blijft na de overdracht volgen of het veilig blijft (monitoren):</p>
<p>{{ monitoring_agreements|linebreaksbr }}</p>
"""

TO_PARTNER = (
    """<p>Geachte {{ partner_name }},</p>

<p>Na de betrokkenheid van Veilig Thuis dragen wij deze zaak warm aan u over, zoals besproken in
het overdrachtsgesprek. Ons kenmerk is {{ case_number }}.</p>

<p><strong>Belangrijk: tot u de zaak heeft opgepakt, blijft Veilig Thuis verantwoordelijk.</strong>
Laat ons daarom binnen 2 werkdagen weten dat u deze overdracht heeft ontvangen. Kunt u niet binnen
2 weken starten, laat ons dat dan ook weten.</p>
"""
    + MEETING
    + """
<h2>Onderbouwing</h2>
<p>{{ rationale|linebreaksbr }}</p>

<h2>Feiten</h2>
<p>Dit is wat is waargenomen of vastgesteld:</p>
<p>{{ facts|linebreaksbr }}</p>

<h2>Meningen (dit zijn geen feiten)</h2>
{% if opinions %}<ul>
{% for opinion in opinions %}  <li><strong>Mening van {{ opinion.holder }}:</strong> {{ opinion.text }}<br>
  Gebaseerd op deze feiten: {{ opinion.based_on }}</li>
{% endfor %}</ul>{% else %}<p>Wij dragen geen meningen over, alleen de feiten hierboven.</p>{% endif %}
"""
    + PLAN
    + MONITORING
    + """
<h2>Ontvangst en start doorgeven</h2>
<p>Geef via de persoonlijke bevestigingslink door of u de zaak heeft ontvangen en opgepakt,
of dat u een wachtlijst heeft. Inloggen is niet nodig. Om uw cliënten te beschermen staat de link
niet in deze brief: {{ vt_worker }} stuurt hem u apart of leest hem u voor. De link werkt één keer
en is geldig tot {{ link_valid_until }}.</p>

<p>Met vriendelijke groet,</p>

<p>{{ vt_worker }}<br>{{ organisation_name }}</p>
"""
)

TO_HOUSEHOLD = (
    """<p>Beste {{ recipient_name }},</p>

<p>In deze brief staan de afspraken die wij samen hebben gemaakt over uw veiligheid en die van
uw gezin. {{ partner_name }} gaat u verder helpen. Zodra {{ partner_name }} de zaak heeft
opgepakt, is {{ partner_name }} uw aanspreekpunt.</p>
"""
    + MEETING
    + PLAN
    + MONITORING
    + """
<p>Heeft u vragen, of maakt u zich zorgen over de veiligheid? Neem dan contact op met
{{ vt_worker }} van Veilig Thuis op {{ vt_phone }}, en noem ons kenmerk {{ case_number }}.</p>

<p>Met vriendelijke groet,</p>

<p>{{ vt_worker }}<br>{{ organisation_name }}</p>
"""
)

TEMPLATES = {
    "warm_handover_to_partner": (
        "Warme overdracht aan een ketenpartner",
        "Warme overdracht van Veilig Thuis: de afspraken, graag binnen 2 werkdagen ontvangst "
        "bevestigen",
        TO_PARTNER,
    ),
    "warm_handover_to_household": (
        "Warme overdracht: afspraken aan het huishouden",
        "De afspraken over uw veiligheid en wie u verder helpt",
        TO_HOUSEHOLD,
    ),
}


class Migration(migrations.Migration):
    dependencies = [("handover", "0005_warm_handover"), ("letters", "0002_vt_initiated_report_template")]

    operations = [add_templates(TEMPLATES)]
