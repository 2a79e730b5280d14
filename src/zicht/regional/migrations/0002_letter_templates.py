"""The two house-ban letters (R-HB-1), in plain Dutch: to the banned person and to each protected
adult, about what Veilig Thuis does. The functional administrator may refine the text later in
the admin; the variables stay the same. The letter to the banned person names no address of the
people at home (`regional.ban_letters` refuses one that would)."""

from typing import Any

from django.db import migrations

from zicht.letters.migration_ops import add_templates

PERPETRATOR = """<p>Beste {{ perpetrator_name }},</p>

<p>De burgemeester heeft u een tijdelijk huisverbod opgelegd (beschikking {{ order_reference }}
van {{ order_date }}). Het huisverbod geldt van {{ starts_at }} tot {{ ends_at }}. In die tijd
mag u de woning niet in en geen contact hebben met de mensen die daar wonen. De burgemeester kan
het huisverbod verlengen tot ten hoogste 28 dagen in totaal.</p>

<p><strong>Wat doet Veilig Thuis?</strong><br>
Veilig Thuis heeft de regie over wat er tijdens en na het huisverbod gebeurt. Wij nemen contact
met u op om te praten over wat er is gebeurd en over hulp voor u. Wij praten ook met de anderen
in het gezin. Samen met de hulpverleners werken wij aan afspraken, zodat het thuis veilig wordt.
Na het huisverbod houden wij in de gaten of die afspraken worden nagekomen.</p>

<p><strong>Contact</strong><br>
Uw contactpersoon bij Veilig Thuis is {{ vt_worker }}. U kunt ons bellen op {{ vt_phone }}. Noem
het kenmerk bovenaan deze brief.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

PROTECTED = """<p>Beste {{ recipient_name }},</p>

<p>De burgemeester heeft {{ perpetrator_name }} een tijdelijk huisverbod opgelegd (beschikking
{{ order_reference }} van {{ order_date }}). Het huisverbod geldt van {{ starts_at }} tot
{{ ends_at }}. In die tijd mag {{ perpetrator_name }} niet in uw woning komen en geen contact met
u of uw kinderen zoeken. De burgemeester kan het huisverbod verlengen tot ten hoogste 28 dagen in
totaal.</p>

<p><strong>Wat doet Veilig Thuis?</strong><br>
Veilig Thuis heeft de regie over wat er tijdens en na het huisverbod gebeurt. Wij nemen contact
met u en met uw kinderen op, en wij adviseren de hulpverleners die met het huisverbod werken.
Samen maken wij afspraken over de veiligheid thuis. Na het huisverbod houden wij in de gaten of
die afspraken worden nagekomen.</p>

<p><strong>Vragen of zorgen?</strong><br>
Uw contactpersoon bij Veilig Thuis is {{ vt_worker }}. Bel ons op {{ vt_phone }}; wij zijn dag en
nacht bereikbaar. Noem het kenmerk bovenaan deze brief. Komt {{ perpetrator_name }} toch naar de
woning, of is er direct gevaar? Bel dan 112.</p>

<p>Met vriendelijke groet,</p>

<p>{{ organisation_name }}</p>
"""

TEMPLATES = {
    "house_ban_perpetrator": (
        "Huisverbod: brief aan de uithuisgeplaatste",
        "Uw tijdelijk huisverbod en de rol van Veilig Thuis",
        PERPETRATOR,
    ),
    "house_ban_protected": (
        "Huisverbod: brief aan de beschermde personen",
        "Het tijdelijk huisverbod en wat Veilig Thuis doet",
        PROTECTED,
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("regional", "0001_initial"),
        ("letters", "0005_withdraw_and_sent_via"),
    ]

    operations = [add_templates(TEMPLATES)]
