# The worklist indexes get the case after the due date, the worklists' order. The new ones are
# built first and without blocking writes to the deadlines (CONCURRENTLY on PostgreSQL), then the
# old ones are dropped the same way, so the worklists never lack an index.

from django.conf import settings
from django.db import migrations, models

from zicht.core.migration_ops import AddIndexOnline, DropIndexOnline

OPEN_OF_ACTIVE_CASES = models.Q(("case_active", True), ("met_at__isnull", True))
OPEN_SQL = '"case_active" AND "met_at" IS NULL'  # the same, for the way back


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("accounts", "0002_role_partner_system"),
        ("cases", "0004_deadline_worklist_copies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexOnline(
            model_name="deadline",
            index=models.Index(
                condition=OPEN_OF_ACTIVE_CASES,
                fields=["team", "due", "case"],
                name="deadline_team_page",
            ),
        ),
        AddIndexOnline(
            model_name="deadline",
            index=models.Index(
                condition=OPEN_OF_ACTIVE_CASES,
                fields=["worker", "due", "case"],
                name="deadline_worker_page",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="deadline", name="deadline_worklist_team"),
                migrations.RemoveIndex(model_name="deadline", name="deadline_worklist_worker"),
            ],
            database_operations=[
                DropIndexOnline(
                    "cases_deadline", "deadline_worklist_team", ["team_id", "due"], OPEN_SQL
                ),
                DropIndexOnline(
                    "cases_deadline", "deadline_worklist_worker", ["worker_id", "due"], OPEN_SQL
                ),
            ],
        ),
    ]
