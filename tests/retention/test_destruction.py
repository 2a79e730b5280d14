"""Destroying a case file (R-PRIV-4, issue 18.1–18.3): nothing about its persons is left in any
table or stored file, but the access log (which verifies) and a destruction record; persons of
another file stay; every refusal leaves everything as it was."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.retention.conftest import (
    BIRTH_DATES,
    BSN,
    NAMES,
    age_closed_case,
    child,
    closed_without_concerns,
    mother,
)
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.audit.verify import verify_chain
from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.core.errors import Conflict, Gone
from zicht.letters.models import Letter
from zicht.people.models import Person
from zicht.retention import services
from zicht.retention.models import (
    Decision,
    DestructionProposal,
    DestructionRecord,
    LegalHold,
    Retention,
)

pytestmark = pytest.mark.django_db


def _every_value() -> list[tuple[str, str]]:
    """(table, value as text) of every column of every row of every table of the database: all
    apps' tables, the history tables, the task queue, sessions — found by introspection."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                found.extend((table, str(value)) for value in row if value is not None)
    return found


def _needles() -> list[str]:
    return [*NAMES, BSN, *BIRTH_DATES]


def _left_in_tables() -> list[tuple[str, str]]:
    needles = [needle.lower() for needle in _needles()]
    return [
        (table, value[:80])
        for table, value in _every_value()
        if any(needle in value.lower() for needle in needles)
    ]


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _destroy(case, admins, today=None):
    first, second = admins
    services.destruction_propose(user=first, number=case.number, today=today)
    return services.destruction_approve(user=second, number=case.number, today=today)


def test_priv4_destroyed_file_leaves_nothing_in_any_table_or_file(
    author, scientist, leader, admins, django_capture_on_commit_callbacks
):
    """R-PRIV-4 (18.2, 18.3): the household asks for destruction after "geen zorgen", a team
    leader grants it (letter to the household), two administrators destroy it; then no table and
    no stored file holds the persons' names, BSN or dates of birth, the access log still verifies
    and names the persons by number only, and the destruction record holds no personal data."""
    with django_capture_on_commit_callbacks(execute=True):
        case = closed_without_concerns(author, scientist)
        services.destruction_request_record(
            user=author,
            case=case,
            version=case.version,
            received_on=timezone.localdate(),
            requested_by="Karin Zwartevaal",
        )
        case.refresh_from_db()
        services.destruction_request_decide(
            user=leader, case=case, version=case.version, decision=Decision.GRANTED, reason=""
        )
    told = Letter.objects.get(case=case, template_code="assessment_closed_household")
    assert "mag u ons vragen uw dossier te vernietigen" in told.html  # R-PRIV-4, 18.2
    outcome = Letter.objects.get(case=case, template_code="retention_request_outcome")
    assert "Wij vernietigen uw dossier" in outcome.html
    assert Retention.objects.get(case=case).destroy_on == timezone.localdate()  # due at once
    timeline = dict(case.timeline.values_list("kind", "actor"))
    assert (timeline["destruction_requested"], timeline["destruction_decided"]) == (
        author.pk,
        leader.pk,
    )
    person_ids = sorted(case.person_ids())
    number = case.number
    assert _left_in_tables(), "the file's data must be there before"
    assert _stored_files(), "its letters' PDFs are in storage"

    with django_capture_on_commit_callbacks(execute=True):
        record = _destroy(case, admins)

    assert _left_in_tables() == []
    assert _stored_files() == []
    for path in _stored_files():  # pragma: no cover - belt and braces, none are left
        assert not any(n.encode() in path.read_bytes() for n in _needles())
    assert not Case.objects.filter(number=number).exists()
    assert not Person.objects.filter(pk__in=person_ids).exists()
    assert (record.case_number, record.basis) == (number, "request")
    assert (record.proposed_by, record.approved_by) == admins
    assert record.rows_removed > 20 and record.files_removed >= 2
    # the destruction itself is logged, one entry per person, by number only
    assert set(
        AccessLogEntry.objects.filter(event=AccessEvent.DELETE, case_number=number).values_list(
            "person_id", flat=True
        )
    ) == set(person_ids)
    report = verify_chain()
    assert report.intact, report.problems


def test_priv4_a_person_in_another_file_stays(author, scientist, admins):
    """R-PRIV-4 (18.3): a person who is also in another (closed) case's household is kept with
    that case; only the destroyed file's own persons and rows go."""
    shared = mother()
    destroyed = age_closed_case(closed_without_concerns(author, scientist, [shared, child()]))
    other = closed_without_concerns(
        author, scientist, [shared, child().__class__.objects.create(last_name="Anders")]
    )
    only_here = [pid for pid in destroyed.person_ids() if pid != shared.pk]
    services.retention_refresh(case=destroyed)

    record = _destroy(destroyed, admins)

    assert record.persons_kept == 1
    assert Person.objects.filter(pk=shared.pk).exists()
    assert not Person.objects.filter(pk__in=only_here).exists()
    other.refresh_from_db()
    assert shared.pk in other.person_ids()
    assert Letter.objects.filter(case=other).exists()
    assert verify_chain().intact


