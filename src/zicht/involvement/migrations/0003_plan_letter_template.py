"""The letter with the safety conditions and plan to the household (R-VV-2, R-OND-4): it says
which plan version it sends. The functional administrator may refine the text later."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

TO_HOUSEHOLD = """<p>Beste {{ recipient_name }},</p>

<p>In deze brief staan de veiligheidsvoorwaarden en het veiligheidsplan die wij samen met u hebben
gemaakt. Dit is versie {{ plan_version }} van het plan. Verandert er iets, dan maken wij een nieuwe
versie en sturen wij u die opnieuw.</p>

<h2>Veiligheidsvoorwaarden</h2>
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
{% if network %}<h2>Wie uit uw omgeving helpt</h2>
<ul>
{% for person in network %}  <li>{{ person.name }} ({{ person.relation }}){% if person.contribution %}: {{ person.contribution }}{% endif %}</li>
{% endfor %}</ul>{% endif %}

<p>Heeft u vragen, of maakt u zich zorgen over de veiligheid? Neem dan contact op met
{{ vt_worker }} van Veilig Thuis op {{ vt_phone }}, en noem ons kenmerk {{ case_number }}.</p>

<p>Met vriendelijke groet,</p>

<p>{{ vt_worker }}<br>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "safety_plan_to_household": (
        "Veiligheidsvoorwaarden en veiligheidsplan aan het huishouden",
        "Uw veiligheidsplan (versie {{ plan_version }})",
        TO_HOUSEHOLD,
    ),
}


class Migration(migrations.Migration):
    dependencies = [("involvement", "0002_plan_letter"), ("letters", "0002_vt_initiated_report_template")]

    operations = [add_templates(TEMPLATES)]
