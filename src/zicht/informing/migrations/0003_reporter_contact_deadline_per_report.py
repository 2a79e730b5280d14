"""Each report's reporter is contacted (R-TRI-7): a `reporter_contact` deadline now names its
report (`subject` "report:<id>"). Deadlines made before named none; give each the report it
belonged to: a met one the earliest contacted report, an open one the earliest report still
without a contact. (A second report that arrived while the first one's deadline was open got no
deadline of its own then; those are not invented here: the informing panel shows such a report
as not yet contacted.)"""

from django.db import migrations


def name_reports(apps, schema_editor):
    Deadline = apps.get_model("cases", "Deadline")
    Report = apps.get_model("reports", "Report")
    ReporterContact = apps.get_model("informing", "ReporterContact")
    unnamed = Deadline.objects.filter(kind="reporter_contact", subject="")
    for case_id in unnamed.values_list("case_id", flat=True).distinct():
        reports = list(
            Report.objects.filter(case_id=case_id).order_by("received_at", "pk").values_list(
                "pk", flat=True
            )
        )
        contacted = set(
            ReporterContact.objects.filter(case_id=case_id).values_list("report_id", flat=True)
        )
        taken = set(
            Deadline.objects.filter(case_id=case_id, kind="reporter_contact")
            .exclude(subject="")
            .values_list("subject", flat=True)
        )
        for deadline in unnamed.filter(case_id=case_id).order_by("started_on", "pk"):
            met = deadline.met_at is not None
            for report_id in reports:
                subject = f"report:{report_id}"
                if subject not in taken and (report_id in contacted) == met:
                    deadline.subject = subject
                    deadline.save(update_fields=["subject"])
                    taken.add(subject)
                    break


class Migration(migrations.Migration):
    dependencies = [
        ("informing", "0002_letter_templates"),
        ("reports", "0002_partner_system_account"),
        ("cases", "0007_deadline_subject_and_lapse"),
    ]

    operations = [migrations.RunPython(name_reports, migrations.RunPython.noop)]
