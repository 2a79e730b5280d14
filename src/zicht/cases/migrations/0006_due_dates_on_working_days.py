# R-DL-4: an open deadline counted in weeks or months whose due date fell on a Saturday, Sunday or
# holiday now falls on the next working day; the monitoring moments are counted in calendar months
# instead of 13 and 52 weeks. Met deadlines keep the due date they were met against; deadlines in
# working days (always on a working day) and in real time (crisis action, house ban) keep theirs.
# Each moved deadline gets a timeline event, so the worker who noted "za 28 nov" sees why it moved.

from django.db import migrations
from django.utils import timezone

from zicht.calendar.periods import add_months
from zicht.calendar.workdays import next_working_day

# Frozen here: the kinds as they were counted when this migration was written.
IN_WEEKS = ("conditions_done", "investigation_done", "reporter_update", "partner_start")
IN_MONTHS = {"monitoring_3_months": 3, "monitoring_12_months": 12}
LABELS = {
    "conditions_done": "Voorwaarden en vervolg afronden",
    "investigation_done": "Onderzoek afronden",
    "reporter_update": "Melder informeren over overdracht",
    "partner_start": "Start hulp door ketenpartner",
    "monitoring_3_months": "Monitoringsmoment 3 maanden",
    "monitoring_12_months": "Monitoringsmoment 12 maanden",
}


DAY_OFF = "Een termijn die op een weekend- of feestdag eindigt, eindigt op de volgende werkdag."
CALENDAR_MONTHS = f"Maanden tellen als kalendermaanden. {DAY_OFF}"


def move_open_due_dates(apps, schema_editor):
    Deadline = apps.get_model("cases", "Deadline")
    TimelineEvent = apps.get_model("cases", "TimelineEvent")
    ExtraNonWorkingDay = apps.get_model("calendar", "ExtraNonWorkingDay")
    ContentType = apps.get_model("contenttypes", "ContentType")
    extra = frozenset(ExtraNonWorkingDay.objects.values_list("date", flat=True))
    open_rows = Deadline.objects.filter(met_at__isnull=True)
    # Grouped by what the new date depends on (the old due date; for months the start), so a
    # large table takes one update per date rather than one per row.
    groups = []
    weeks = open_rows.filter(kind__in=IN_WEEKS)
    for due in weeks.values_list("due", flat=True).distinct():
        groups.append((weeks.filter(due=due), next_working_day(due, extra=extra), DAY_OFF))
    for kind, count in IN_MONTHS.items():
        in_months = open_rows.filter(kind=kind)
        for start in in_months.values_list("started_on", flat=True).distinct():
            due = next_working_day(add_months(start, count), extra=extra)
            groups.append((in_months.filter(started_on=start), due, CALENDAR_MONTHS))
    target_type, _ = ContentType.objects.get_or_create(app_label="cases", model="deadline")
    now = timezone.now()
    for rows, due, why in groups:
        moved = list(rows.exclude(due=due).values_list("pk", "case_id", "kind", "due"))
        if not moved:
            continue
        rows.exclude(due=due).update(due=due)
        TimelineEvent.objects.bulk_create(
            [
                TimelineEvent(
                    case_id=case_id,
                    at=now,
                    kind="deadline_moved",
                    summary=f"Termijn verschoven: {LABELS[kind]}, uiterlijk {due:%d-%m-%Y} (was "
                    f"{old:%d-%m-%Y}). {why}",
                    target_type_id=target_type.pk,
                    target_id=pk,
                    data={"from": old.isoformat(), "to": due.isoformat()},
                )
                for pk, case_id, kind, old in moved
            ],
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("calendar", "0001_initial"),
        ("cases", "0005_worklist_index_order"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_open_due_dates, migrations.RunPython.noop)]
