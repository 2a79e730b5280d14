"""Each report's assessment day on the report (R-WL-2, issue 15): the column, its index, and the
day filled in for the reports already there, as `reports.assessed` keeps it from now on: the local
day of the first assessment deadline of the report's case that ended (met or lapsed) at or after
the report came in; empty while it waits."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

CHUNK = 2000


def fill(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Deadline = apps.get_model("cases", "Deadline")
    zone = timezone.get_default_timezone()
    last = 0
    while True:
        reports = list(
            Report.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "case_id", "received_at")[:CHUNK]
        )
        if not reports:
            return
        last = reports[-1][0]
        ended = defaultdict(list)
        for case_id, moment in Deadline.objects.filter(
            case_id__in={case_id for _, case_id, _ in reports},
            kind="assessment",
            met_at__isnull=False,
        ).values_list("case_id", "met_at"):
            ended[case_id].append(moment)
        per_day = defaultdict(list)
        for pk, case_id, received_at in reports:
            first = min((m for m in ended.get(case_id, ()) if m >= received_at), default=None)
            if first is not None:
                per_day[timezone.localdate(first, zone)].append(pk)
        for day, pks in per_day.items():
            for start in range(0, len(pks), 500):
                Report.objects.filter(pk__in=pks[start : start + 500]).update(assessed_on=day)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_text_max_length'),
        ('reports', '0004_idempotencyrecord_to_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='assessed_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='beoordeeld op'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['assessed_on', 'received_at'], name='report_waiting'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
