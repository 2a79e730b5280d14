# The person and on-behalf-of indexes of the access log become partial (only where set). The new
# ones are built first and without blocking the log's writers (CONCURRENTLY on PostgreSQL), then
# the old ones are dropped the same way, so a lookup of one person's log never lacks an index.
# The foreign key on on_behalf_of stays as it is (AlterField alone would drop and re-add it).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from zicht.core.migration_ops import AddIndexOnline, DropIndexOnline

TABLE = "audit_accesslogentry"


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("audit", "0004_fewer_log_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexOnline(
            model_name="accesslogentry",
            index=models.Index(
                condition=models.Q(("person_id__isnull", False)),
                fields=["person_id"],
                name="access_log_person",
            ),
        ),
        AddIndexOnline(
            model_name="accesslogentry",
            index=models.Index(
                condition=models.Q(("on_behalf_of__isnull", False)),
                fields=["on_behalf_of"],
                name="access_log_on_behalf_of",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="on_behalf_of",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="person_id",
                    field=models.BigIntegerField(null=True),
                ),
            ],
            database_operations=[
                DropIndexOnline(
                    TABLE, "audit_accesslogentry_on_behalf_of_id_380320f4", ["on_behalf_of_id"]
                ),
                DropIndexOnline(TABLE, "audit_accesslogentry_person_id_3d97b432", ["person_id"]),
            ],
        ),
    ]
