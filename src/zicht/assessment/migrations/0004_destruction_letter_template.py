"""R-PRIV-4: the letter after an assessment closed without concerns ("geen zorgen", VT found no
HG/KM) tells the household it may ask for destruction of its file, as the investigation's
"weerlegd" letter does. Added to the text once (an administrator's own wording is kept when it
mentions destruction already)."""

from typing import Any

from django.db import migrations

CODE = "assessment_closed_household"
BEFORE = "<p><strong>Maakt u zich later toch zorgen?</strong>"
PARAGRAPH = """<p><strong>Vernietiging van uw dossier</strong><br>
Omdat wij geen zorgen hebben gevonden, mag u ons vragen uw dossier te vernietigen. Dat kan met
een brief of e-mail aan Veilig Thuis waarin u om vernietiging vraagt; noem daarin het kenmerk.</p>

"""


def create(apps: Any, schema_editor: Any) -> None:
    template = apps.get_model("letters", "LetterTemplate").objects.filter(code=CODE).first()
    if template is None or "vernietig" in template.body:
        return
    if BEFORE in template.body:
        template.body = template.body.replace(BEFORE, PARAGRAPH + BEFORE, 1)
    else:
        template.body = template.body + "\n" + PARAGRAPH
    template.save(update_fields=["body"])


def remove(apps: Any, schema_editor: Any) -> None:
    template = apps.get_model("letters", "LetterTemplate").objects.filter(code=CODE).first()
    if template is not None:
        template.body = template.body.replace(PARAGRAPH, "")
        template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_text_max_length"), ("letters", "0005_withdraw_and_sent_via")]

    operations = [migrations.RunPython(create, remove)]
