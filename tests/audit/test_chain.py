"""The access log's hash chain finds an altered or removed entry (R-PRIV-3)."""

import itertools
import threading
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.models import F

from tests.concurrency import needs_postgresql
from tests.factories import UserFactory
from zicht.audit.models import AccessEvent, AccessLogChain, AccessLogEntry, Channel
from zicht.audit.services import GENESIS, access_log_batch, access_log_record
from zicht.audit.verify import verify_chain

CASE = SimpleNamespace(pk=7, number="VT-2025-0007")


def _record_three(user):
    for person_id, event in ((1, AccessEvent.READ), (2, AccessEvent.CHANGE), (3, AccessEvent.READ)):
        access_log_record(
            user=user, event=event, channel=Channel.HTML, person_ids=[person_id], case=CASE
        )
    return list(AccessLogEntry.objects.order_by("id"))


class AsDatabaseAdmin:
    """Someone with direct database access, bypassing the append-only trigger on PostgreSQL."""

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The foreign-key checks of the test's inserts are deferred: run them now, as
                # ALTER TABLE refuses a table with pending trigger events.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "ALTER TABLE audit_accesslogentry DISABLE TRIGGER access_log_no_update"
                )

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "ALTER TABLE audit_accesslogentry ENABLE TRIGGER access_log_no_update"
                )


