"""Reviewing the access log: a person's log, a staff member's log, CSV exports (R-PRIV-3)."""

import csv
import io
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import verified_client
from tests.factories import UserFactory
from zicht.accounts.policy import Role
from zicht.audit import selectors
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.audit.services import access_log_record
from zicht.audit.verify import verify_chain

PERSON = 4711
CASE = SimpleNamespace(pk=12, number="VT-2025-0012")


@pytest.fixture
def worker(db):
    return UserFactory(full_name="Wim Werker")


def _accesses(worker, *, count: int = 1, person_id: int = PERSON) -> None:
    for _ in range(count):
        access_log_record(
            user=worker,
            event=AccessEvent.READ,
            channel=Channel.HTML,
            person_ids=[person_id],
            case=CASE,
            resource=f"/dossiers/{CASE.number}",
        )


def _reviews(user, event=AccessEvent.READ):
    return AccessLogEntry.objects.filter(user=user, event=event, detail__startswith="toegangslog")


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_team_leader_sees_the_log_of_a_person(worker, leader_client):
    """R-PRIV-3: a team leader sees every access to one person's data: time in Dutch time,
    event, user, on behalf of, case number, channel and reason."""
    with time_machine.travel(datetime(2025, 1, 15, 11, 5, 30, tzinfo=UTC), tick=False):
        access_log_record(
            user=worker,
            event=AccessEvent.EMERGENCY,
            channel=Channel.HTML,
            person_ids=[PERSON],
            case=CASE,
            reason="Politie belde buiten kantoortijd",
            on_behalf_of=UserFactory(full_name="Vera Vertrouwensarts"),
        )
    access_log_record(user=worker, event=AccessEvent.READ, channel=Channel.HTML, person_ids=[999])

    response = leader_client.get(reverse("audit:person", args=[PERSON]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Toegangslog van persoon 4711, nieuwste eerst" in html
    assert '<th scope="col">Datum en tijd</th>' in html
    assert (
        '<th scope="row"><time datetime="2025-01-15T12:05:30+01:00">15 jan. 2025 12:05:30' in html
    )
    assert "Noodtoegang" in html
    assert "Wim Werker" in html
    assert "Vera Vertrouwensarts" in html
    assert "VT-2025-0012" in html
    assert "Webpagina" in html
    assert "Politie belde buiten kantoortijd" in html
    assert list(response.context["page"].object_list.values_list("person_id", flat=True)) == [
        PERSON,
        PERSON,  # the review itself, newest first
    ]


def test_viewing_a_persons_log_is_itself_logged(worker, leader, leader_client):
    """R-PRIV-3: reading the log is an access to that person's data and is logged, so it shows
    up in the log it answers with."""
    _accesses(worker)
    path = reverse("audit:person", args=[PERSON])

    response = leader_client.get(path)

    review = _reviews(leader).get()
    assert (review.person_id, review.detail, review.channel, review.resource) == (
        PERSON,
        "toegangslog ingezien",
        Channel.HTML,
        path,
    )
    assert response.context["page"].object_list[0] == review
    assert verify_chain().intact


def test_team_leader_sees_the_log_of_a_staff_member(worker, leader, leader_client):
    """R-PRIV-3: the privacy officer's view: everything one staff member accessed, and what was
    done on their behalf; nobody else's accesses."""
    _accesses(worker, person_id=1)
    _accesses(worker, person_id=2)
    other = UserFactory()
    access_log_record(
        user=other,
        event=AccessEvent.CHANGE,
        channel=Channel.API,
        person_ids=[3],
        on_behalf_of=worker,
    )
    _accesses(other, person_id=4)

    response = leader_client.get(reverse("audit:user", args=[worker.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toegangslog van Wim Werker</h1>" in html
    assert "<caption>Toegangslog van Wim Werker, nieuwste eerst" in html
    assert sorted(e.person_id for e in response.context["page"].object_list) == [1, 2, 3]
    assert f'href="{reverse("audit:person", args=[1])}"' in html


def test_viewing_a_staff_members_log_logs_the_persons_shown(worker, leader, leader_client):
    """R-PRIV-3: a staff member's log shows person numbers; each person shown gets an entry,
    and the review itself one without a person."""
    _accesses(worker, person_id=1)
    _accesses(worker, person_id=2)

    leader_client.get(reverse("audit:user", args=[worker.pk]))

    reviews = _reviews(leader)
    assert sorted(reviews.values_list("person_id", flat=True), key=lambda p: p or 0) == [None, 1, 2]
    assert {r.detail for r in reviews} == {f"toegangslog ingezien van medewerker {worker.pk}"}
    assert verify_chain().intact


@pytest.mark.parametrize(
    "role",
    [role for role in Role if role != Role.TEAM_LEADER],
)
def test_other_roles_may_not_review_the_log(role, worker):
    """R-PRIV-3: only team leaders review the access log; every other role gets 403 on every
    page and download, and nothing about the log is shown or logged."""
    _accesses(worker)
    client = verified_client(UserFactory(role=role))
    before = AccessLogEntry.objects.count()

    for url in (
        reverse("audit:index"),
        reverse("audit:index") + f"?persoon={PERSON}",
        reverse("audit:person", args=[PERSON]),
        reverse("audit:person", args=[PERSON]) + "?formaat=csv",
        reverse("audit:user", args=[worker.pk]),
        reverse("audit:user", args=[worker.pk]) + "?formaat=csv",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Wim Werker" not in response.content.decode()
    assert AccessLogEntry.objects.count() == before


def test_selectors_refuse_without_the_right(worker):
    """R-PRIV-3: the selectors check the right themselves, whoever calls them."""
    with pytest.raises(PermissionDenied):
        selectors.access_log_for_person(user=worker, person_id=PERSON)
    with pytest.raises(PermissionDenied):
        selectors.access_log_for_user(user=worker, subject_user_id=worker.pk)
    assert not AccessLogEntry.objects.exists()


def test_anonymous_visitor_is_sent_to_login(db, client):
    """R-PRIV-3: the log is never shown without logging in."""
    response = client.get(reverse("audit:person", args=[PERSON]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_csv_export_of_a_persons_log_is_logged_as_export(worker, leader, leader_client):
    """R-PRIV-3: the CSV download holds every entry and is logged as an EXPORT (not a READ)."""
    with time_machine.travel(datetime(2025, 7, 1, 8, 0, tzinfo=UTC), tick=False):
        _accesses(worker, count=3)
    access_log_record(
        user=worker,
        event=AccessEvent.CHANGE,
        channel=Channel.HTML,
        person_ids=[PERSON],
        reason='=HYPERLINK("http://x")',
    )

    response = leader_client.get(reverse("audit:person", args=[PERSON]), {"formaat": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="toegangslog-persoon-4711-'
    )
    export = _reviews(leader, AccessEvent.EXPORT).get()
    assert (export.person_id, export.channel, export.detail) == (
        PERSON,
        Channel.EXPORT,
        "toegangslog geëxporteerd",
    )
    assert not _reviews(leader, AccessEvent.READ).exists()
    rows = _csv_rows(response)
    assert rows[0][:3] == ["regel", "datum en tijd (Europe/Amsterdam)", "gebeurtenis"]
    assert len(rows) == 1 + 5  # header, 3 reads, 1 change, the export itself
    assert rows[1][2] == "Printen/exporteren"  # newest first: the export
    assert rows[2][10] == '\'=HYPERLINK("http://x")'  # a formula is never run by a spreadsheet
    assert rows[-1][1] == "2025-07-01 10:00:00"  # summer time in Amsterdam
    assert rows[-1][3].startswith("Wim Werker <")
    assert rows[-1][6] == "VT-2025-0012"
    assert verify_chain().intact


def test_csv_export_of_a_staff_members_log_is_logged_as_export(worker, leader, leader_client):
    """R-PRIV-3: exporting a staff member's log is logged as EXPORT, for the review and for
    every person in the file."""
    _accesses(worker, person_id=1)
    _accesses(worker, person_id=2, count=2)

    response = leader_client.get(reverse("audit:user", args=[worker.pk]), {"formaat": "csv"})

    rows = _csv_rows(response)
    assert [row[5] for row in rows[1:]] == ["2", "2", "1"]
    exports = _reviews(leader, AccessEvent.EXPORT)
    assert sorted(exports.values_list("person_id", flat=True), key=lambda p: p or 0) == [
        None,
        1,
        2,
    ]
    assert not _reviews(leader, AccessEvent.READ).exists()


def test_log_is_paginated_with_a_fixed_number_of_queries(worker, leader_client):
    """R-PRIV-3: 50 entries a page, and the number of queries does not grow with the log."""
    _accesses(worker, count=3)
    path = reverse("audit:person", args=[PERSON])
    with CaptureQueriesContext(connection) as few:
        leader_client.get(path)
    _accesses(worker, count=60)
    with CaptureQueriesContext(connection) as many:
        first = leader_client.get(path)
    assert len(many) == len(few)

    second = leader_client.get(path, {"pagina": 2})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 3 + 1 + 60 + 1
    assert len(second.context["page"].object_list) == 3 + 1 + 60 + 2 - 50
    assert 'rel="next"' in first.content.decode()
    assert "Pagina 2 van 2" in second.content.decode()


def test_staff_log_has_a_fixed_number_of_queries(worker, leader_client):
    """R-PRIV-3: a staff member's log costs the same queries however many persons it shows."""
    path = reverse("audit:user", args=[worker.pk])
    _accesses(worker, person_id=1)
    with CaptureQueriesContext(connection) as few:
        leader_client.get(path)
    for person_id in range(2, 40):
        _accesses(worker, person_id=person_id)
    with CaptureQueriesContext(connection) as many:
        leader_client.get(path)
    assert len(many) == len(few)


def test_choose_a_person_or_a_staff_member(worker, leader_client):
    """R-PRIV-3: the start page leads to a person's log by number or a staff member's log."""
    index = reverse("audit:index")
    response = leader_client.get(index)
    assert response.status_code == 200
    assert "Wim Werker" in response.content.decode()  # in the list of staff

    assert leader_client.get(index, {"persoon": str(PERSON)})["Location"] == reverse(
        "audit:person", args=[PERSON]
    )
    assert leader_client.get(index, {"medewerker": str(worker.pk)})["Location"] == reverse(
        "audit:user", args=[worker.pk]
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"persoon": ""}, "Vul een persoonsnummer in."),
        ({"persoon": "abc"}, "Een persoonsnummer bestaat alleen uit cijfers."),
        ({"persoon": "0"}, "Een persoonsnummer is 1 of hoger."),
        ({"medewerker": "999999"}, "Deze medewerker bestaat niet."),
    ],
)
def test_invalid_choice_is_refused_in_dutch(params, message, leader_client):
    """R-PRIV-3: a wrong person number or staff member is refused with the field named."""
    response = leader_client.get(reverse("audit:index"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_unknown_staff_member_is_404(leader_client):
    """R-PRIV-3: the log of a staff member who does not exist is a Dutch 404, nothing logged."""
    response = leader_client.get(reverse("audit:user", args=[999999]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_navigation_shows_the_log_to_team_leaders_only(leader_client, worker_client):
    """R-PRIV-3: the main navigation offers the access log to those who may review it."""
    link = f'href="{reverse("audit:index")}"'
    assert link in leader_client.get(reverse("shell:home")).content.decode()
    assert link not in worker_client.get(reverse("shell:home")).content.decode()
