"""The letters of monitoring (R-MON-2, R-MON-4): the agreements when it starts and the closing
letter when safety lasts, each to the household and to the partner. The functional administrator
may refine the text later."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

_MOMENTS = """<ul>
{% for moment in moments %}  <li>{{ moment.due }}: {{ moment.label|lower }}{% if moment.agreed_with %} (afgesproken met {{ moment.agreed_with|lower }}){% endif %}</li>
{% endfor %}</ul>"""

_CONDITIONS = """{% if conditions %}<h2>De veiligheidsvoorwaarden</h2>
<p>Bij elke controle kijken wij of deze voorwaarden worden nageleefd:</p>
<ul>
{% for condition in conditions %}  <li>{{ condition }}</li>
{% endfor %}</ul>{% endif %}"""

AGREEMENTS_HOUSEHOLD = f"""<p>Beste {{{{ recipient_name }}}},</p>

<p>Veilig Thuis blijft de komende tijd in beeld bij uw gezin of huishouden. Wij noemen dat
monitoren. Wij kijken of de veiligheid in uw gezin blijft en of er wordt gewerkt aan herstel. Het
monitoren begint op {{{{ started_on }}}} en duurt tot ongeveer {{{{ ends_on }}}}.</p>
{{% if partner_name %}}<p>{{{{ partner_name }}}} helpt u en is verantwoordelijk voor de hulp. Veilig Thuis
kijkt mee.</p>{{% endif %}}

<h2>Wanneer wij contact met u opnemen</h2>
<p>Wij spreken dan met alle leden van het huishouden. Dit zijn de momenten:</p>
{_MOMENTS}
{{% if agreements %}}<p>Wat wij verder met u hebben afgesproken: {{{{ agreements|linebreaksbr }}}}</p>{{% endif %}}

{_CONDITIONS}

<p>Heeft u vragen? Bel {{{{ vt_worker }}}} ({{{{ vt_team }}}}) op {{{{ vt_phone }}}} en noem ons
kenmerk {{{{ case_number }}}}.</p>

<p>Met vriendelijke groet,</p>

<p>{{{{ vt_worker }}}}<br>{{{{ organisation_name }}}}</p>
"""

AGREEMENTS_PARTNER = f"""<p>Geachte {{{{ recipient_name }}}},</p>

<p>U bent verantwoordelijk voor de veiligheid in het gezin of huishouden met ons kenmerk
{{{{ case_number }}}}. Veilig Thuis monitort de veiligheid van {{{{ started_on }}}} tot ongeveer
{{{{ ends_on }}}}. Bij elke controle vragen wij ook uw visie.</p>

<h2>De afgesproken momenten</h2>
{_MOMENTS}
{{% if agreements %}}<p>Verdere afspraken: {{{{ agreements|linebreaksbr }}}}</p>{{% endif %}}

{_CONDITIONS}

<p>Ziet u dat de veiligheid niet standhoudt? Neem dan direct contact op met {{{{ vt_worker }}}}
({{{{ vt_team }}}}) op {{{{ vt_phone }}}}.</p>

<p>Met vriendelijke groet,</p>

<p>{{{{ vt_worker }}}}<br>{{{{ organisation_name }}}}</p>
"""

CLOSED_HOUSEHOLD = """<p>Beste {{ recipient_name }},</p>

<p>Veilig Thuis heeft sinds {{ started_on }} gevolgd hoe het met de veiligheid in uw gezin of
huishouden gaat. Bij de laatste controles zagen wij dat de veiligheid blijft. Daarom stoppen wij op
{{ ended_on }} met monitoren en sluiten wij ons dossier.</p>

{% if outcome_note %}<p>{{ outcome_note|linebreaksbr }}</p>{% endif %}

<p>Maakt u zich later toch weer zorgen over de veiligheid, of wilt u iets vragen? U kunt Veilig
Thuis altijd bellen op {{ vt_phone }}, dag en nacht. Noem dan ons kenmerk {{ case_number }}.</p>

<p>Met vriendelijke groet,</p>

<p>{{ vt_worker }}<br>{{ organisation_name }}</p>
"""

CLOSED_PARTNER = """<p>Geachte {{ recipient_name }},</p>

<p>Veilig Thuis heeft de veiligheid in het gezin of huishouden met ons kenmerk {{ case_number }}
gemonitord sinds {{ started_on }}. De veiligheid is duurzaam: wij beëindigen het monitoren op
{{ ended_on }} en sluiten ons dossier.</p>

{% if outcome_note %}<p>{{ outcome_note|linebreaksbr }}</p>{% endif %}

<p>Ziet u later nieuwe signalen van onveiligheid, dan kunt u Veilig Thuis altijd raadplegen of een
melding doen op {{ vt_phone }}.</p>

<p>Met vriendelijke groet,</p>

<p>{{ vt_worker }}<br>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "monitoring_agreements_household": (
        "Monitoren: afspraken aan het huishouden",
        "Veilig Thuis blijft in beeld: de afspraken over het monitoren",
        AGREEMENTS_HOUSEHOLD,
    ),
    "monitoring_agreements_partner": (
        "Monitoren: afspraken aan de ketenpartner",
        "Monitoren door Veilig Thuis: de afgesproken momenten",
        AGREEMENTS_PARTNER,
    ),
    "monitoring_closed_household": (
        "Monitoren afgesloten: brief aan het huishouden",
        "Veilig Thuis stopt met monitoren",
        CLOSED_HOUSEHOLD,
    ),
    "monitoring_closed_partner": (
        "Monitoren afgesloten: brief aan de ketenpartner",
        "Veilig Thuis beëindigt het monitoren",
        CLOSED_PARTNER,
    ),
}


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial"), ("letters", "0005_withdraw_and_sent_via")]

    operations = [add_templates(TEMPLATES)]
