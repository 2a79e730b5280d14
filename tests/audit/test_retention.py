"""The access log keeps entries 5 years; the purge removes older ones and the chain still
verifies (R-PRIV-3, issue 18.4), tested by travelling in time."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from tests.audit.test_chain import AsDatabaseAdmin
from tests.concurrency import needs_postgresql
from zicht.audit.models import AccessEvent, AccessLogChain, AccessLogEntry, AccessLogSeal, Channel
from zicht.audit.retention import access_log_purge
from zicht.audit.services import access_log_record
from zicht.audit.verify import verify_chain

LONG_AGO = datetime(2020, 3, 1, 9, tzinfo=UTC)
RECENTLY = datetime(2024, 6, 1, 9, tzinfo=UTC)
TODAY = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _read(user, person_id: int) -> None:
    access_log_record(
        user=user, event=AccessEvent.READ, channel=Channel.HTML, person_ids=[person_id]
    )


def _log_over_the_years(user) -> None:
    for moment, persons in ((LONG_AGO, (1, 2, 3)), (RECENTLY, (4, 5)), (TODAY, (6,))):
        with time_machine.travel(moment, tick=False):
            for person_id in persons:
                _read(user, person_id)


def test_entries_older_than_five_years_are_removed_and_the_chain_verifies(case_worker):
    """R-PRIV-3 (18.4): the purge removes what is past 5 years, seals the chain at the last
    removed hash, and verification accepts the rest and catches later tampering as before."""
    _log_over_the_years(case_worker)
    last_old = AccessLogEntry.objects.filter(person_id=3).get()

    with time_machine.travel(TODAY, tick=False):
        result = access_log_purge()

    assert result.total == 3 and result.removed == {0: 3}
    assert sorted(AccessLogEntry.objects.values_list("person_id", flat=True)) == [4, 5, 6]
    head = AccessLogChain.objects.get(chain=0)
    assert (head.anchor_hash, head.purged, head.count) == (last_old.entry_hash, 3, 6)
    seal = AccessLogSeal.objects.get()
    assert (seal.chain, seal.removed, seal.last_entry_id) == (0, 3, last_old.pk)
    report = verify_chain()
    assert report.intact, report.problems
    assert report.checked == 3

    _read(case_worker, 7)  # the chain goes on from the kept head
    assert verify_chain().intact
    first_kept = AccessLogEntry.objects.order_by("id").first()
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(pk=first_kept.pk).delete()
    assert not verify_chain().intact  # removing the oldest kept entry is still found


def test_a_second_purge_moves_the_anchor_on(case_worker):
    """R-PRIV-3 (18.4): each run removes the next part and seals anew; nothing is left to purge
    when nothing is old enough."""
    _log_over_the_years(case_worker)
    with time_machine.travel(TODAY, tick=False):
        access_log_purge()
        assert access_log_purge().total == 0
    with time_machine.travel(datetime(2029, 7, 1, tzinfo=UTC), tick=False):
        assert access_log_purge().total == 2
    assert list(AccessLogEntry.objects.values_list("person_id", flat=True)) == [6]
    assert AccessLogChain.objects.get(chain=0).purged == 5
    assert AccessLogSeal.objects.count() == 2
    assert verify_chain().intact


def test_an_altered_old_entry_stops_the_purge_and_nothing_is_removed(case_worker):
    """R-PRIV-3 (18.4): the purge does not seal away an alteration: it refuses, removes nothing,
    and verification still reports the altered entry."""
    _log_over_the_years(case_worker)
    with AsDatabaseAdmin():
        AccessLogEntry.objects.filter(person_id=2).update(detail="achteraf veranderd")

    with time_machine.travel(TODAY, tick=False), pytest.raises(CommandError, match="regel"):
        call_command("purge_access_log", stdout=StringIO())

    assert AccessLogEntry.objects.count() == 6
    assert AccessLogChain.objects.get(chain=0).purged == 0
    assert not AccessLogSeal.objects.exists()
    assert not verify_chain().intact


def test_the_command_reports_what_it_removed(case_worker):
    """R-PRIV-3 (18.4): the periodic job prints how many entries it removed, before which date."""
    _log_over_the_years(case_worker)
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("purge_access_log", stdout=out)
    assert "3 regels van voor 01-12-2021 verwijderd uit 1 ketens" in out.getvalue()
    call_command("verify_access_log", stdout=StringIO())


@needs_postgresql
def test_outside_the_purge_the_trigger_still_refuses_a_delete(case_worker):
    """R-PRIV-3 (18.4): the purge's permission ends with its own statement: a delete after it,
    in the same or another transaction, is refused."""
    _log_over_the_years(case_worker)
    with time_machine.travel(TODAY, tick=False):
        access_log_purge()
    with pytest.raises(DatabaseError, match="alleen-toevoegen"), transaction.atomic():
        AccessLogEntry.objects.all().delete()
