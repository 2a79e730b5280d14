"""Indexes on tables written by every page are replaced without stopping those writes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

# sqlmigrate opens a schema editor, which SQLite allows only outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("app", "migration"), [("audit", "0005"), ("cases", "0005")])
def test_busy_tables_get_their_new_indexes_online_before_the_old_ones_go(app, migration):
    """On PostgreSQL the access log's and the deadlines' new indexes are built, and the old ones
    dropped, CONCURRENTLY (writers go on meanwhile), outside a transaction, the new before the
    old go; elsewhere the same statements without CONCURRENTLY. No foreign key is touched."""
    out = StringIO()
    call_command("sqlmigrate", app, migration, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line and not line.startswith("--")]
    creates = [i for i, line in enumerate(lines) if line.startswith("CREATE INDEX")]
    drops = [i for i, line in enumerate(lines) if line.startswith("DROP INDEX")]
    assert len(creates) == len(drops) == 2 and max(creates) < min(drops)
    assert len(lines) == 4  # no BEGIN, no table rebuilt, no constraint dropped and re-added
    online = connection.vendor == "postgresql"
    assert all(("CONCURRENTLY" in line) == online for line in lines)