def _verify_fails() -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="Toegangslog NIET intact"):
        call_command("verify_access_log", stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_entries_written_by_the_service_verify_intact(case_worker):
    """R-PRIV-3: entries written through access_log_record form an intact chain."""
    _record_three(case_worker)
    out = StringIO()
    call_command("verify_access_log", stdout=out)
    assert "Toegangslog intact: 3 regels." in out.getvalue()


def test_empty_log_verifies_intact(db):
    """R-PRIV-3: an empty access log is intact (the migration creates the chain's head)."""
    report = verify_chain()
    assert report.intact and report.checked == 0


def test_an_entry_changed_in_the_database_is_found(case_worker):
    """R-PRIV-3: an entry altered behind the application's back breaks its hash."""
    middle = _record_three(case_worker)[1]
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(pk=middle.pk).update(reason="achteraf verzonnen reden")

    problems = _verify_fails()
    assert f"entry {middle.pk}: content does not match its hash (altered)" in problems
    assert problems.count("entry ") == 1  # the entries around it are untouched


def test_a_changed_time_is_found(case_worker):
    """R-PRIV-3: moving an entry in time is an alteration too."""
    first = _record_three(case_worker)[0]
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(pk=first.pk).update(at=F("at") - timedelta(hours=2))
    assert f"entry {first.pk}: content does not match its hash" in _verify_fails()


def test_a_rehashed_entry_still_breaks_the_chain(case_worker):
    """R-PRIV-3: recomputing the altered entry's own hash does not hide it: the next entry
    points to the old hash."""
    from zicht.audit.services import entry_digest

    entries = _record_three(case_worker)
    middle = entries[1]
    middle.reason = "verzonnen"
    new_hash = entry_digest(middle)
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(pk=middle.pk).update(reason="verzonnen", entry_hash=new_hash)
    assert f"entry {entries[2].pk}: chain broken before it" in _verify_fails()


def test_a_removed_middle_entry_is_found(case_worker):
    """R-PRIV-3: removing an entry from the middle breaks the link of the entry after it."""
    entries = _record_three(case_worker)
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(pk=entries[1].pk).delete()

    problems = _verify_fails()
    assert f"entry {entries[2].pk}: chain broken before it (entry removed or inserted)" in problems
    assert "chain 0: expected 3 entries" in problems


def test_a_removed_newest_entry_is_found(case_worker):
    """R-PRIV-3: removing the newest entry leaves every link intact, but not the chain's head."""
    entries = _record_three(case_worker)
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(pk=entries[-1].pk).delete()

    problems = _verify_fails()
    assert "chain 0: expected 3 entries" in problems
    assert "found 2" in problems
    assert "chain broken" not in problems


def test_sequential_writes_from_several_users_keep_one_chain(db):
    """R-PRIV-3: interleaved writes by several users, of one and of many persons, form one
    chain; the head holds the newest hash and the count."""
    users = [UserFactory(), UserFactory(team_leader=True), None]  # None: the system itself
    for round_ in range(5):
        for user in users:
            access_log_record(
                user=user,
                event=AccessEvent.READ,
                channel=Channel.SYSTEM if user is None else Channel.HTML,
                person_ids=[round_, round_ + 100, round_ + 200],
            )
    entries = list(AccessLogEntry.objects.order_by("id"))
    assert len(entries) == 45
    prev = GENESIS
    for entry in entries:
        assert entry.prev_hash == prev
        prev = entry.entry_hash
    head = AccessLogChain.objects.get(chain=0)  # no other transaction held it
    assert (head.last_hash, head.count) == (prev, 45)
    assert verify_chain().intact


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_every_chain_linear():
    """R-PRIV-3: writers in parallel transactions each take a chain head no one else holds, so
    they never wait for each other, and every chain stays one line without forks."""
    user = UserFactory()
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def write(offset: int) -> None:
        try:
            start.wait()
            for n in range(10):
                access_log_record(
                    user=user,
                    event=AccessEvent.READ,
                    channel=Channel.API,
                    person_ids=[offset * 100 + n],
                )
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    report = verify_chain()
    assert report.intact, report.problems
    assert report.checked == 40
    for chain in AccessLogEntry.objects.values_list("chain", flat=True).distinct():
        links = list(
            AccessLogEntry.objects.filter(chain=chain)
            .order_by("id")
            .values_list("prev_hash", "entry_hash")
        )
        assert [prev for prev, _ in links] == [GENESIS] + [entry for _, entry in links[:-1]]
        head = AccessLogChain.objects.get(chain=chain)
        assert (head.count, head.last_hash) == (len(links), links[-1][1])


def test_an_entry_moved_to_another_chain_is_found(case_worker):
    """R-PRIV-3: the chain an entry belongs to is protected by the links of both chains."""
    entries = _record_three(case_worker)
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(pk=entries[1].pk).update(chain=5)
    problems = _verify_fails()
    assert "chain broken" in problems and "chain 5" in problems


def test_a_batch_writes_its_entries_at_the_end_in_one_run(case_worker):
    """R-PRIV-3: entries recorded inside `access_log_batch` are written when it ends, in the
    order recorded, each with its own time, as one linked run that verifies intact."""
    with access_log_batch():
        _record_three(case_worker)
        assert not AccessLogEntry.objects.exists()  # held until the block ends
        with access_log_batch():  # a nested batch joins the outer one
            access_log_record(
                user=case_worker, event=AccessEvent.SEARCH, channel=Channel.API, person_ids=[4]
            )
        assert not AccessLogEntry.objects.exists()
    entries = list(AccessLogEntry.objects.order_by("id"))
    assert [e.person_id for e in entries] == [1, 2, 3, 4]
    assert [e.event for e in entries][-1] == AccessEvent.SEARCH
    assert entries[0].at <= entries[-1].at
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    assert verify_chain().intact


def test_a_batch_that_raises_writes_nothing(case_worker):
    """R-PRIV-3: a failed change rolls back, and with it the entries that recorded it."""
    with pytest.raises(RuntimeError), access_log_batch():
        _record_three(case_worker)
        raise RuntimeError("refused")
    assert not AccessLogEntry.objects.exists()
    _record_three(case_worker)  # and the next write is not held back
    assert AccessLogEntry.objects.count() == 3


@pytest.mark.django_db
def test_a_user_with_a_long_name_and_address_is_logged_and_verifies():
    """R-PRIV-3: the label names the user within its column; their id is logged beside it."""
    user = UserFactory(full_name="N" * 150, email=f"{'a' * 200}@zicht.test")
    access_log_record(user=user, event=AccessEvent.READ, channel=Channel.HTML, person_ids=[7])
    entry = AccessLogEntry.objects.get(person_id=7)
    assert entry.user_id == user.pk and len(entry.user_label) == 200
    assert verify_chain().intact
