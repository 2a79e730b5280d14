"""The access log is append-only: on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE.

The one exception is a purge of entries past their retention (5 years), which must first say so
with `SET LOCAL zicht.access_log_purge = 'on'` in its transaction; UPDATE is refused always.
SQLite (the embedded default) relies on the hash chain alone (`manage.py verify_access_log`).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION zicht_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'UPDATE'
       AND coalesce(current_setting('zicht.access_log_purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'het toegangslog is alleen-toevoegen: % geweigerd', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION zicht_access_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON audit_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION zicht_access_log_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS access_log_no_update ON audit_accesslogentry;
DROP TRIGGER IF EXISTS access_log_no_truncate ON audit_accesslogentry;
DROP FUNCTION IF EXISTS zicht_access_log_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    head = apps.get_model("audit", "AccessLogHead")
    head.objects.get_or_create(singleton=True, defaults={"last_hash": "0" * 64, "count": 0})


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
