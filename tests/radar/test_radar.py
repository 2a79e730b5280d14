import pytest
from django.utils import timezone

from tests.assessment.conftest import content, report_case
from tests.people.factories import PersonFactory
from tests.radar.conftest import BOTH_DATABASES
from tests.register.conftest import MOTHER_ELSEWHERE, person
from zicht.assessment import services as assessment_services
from zicht.people import services as people_services
from zicht.people.models import HouseholdRole
from zicht.radar import services
from zicht.radar.models import Outbox, OutboxKind, RegisterMatch
from zicht.register.models import Match, Registration

pytestmark = pytest.mark.django_db(databases=BOTH_DATABASES)


def _mother():
    return PersonFactory(
        first_names="Fatima Zahra",
        last_name="El Amrani",
        birth_year=1988,
        birth_month=4,
        birth_day=11,
        sex="f",
        bsn="",
    )


def test_registering_a_case_queues_its_persons_and_delivers_them(register_service, author):
    """R-REG-1: when a case is registered, its persons are registered in the national register."""
    case = report_case(
        author,
        persons=[
            _mother(),
            PersonFactory(first_names="Noor", last_name="El Amrani", birth_year=2016),
        ],
    )
    (row,) = Outbox.objects.all()
    assert row.kind == OutboxKind.REGISTER and len(row.body["persons"]) == 2
    assert services.deliver_due() == 1
    registrations = Registration.objects.all()
    assert registrations.count() == 2
    assert {r.case_ref for r in registrations} == {case.register_registration.reference}
    assert case.number not in str(row.body)


def test_a_person_joining_the_case_is_registered_too(register_service, author):
    """R-REG-1: new persons are registered when they join the case."""
    case = report_case(author)
    services.deliver_due()
    newcomer = PersonFactory(first_names="Lotte", last_name="Vries", birth_year=2019)
    people_services.household_add_member(
        user=author, household=case.household, person=newcomer, role=HouseholdRole.CHILD
    )
    assert Outbox.objects.filter(delivered_at=None).count() == 1
    services.deliver_due()
    assert Registration.objects.count() == 3


def test_a_register_that_is_down_blocks_nothing_and_loses_nothing(register_service, author):
    """R-REG-1: intake goes on while the register is down; the outbox delivers everything, in
    order, once it is back — also when it went down in the middle of a round."""
    register_service.down = True
    cases = [report_case(author, persons=[PersonFactory()]) for _ in range(3)]
    assert services.deliver_due() == 0
    assert Outbox.objects.filter(delivered_at=None).count() == 3
    row = Outbox.objects.order_by("id").first()
    assert row.attempts == 1 and row.last_error == "ConnectionRefusedError"
    register_service.down = False
    register_service.fail_after = len(register_service.calls) + 1  # dies after one message
    assert services.deliver_due(now=row.next_attempt_at) == 1
    register_service.fail_after = None
    later = Outbox.objects.filter(delivered_at=None).order_by("id").first().next_attempt_at
    assert services.deliver_due(now=later) == 2
    assert {r.case_ref for r in Registration.objects.all()} == {
        c.register_registration.reference for c in cases
    }


def test_a_replayed_message_after_a_lost_answer_adds_nothing(register_service, author):
    """R-REG-1: the register got it but the answer was lost: the retry is harmless (idempotent)."""
    report_case(author, persons=[_mother()])
    row = Outbox.objects.get()
    register_service(row.kind and "POST", "/register/v1/registrations", row.body)  # the lost one
    assert services.deliver_due() == 1
    assert Registration.objects.count() == 1


def test_a_match_reaches_the_case_and_fills_the_assessment_source(
    register_service, other_vt, author
):
    """R-REG-1 + R-TRI-2: another VT registers the same mother (misspelled, swapped date, no
    BSN); Zicht pulls the notification once, shows it on the case and fills the draft
    assessment's "other VT organisations" source automatically."""
    case = report_case(author, persons=[_mother()])
    draft = assessment_services.assessment_save(
        user=author,
        case=case,
        content=content(other_vt_asked_on=None, other_vt_question="", other_vt_findings=""),
        expected_version=None,
    )
    services.deliver_due()
    answer = other_vt(
        "POST",
        "/register/v1/registrations",
        {
            "case_ref": "their-case-0001",
            "persons": [person("their-mother", MOTHER_ELSEWHERE, flip=0.01)],
        },
    )
    assert answer.status == 201
    assert services.pull_notifications() == 1
    assert services.pull_notifications() == 0  # acknowledged: not again
    match = RegisterMatch.objects.get()
    assert match.case == case and match.organisation == "Veilig Thuis Amsterdam-Amstelland"
    assert match.other_reference == "their-case-0001"
    draft.refresh_from_db()
    assert "Veilig Thuis Amsterdam-Amstelland" in draft.other_vt_findings
    assert draft.other_vt_asked_on == timezone.localdate()
    assert draft.version == 2
    # The other VT got its notification too, about the same match.
    theirs = other_vt("GET", "/register/v1/notifications").body
    assert [n["case_ref"] for n in theirs] == ["their-case-0001"]
    assert Match.objects.count() == 1


def test_a_repeated_notification_is_stored_once(register_service, other_vt, author):
    """R-REG-1: at-least-once delivery; the client keys on the notification id."""
    report_case(author, persons=[_mother()])
    services.deliver_due()
    other_vt(
        "POST",
        "/register/v1/registrations",
        {"case_ref": "their-case-0001", "persons": [person("their-mother", MOTHER_ELSEWHERE)]},
    )
    (notification,) = register_service("GET", "/register/v1/notifications").body
    assert services._receive(notification) == 1
    assert services._receive(notification) == 0
    assert RegisterMatch.objects.count() == 1


