"""On PostgreSQL the database itself refuses to change or remove access-log entries (R-PRIV-3).

SQLite has no such trigger; there the hash chain alone finds a change (test_chain.py).
"""

import pytest
from django.db import DatabaseError, connection, transaction

from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.audit.services import access_log_record
from zicht.audit.verify import verify_chain

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the append-only trigger exists on PostgreSQL only"
)

REFUSED = "het toegangslog is alleen-toevoegen"


@pytest.fixture
def entry(case_worker) -> AccessLogEntry:
    access_log_record(
        user=case_worker, event=AccessEvent.READ, channel=Channel.HTML, person_ids=[42]
    )
    return AccessLogEntry.objects.get(person_id=42)


def _purge(setting: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL zicht.access_log_purge = '{setting}'")


def test_update_through_the_orm_is_refused(entry):
    """R-PRIV-3: an UPDATE of an entry is refused by the trigger."""
    with pytest.raises(DatabaseError, match=f"{REFUSED}: UPDATE"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="achteraf")
    entry.refresh_from_db()
    assert entry.reason == ""


def test_saving_a_changed_entry_is_refused(entry):
    """R-PRIV-3: saving a changed model instance is an UPDATE and refused as well."""
    entry.detail = "gewijzigd"
    with pytest.raises(DatabaseError, match=f"{REFUSED}: UPDATE"), transaction.atomic():
        entry.save()


def test_update_is_refused_even_during_a_purge(entry):
    """R-PRIV-3: the purge of old entries may remove them, never change them."""
    with pytest.raises(DatabaseError, match=f"{REFUSED}: UPDATE"), transaction.atomic():
        _purge("on")
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="achteraf")


def test_delete_through_the_orm_is_refused(entry):
    """R-PRIV-3: a DELETE of an entry is refused unless a purge is declared."""
    with pytest.raises(DatabaseError, match=f"{REFUSED}: DELETE"), transaction.atomic():
        _purge("off")
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    assert verify_chain().intact


def test_deleting_a_model_instance_is_refused(entry):
    """R-PRIV-3: deleting through the instance is refused the same way."""
    with pytest.raises(DatabaseError, match=f"{REFUSED}: DELETE"), transaction.atomic():
        _purge("off")
        entry.delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_truncate_is_refused(entry):
    """R-PRIV-3: emptying the whole table at once is refused too."""
    with pytest.raises(DatabaseError, match=f"{REFUSED}: TRUNCATE"), transaction.atomic():
        _purge("off")
        with connection.cursor() as cursor:
            # The deferred foreign-key checks of the insert above must run first, or PostgreSQL
            # refuses the TRUNCATE for that reason instead of the trigger's.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE audit_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_a_declared_purge_may_delete(entry):
    """R-PRIV-3: the retention purge (after 5 years) declares itself and may then delete."""
    with transaction.atomic():
        _purge("on")
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert not AccessLogEntry.objects.filter(pk=entry.pk).exists()