def test_priv4_refused_with_an_open_case_on_the_same_persons(author, scientist, admins):
    """R-PRIV-4 (bad input): an open case on one of the persons suspends destruction: refused
    with a Dutch message naming it, nothing changed."""
    shared = mother()
    old = age_closed_case(closed_without_concerns(author, scientist, [shared, child()]))
    services.retention_refresh(case=old)
    from tests.assessment.conftest import report_case

    open_case = report_case(author, persons=[shared])
    assert open_case.phase != Phase.CLOSED
    first, _ = admins

    with pytest.raises(
        Conflict, match=f"open dossier op dezelfde personen \\({open_case.number}\\)"
    ):
        services.destruction_propose(user=first, number=old.number)
    assert not DestructionProposal.objects.exists()
    assert Case.objects.filter(pk=old.pk).exists()


def test_priv4_refused_without_a_second_different_approver(author, scientist, admins):
    """R-PRIV-4 (bad input): the administrator who proposed cannot approve; without a proposal
    nothing can be approved; either way nothing is destroyed."""
    case = age_closed_case(closed_without_concerns(author, scientist))
    services.retention_refresh(case=case)
    first, second = admins
    rows_before = len(_every_value())

    with pytest.raises(Conflict, match="nog niet voorgedragen"):
        services.destruction_approve(user=second, number=case.number)
    services.destruction_propose(user=first, number=case.number)
    with pytest.raises(Conflict, match="tweede, andere functioneel beheerder"):
        services.destruction_approve(user=first, number=case.number)

    assert Case.objects.filter(pk=case.pk).exists()
    assert not DestructionRecord.objects.exists()
    # the proposal and the access-log entries of the refused tries are all that was added
    assert DestructionProposal.objects.filter(case=case).exists()
    assert len(_every_value()) >= rows_before


def test_priv4_refused_while_a_legal_hold_is_on_and_before_it_is_due(author, scientist, admins):
    """R-PRIV-4: a legal hold suspends destruction until lifted; a file not yet due is refused."""
    case = closed_without_concerns(author, scientist)  # closed today: due in 20 years
    first, second = admins
    with pytest.raises(Conflict, match="nog niet aan vernietiging toe"):
        services.destruction_propose(user=first, number=case.number)

    age_closed_case(case)
    hold = services.legal_hold_place(user=first, number=case.number, reason="Klacht loopt")
    with pytest.raises(Conflict, match="bewaarplicht"):
        services.destruction_propose(user=first, number=case.number)
    services.legal_hold_lift(user=second, hold_id=hold.pk)
    assert LegalHold.objects.get().lifted_by == second
    assert {"retention_hold_placed", "retention_hold_lifted"} <= set(
        case.timeline.values_list("kind", flat=True)
    )
    # R-PRIV-3: placing and lifting are in the access log, under the file's persons.
    logged = AccessLogEntry.objects.filter(case_id=case.pk, event=AccessEvent.CHANGE)
    assert {e.detail: e.user_id for e in logged if "bewaarplicht" in e.detail} == {
        "bewaarplicht geplaatst": first.pk,
        "bewaarplicht opgeheven": second.pk,
    }

    assert _destroy(case, admins).basis == "default"
    with pytest.raises(Gone, match="al vernietigd"):  # a second approval of the same file
        services.destruction_approve(user=admins[0], number=case.number)


def test_priv4_the_register_is_told_and_its_search_keys_removed(author, scientist, admins):
    """R-PRIV-4 (18.3, through the radar app's purge hook): the registration ends (an end
    message with only the random reference) and the registration messages with the persons'
    search keys are gone."""
    from zicht.radar.models import CaseRegistration, Outbox, OutboxKind
    from zicht.radar.services import case_register

    case = age_closed_case(closed_without_concerns(author, scientist))
    services.retention_refresh(case=case)
    case_register(case)
    reference = CaseRegistration.objects.get(case=case).reference
    assert Outbox.objects.filter(kind=OutboxKind.REGISTER, case_reference=reference).exists()

    _destroy(case, admins)

    assert list(Outbox.objects.values_list("kind", "case_reference", "body")) == [
        (OutboxKind.END, reference, {})
    ]
    assert not CaseRegistration.objects.exists()