def test_a_notification_for_a_case_that_no_longer_exists_is_acknowledged(
    register_service, other_vt, author
):
    case = report_case(author, persons=[_mother()])
    services.deliver_due()
    other_vt(
        "POST",
        "/register/v1/registrations",
        {"case_ref": "their-case-0001", "persons": [person("their-mother", MOTHER_ELSEWHERE)]},
    )
    case.register_registration.persons.all().delete()
    assert services.pull_notifications() == 0
    assert register_service("GET", "/register/v1/notifications").body == []


def test_deregistering_ends_the_registration_in_the_register(register_service, author):
    """R-REG-2: when retention ends or the file is destroyed, the register's registration ends."""
    case = report_case(author, persons=[_mother()])
    services.deliver_due()
    services.case_deregister(case)
    assert services.deliver_due() == 1
    assert Registration.objects.get().ended_at is not None


def test_lookup_is_recorded_and_fills_the_source(register_service, author):
    """R-REG-1: during the assessment the worker asks the register; the answer is kept."""
    case = report_case(author, persons=[_mother()])
    services.deliver_due()
    asked = services.lookup(user=author, case=case)
    assert asked.answer == "Niet bekend bij andere Veilig Thuis-organisaties."
    draft = assessment_services.assessment_save(
        user=author,
        case=case,
        content=content(other_vt_asked_on=None, other_vt_question="", other_vt_findings=""),
        expected_version=None,
    )
    assert "Niet bekend" in draft.other_vt_findings and draft.other_vt_asked_on is not None


def test_nothing_is_registered_without_a_configured_register(author, settings):
    settings.REGISTER_URL = ""
    report_case(author)
    assert not Outbox.objects.exists()


def test_the_case_page_shows_the_match_and_the_worker_can_ask(register_service, other_vt, author):
    """R-REG-1: a match shows on the case page; the worker's lookup is answered and recorded,
    and the transfer is in Zicht's access log (R-PRIV-3)."""
    from tests.conftest import verified_client
    from zicht.audit.models import AccessEvent, AccessLogEntry

    case = report_case(author, persons=[_mother()])
    services.deliver_due()
    other_vt(
        "POST",
        "/register/v1/registrations",
        {"case_ref": "their-case-0001", "persons": [person("their-mother", MOTHER_ELSEWHERE)]},
    )
    services.pull_notifications()
    client = verified_client(author)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Landelijk register" in page and "Veilig Thuis Amsterdam-Amstelland" in page
    answer = client.post(f"/dossiers/{case.number}/register/bevragen", follow=True)
    assert answer.status_code == 200
    assert "bekend bij Veilig Thuis Amsterdam-Amstelland" in answer.content.decode()
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, event=AccessEvent.TRANSFER, detail="landelijk register bevraagd"
    ).exists()


def test_asking_while_the_register_is_down_says_so(register_service, author):
    from tests.conftest import verified_client

    case = report_case(author, persons=[_mother()])
    register_service.down = True
    answer = verified_client(author).post(f"/dossiers/{case.number}/register/bevragen", follow=True)
    assert answer.status_code == 200
    assert "niet bereikbaar" in answer.content.decode()


def test_a_match_shows_as_a_signal_in_the_worklists(register_service, other_vt, author):
    """R-REG-1: in "Mijn werk" the row of a case another VT organisation also knows carries the
    register's signal; the row of a case without a match does not (one query for the page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import verified_client
    from zicht.cases.models import Case

    case = report_case(author, persons=[_mother()])
    quiet = report_case(author, persons=[PersonFactory(first_names="Karin", last_name="de Wit")])
    Case.objects.filter(pk__in=[case.pk, quiet.pk]).update(worker=author)
    services.deliver_due()
    other_vt(
        "POST",
        "/register/v1/registrations",
        {"case_ref": "their-case-0001", "persons": [person("their-mother", MOTHER_ELSEWHERE)]},
    )
    assert services.pull_notifications() == 1
    client = verified_client(author)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/werk").content.decode()
    rows = page.split("<tr>")
    marked = [row for row in rows if case.number in row]
    plain = [row for row in rows if quiet.number in row]
    assert marked and plain
    assert all("Ook bekend bij andere VT" in row for row in marked)
    assert not any("Ook bekend bij andere VT" in row for row in plain)
    assert sum("radar_registermatch" in q["sql"] for q in queries.captured_queries) == 1


def test_a_slow_register_is_retried_later_and_the_log_names_no_reference(
    author, settings, monkeypatch, caplog
):
    """Bad input (issue 14), R-REG-1: a register that takes the connection but does not answer
    in time is unavailable: intake is done, the message waits for its next attempt, nothing is
    lost, and the log line names neither the case's reference nor a key or a name."""
    import logging
    import socket

    from zicht.radar import client as radar_client

    with socket.socket() as listener:  # accepts connections (the backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings.REGISTER_URL = f"http://127.0.0.1:{listener.getsockname()[1]}"
        settings.REGISTER_KEY = "vtr_test"
        settings.REGISTER_SECRET = "het-gedeelde-geheim"
        monkeypatch.setattr(radar_client, "TIMEOUT_SECONDS", 0.5)
        report_case(author, persons=[_mother()])
        with caplog.at_level(logging.WARNING, logger="zicht.radar"):
            assert services.deliver_due() == 0
    row = Outbox.objects.get()
    assert row.delivered_at is None and row.attempts == 1
    assert row.next_attempt_at > timezone.now()
    assert "unreachable" in caplog.text
    for secret in (row.case_reference, "Amrani", "Fatima", row.body["persons"][0]["clk"][:20]):
        assert secret not in caplog.text
