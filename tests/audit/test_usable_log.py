"""The access log a team leader can use (issue 16, what a worker hit, item 8): a person found by
name or BSN, names beside numbers, one entry per kind of access per request, an unknown number
answered as not found. The log stays hash-chained (R-PRIV-3, NEN 7513)."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.factories import UserFactory
from tests.people.factories import PersonFactory
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.audit.services import access_log_batch, access_log_record, access_log_request
from zicht.audit.verify import verify_chain

pytestmark = pytest.mark.django_db
BSN = "111222333"


@pytest.fixture
def person(db):
    return PersonFactory(first_names="Sanne", last_name="Verbeek", bsn=BSN)


def test_a_person_is_found_by_name_and_the_search_is_logged(leader, leader_client, person):
    """R-PRIV-3: the reviewer finds the person by (part of) the name, not only by number; the
    search itself is an access, logged as SEARCH with the person found."""
    PersonFactory(first_names="Piet", last_name="Jansen")
    response = leader_client.post(reverse("audit:index"), {"naam": "sanne verb"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sanne Verbeek" in body and "Jansen" not in body
    assert reverse("audit:person", args=[person.pk]) in body
    search = AccessLogEntry.objects.get(user=leader, event=AccessEvent.SEARCH)
    assert search.person_id == person.pk
    assert verify_chain().intact


def test_a_person_is_found_by_bsn_sent_in_the_body_and_never_logged(leader, leader_client, person):
    """R-PRIV-2: the BSN travels in the POST body; it is in no address and no log entry."""
    response = leader_client.post(reverse("audit:index"), {"bsn": "1112.22.333"})
    assert response.status_code == 200
    assert "Sanne Verbeek" in response.content.decode()
    assert BSN not in response.request["PATH_INFO"] + response.request.get("QUERY_STRING", "")
    for entry in AccessLogEntry.objects.all():
        assert BSN not in f"{entry.resource} {entry.detail} {entry.reason}"
    assert AccessLogEntry.objects.filter(event=AccessEvent.SEARCH, person_id=person.pk).exists()


def test_an_empty_or_wrong_search_names_the_field(leader_client):
    empty = leader_client.post(reverse("audit:index"), {"naam": " ", "bsn": ""})
    assert empty.status_code == 400
    assert "Vul een naam of een BSN in." in empty.content.decode()
    wrong = leader_client.post(reverse("audit:index"), {"bsn": "12ab"})
    assert wrong.status_code == 400
    assert "BSN: Een BSN heeft 9 cijfers" in wrong.content.decode()


def test_a_search_that_finds_nobody_is_logged_too(leader, leader_client):
    response = leader_client.post(reverse("audit:index"), {"naam": "Niemandsland"})
    assert "Niemand gevonden" in response.content.decode()
    assert AccessLogEntry.objects.filter(user=leader, event=AccessEvent.SEARCH).count() == 1


def test_names_stand_beside_numbers_in_a_staff_members_log(leader_client, person):
    """The privacy officer reads whose data a colleague opened without looking each number up."""
    worker = UserFactory(full_name="Wim Werker")
    access_log_record(
        user=worker, event=AccessEvent.READ, channel=Channel.HTML, person_ids=[person.pk]
    )
    body = leader_client.get(reverse("audit:user", args=[worker.pk])).content.decode()
    assert f"Sanne Verbeek ({person.pk})" in body


def test_a_persons_log_names_the_person(leader_client, person):
    body = leader_client.get(reverse("audit:person", args=[person.pk])).content.decode()
    assert "Toegangslog van Sanne Verbeek" in body


def test_an_unknown_person_number_is_not_found_and_logs_nothing(leader_client):
    """A typing error is answered as not found (404), not as an empty log that then holds the
    reviewer's own entry for a number nobody has."""
    before = AccessLogEntry.objects.count()
    response = leader_client.get(reverse("audit:person", args=[987654]))
    assert response.status_code == 404
    assert "Er is geen persoon met nummer 987654" in response.content.decode()
    assert AccessLogEntry.objects.count() == before


def test_the_log_of_a_destroyed_persons_number_is_still_shown(leader_client):
    """R-PRIV-4: the file is gone, the log keeps the number; it is found by number."""
    worker = UserFactory()
    access_log_record(user=worker, event=AccessEvent.READ, channel=Channel.HTML, person_ids=[4711])
    response = leader_client.get(reverse("audit:person", args=[4711]))
    assert response.status_code == 200
    assert "het dossier is vernietigd" in response.content.decode()


def _read(user, person, detail=""):
    access_log_record(
        user=user, event=AccessEvent.READ, channel=Channel.HTML, person_ids=[person], detail=detail
    )


# Real commits: the request remembers an access once its transaction committed.
@pytest.mark.django_db(transaction=True)
def test_one_entry_per_kind_of_access_per_request():
    """R-PRIV-3: reading the same person twice in one request (two panels of one page) is one
    access: one entry (the first; a written entry is never changed). Another kind of access stays
    its own entry."""
    user = UserFactory()
    with access_log_request():
        _read(user, 7, "dossier")
        _read(user, 7, "eerdere meldingen")
        _read(user, 7, "dossier")
        access_log_record(user=user, event=AccessEvent.EXPORT, channel=Channel.PDF, person_ids=[7])
    entries = AccessLogEntry.objects.order_by("id")
    assert [(e.event, e.detail) for e in entries] == [
        ("read", "dossier"),
        ("export", ""),
    ]
    with access_log_request():  # the next request is a new access
        _read(user, 7)
    assert AccessLogEntry.objects.filter(event=AccessEvent.READ).count() == 2
    assert verify_chain().intact


def test_a_batch_writes_one_entry_per_access(db):
    """Deduplicated where the batch is written: one insert, no twins, the chain intact."""
    user = UserFactory()
    with transaction.atomic(), access_log_batch():
        _read(user, 8, "huishouden")
        _read(user, 8, "eerdere meldingen")
        _read(user, 9)
    assert sorted(AccessLogEntry.objects.values_list("person_id", "detail")) == [
        (8, "huishouden; eerdere meldingen"),  # written together: one entry, both details
        (9, ""),
    ]
    assert verify_chain().intact


@pytest.mark.django_db(transaction=True)
def test_an_entry_rolled_back_with_its_change_hides_no_later_one():
    """The request remembers only what was committed: a change refused and rolled back leaves
    no entry, so the same access later in the request is written."""
    user = UserFactory()
    with access_log_request():
        with pytest.raises(RuntimeError), transaction.atomic():
            _read(user, 10)
            raise RuntimeError
        _read(user, 10)
    assert AccessLogEntry.objects.filter(person_id=10).count() == 1
