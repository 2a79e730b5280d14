"""The letters of a confirmed safety assessment: closing without concerns (R-TRI-5 outcome 1) and
the handover to the household, to the household and to the reporter (R-HO-2). Plain Dutch; the
functional administrator may refine the text later."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

CLOSED_HOUSEHOLD = """<p>Beste {{ recipient_name|default:"heer, mevrouw" }},</p>

<p>Veilig Thuis heeft een melding gekregen over uw gezin of huishouden. Wij hebben de situatie
zorgvuldig bekeken. Daarbij hebben wij ook informatie opgevraagd die wij mogen gebruiken.</p>

<p><strong>Wat wij hebben gevonden</strong><br>
Wij hebben geen zorgen gevonden over de veiligheid in uw gezin of huishouden. Veilig Thuis doet
daarom verder niets. Wij sluiten ons dossier (kenmerk {{ case_number }}).</p>

<p><strong>Maakt u zich later toch zorgen?</strong><br>
Maakt u zich zorgen over uw eigen veiligheid of over die van iemand in uw omgeving? Neem dan
opnieuw contact met ons op. U kunt ook zelf een melding doen. Veilig Thuis is dag en nacht
bereikbaar, 7 dagen per week, op het gratis telefoonnummer <strong>0800-2000</strong>.</p>

<p>Heeft u vragen over deze brief? Bel ons dan op 0800-2000 en noem het kenmerk.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

HANDOVER_HOUSEHOLD = """<p>Beste {{ recipient_name|default:"heer, mevrouw" }},</p>

<p>Veilig Thuis heeft een melding gekregen over uw gezin of huishouden, van {{ reporter }}.
Wij hebben de situatie bekeken. In deze brief leest u wat wij hebben gevonden en wat u met ons
heeft afgesproken.</p>

<p><strong>Wat wij hebben gevonden, en de risico's</strong><br>
{{ findings|linebreaksbr }}</p>

<p><strong>De afspraken over veiligheid</strong><br>
{{ safety_agreements|linebreaksbr }}</p>

<p><strong>Waar u hulp kunt vragen</strong><br>
Neem voor hulp contact op met: {{ help_agency|linebreaksbr }}</p>

<p>U zorgt vanaf nu zelf voor de veiligheid in uw gezin of huishouden, met de hulp die u zoekt.
Veilig Thuis sluit het dossier (kenmerk {{ case_number }}).</p>

<p><strong>Maakt u zich opnieuw zorgen?</strong><br>
Neem dan opnieuw contact op met Veilig Thuis, of doe een nieuwe melding. Wij zijn dag en nacht
bereikbaar op het gratis telefoonnummer <strong>0800-2000</strong>.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

HANDOVER_REPORTER = """<p>Beste {{ reporter_name }},</p>

<p>U heeft bij Veilig Thuis een melding gedaan. Wij hebben de situatie bekeken. Het huishouden
kan de veiligheid zelf bewaken en zoekt en aanvaardt hulp. Wij dragen de zorg voor de veiligheid
daarom over aan het huishouden zelf. In deze brief leest u wat wij hebben gevonden en wat er is
afgesproken, zodat u dat kunt gebruiken bij uw eigen contact met het huishouden.</p>

<p><strong>Wat wij hebben gevonden, en de risico's</strong><br>
{{ findings|linebreaksbr }}</p>

<p><strong>De afspraken over veiligheid</strong><br>
{{ safety_agreements|linebreaksbr }}</p>

<p><strong>Waar het huishouden hulp kan vragen</strong><br>
{{ help_agency|linebreaksbr }}</p>

<p><strong>Maakt u zich opnieuw zorgen?</strong><br>
Meld het dan opnieuw bij Veilig Thuis. Wij zijn dag en nacht bereikbaar op het gratis
telefoonnummer <strong>0800-2000</strong>. Noem dan ons kenmerk {{ case_number }}.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "assessment_closed_household": (
        "Afsluiten na veiligheidsbeoordeling (huishouden)",
        "Veilig Thuis heeft geen zorgen gevonden",
        CLOSED_HOUSEHOLD,
    ),
    "assessment_handover_household": (
        "Overdracht aan het huishouden (huishouden)",
        "Wat Veilig Thuis heeft gevonden en wat er is afgesproken",
        HANDOVER_HOUSEHOLD,
    ),
    "assessment_handover_reporter": (
        "Overdracht aan het huishouden (melder)",
        "Uw melding bij Veilig Thuis: wat wij hebben gevonden en afgesproken",
        HANDOVER_REPORTER,
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("letters", "0002_vt_initiated_report_template"),
    ]

    operations = [add_templates(TEMPLATES)]
