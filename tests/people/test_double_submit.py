"""Issue 20.1 on the person pages: registering a person and adding a household member carry a
one-time key (`core.submission`); the same POST again — or twice at the same moment — makes
one person / one membership and is sent to what the first one made."""

import re
import threading

import pytest
from django.db import connections

from tests.concurrency import needs_postgresql
from tests.conftest import verified_client
from tests.people.factories import PersonFactory
from tests.people.test_views import _household_search, _in_scope
from zicht.core.submission import new_key
from zicht.people.models import HouseholdMember, HouseholdRole, Person

REPEATED = "Dit formulier was al verstuurd"
NEW = {"last_name": "Dubbelklik", "birth_year": "1985", "sex": "u"}


@pytest.mark.django_db
def test_the_register_form_carries_a_key_and_keeps_it_after_an_error(worker_client):
    assert 'name="sleutel"' in worker_client.get("/personen/nieuw").content.decode()
    key = new_key()
    refused = worker_client.post("/personen/nieuw", {**NEW, "last_name": "", "sleutel": key})
    assert refused.status_code == 400
    assert f'name="sleutel" value="{key}"' in refused.content.decode()


@pytest.mark.django_db
def test_a_repeated_register_makes_one_person(worker_client):
    """20.1: the same registration twice (a double click) makes one person."""
    data = {**NEW, "sleutel": new_key()}
    first = worker_client.post("/personen/nieuw", data)
    again = worker_client.post("/personen/nieuw", data, follow=True)
    person = Person.objects.get()
    assert first.url == f"/personen/{person.pk}"
    assert again.redirect_chain == [(f"/personen/{person.pk}", 302)]
    assert REPEATED in again.content.decode()


@pytest.mark.django_db
def test_a_repeated_register_into_a_household_makes_one_member(worker_client, case_worker):
    household = _in_scope(case_worker, PersonFactory(last_name="Jansen"))
    data = {**NEW, "household": household.pk, "role": "child", "sleutel": new_key()}
    first = worker_client.post("/personen/nieuw", data)
    again = worker_client.post("/personen/nieuw", data)
    assert first.url == again.url == f"/huishoudens/{household.pk}"
    assert Person.objects.filter(last_name="Dubbelklik").count() == 1
    assert household.members.count() == 2


@pytest.mark.django_db
def test_a_repeated_add_member_adds_once_and_answers_with_the_household(worker_client, case_worker):
    """20.1: adding a found person twice with one key: one membership, both sent on to the
    household (before: the second was refused as a duplicate)."""
    household = _in_scope(case_worker, PersonFactory(last_name="Jansen"))
    found = PersonFactory(last_name="Pietersen", first_names="Kim")
    body = _household_search(worker_client, household, last_name="Pietersen").content.decode()
    assert 'name="sleutel"' in body
    token = re.search(r'name="candidates" value="([^"]+)"', body)[1]
    data = {"stap": "toevoegen", "person": found.pk, "role": HouseholdRole.CHILD,
            "candidates": token, "sleutel": new_key()}  # fmt: skip
    first = worker_client.post(f"/huishoudens/{household.pk}", data)
    again = worker_client.post(f"/huishoudens/{household.pk}", data)
    assert first.status_code == again.status_code == 302
    assert again.url == f"/huishoudens/{household.pk}"
    assert HouseholdMember.objects.filter(household=household, person=found).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_registration_sent_twice_at_once_makes_one_person(case_worker):
    """20.1: the same POST twice at the same moment, in parallel on PostgreSQL: both answer with
    a redirect to one person, and the person exists once."""
    data = {**NEW, "sleutel": new_key()}
    clients = [verified_client(case_worker), verified_client(case_worker)]
    start = threading.Barrier(2)
    answers: list = [None, None]

    def submit(index: int) -> None:
        try:
            start.wait(timeout=10)
            answers[index] = clients[index].post("/personen/nieuw", data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    person = Person.objects.get(last_name="Dubbelklik")
    assert [a.status_code for a in answers] == [302, 302]
    assert {a["Location"] for a in answers} == {f"/personen/{person.pk}"}
