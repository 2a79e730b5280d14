"""The three letters of informing (R-TRI-7, R-TRI-8), in plain Dutch. The functional
administrator may refine the text later in the admin; the variables stay the same."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

REPORTER_CONTACT = """<p>Beste {{ reporter_name }},</p>

<p>Op {{ contact_date }} hebben wij met u gesproken over uw melding bij Veilig Thuis. In deze
brief zetten wij op een rij wat wij hebben besproken.</p>

<p><strong>Hoe wij de veiligheid nu inschatten</strong><br>
{{ safety_judgement|linebreaksbr }}</p>

<p><strong>Wat u van ons weet voor uw eigen taak</strong><br>
{{ information_shared|linebreaksbr }}</p>

<p><strong>Wat u zelf kunt doen</strong><br>
{{ reporter_options|linebreaksbr }}</p>

<p><strong>Wat wij hebben afgesproken</strong><br>
{{ agreements|linebreaksbr }}</p>

<p>Wij delen met u alleen wat u nodig heeft om zelf te kunnen helpen. Zo beschermen wij de
privacy van de mensen om wie het gaat.</p>

<p>Maakt u zich opnieuw zorgen, of verandert er iets? Bel ons dan. Veilig Thuis is dag en nacht
bereikbaar op 0800-2000 (gratis). Noem daarbij het kenmerk bovenaan deze brief.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

HOUSEHOLD = """<p>Beste {{ recipient_name }},</p>

<p>Op {{ report_date }} heeft Veilig Thuis een melding gekregen over uw gezin. In de melding
staan zorgen over de veiligheid thuis. Wij vinden het belangrijk dat u dit van ons hoort.</p>

<p><strong>Wie de melding deed</strong><br>
De melding is gedaan door {{ reporter }}.</p>

<p><strong>Wat Veilig Thuis gaat doen en wat wij afspreken</strong><br>
{{ plans|linebreaksbr }}</p>

<p><strong>Wat is Veilig Thuis?</strong><br>
Veilig Thuis is er voor iedereen die te maken heeft met huiselijk geweld of kindermishandeling.
Wij willen dat iedereen in uw gezin veilig is. Wij werken daarvoor graag met u samen.</p>

<p><strong>Vragen of zorgen?</strong><br>
Heeft u vragen over deze brief? Of voelt u zich niet veilig? Bel Veilig Thuis. Wij zijn dag en
nacht bereikbaar op 0800-2000. Bellen is gratis. Noem het kenmerk bovenaan deze brief. Is er
direct gevaar? Bel dan 112.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

REPORTER_UPDATE = """<p>Beste {{ reporter_name }},</p>

<p>Op {{ report_date }} deed u een melding bij Veilig Thuis. Wij hebben u toen verteld dat
Veilig Thuis betrokken zou blijven. Met deze brief laten wij u weten hoe het verder gaat.</p>

<p><strong>Wie de hulp nu overneemt</strong><br>
{{ handed_over_to|linebreaksbr }}{% if partners %}<br>
Ketenpartner(s): {{ partners }}{% endif %}</p>

<p>Deze organisatie(s) zorgen vanaf nu samen met het gezin voor de veiligheid. Werkt u zelf met
het gezin? Dan kunt u met hen contact houden over uw eigen rol.</p>

<p>Maakt u zich opnieuw zorgen? Bel ons dan. Veilig Thuis is dag en nacht bereikbaar op
0800-2000 (gratis). Noem daarbij het kenmerk bovenaan deze brief.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "reporter_contact_confirmation": (
        "Bevestiging contact met de melder",
        "Wat wij met u bespraken over uw melding",
        REPORTER_CONTACT,
    ),
    "household_informed": (
        "Huishouden informeren over een melding",
        "Veilig Thuis heeft een melding gekregen over uw gezin",
        HOUSEHOLD,
    ),
    "reporter_update": (
        "Terugkoppeling aan de melder over de overdracht",
        "Wie de hulp na uw melding overneemt",
        REPORTER_UPDATE,
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("informing", "0001_initial"),
        ("letters", "0002_vt_initiated_report_template"),
    ]

    operations = [add_templates(TEMPLATES)]
