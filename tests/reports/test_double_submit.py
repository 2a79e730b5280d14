"""Issue 20.1: a double click on the intake page makes one case. The page's one-time key is
recorded in the intake's transaction (the API's idempotency, `reports.submission`); a repeat is
answered with the first result."""

import threading

import pytest
from django.db import connections

from tests.concurrency import needs_postgresql
from tests.conftest import verified_client
from tests.factories import TeamFactory
from tests.reports.test_views import URL, _data
from zicht.cases.models import Case
from zicht.people.models import Person
from zicht.reports.models import Report
from zicht.reports.submission import new_key

# One new person without a BSN: the search finds nobody, so the first POST saves at once.
ONE_PERSON = {
    "p0-first_names": "Daan",
    "p0-last_name": "Doublé",
    "p0-birth_day": "",
    "p0-birth_month": "",
    "p0-birth_year": "2019",
    "p0-bsn": "",
    "p0-role": "child",
    "p1-first_names": "",
    "p1-last_name": "",
    "p1-birth_year": "",
    "p1-role": "",
    "p2-first_names": "",
    "p2-last_name": "",
    "p2-role": "",
}


@pytest.fixture
def team(case_worker):
    team = TeamFactory(name="Team Intake")
    team.members.add(case_worker)
    return team


def test_the_form_carries_a_fresh_key(worker_client):
    first = worker_client.get(URL).content.decode()
    second = worker_client.get(URL).content.decode()
    assert 'name="sleutel"' in first
    assert (
        first.split('name="sleutel" value="')[1][:32]
        != second.split('name="sleutel" value="')[1][:32]
    )


def test_a_repeated_submit_is_answered_with_the_first_case(worker_client, team):
    """20.1: the same POST again (a double click, a reload) makes nothing new: it is sent to the
    case the first one made."""
    data = _data(team, sleutel=new_key(), **ONE_PERSON)
    first = worker_client.post(URL, data)
    assert first.status_code == 302
    again = worker_client.post(URL, data, follow=True)
    case = Case.objects.get()
    assert again.redirect_chain == [(f"/dossiers/{case.number}", 302)]
    assert f"Deze melding was al vastgelegd in dossier {case.number}" in again.content.decode()
    assert Report.objects.count() == 1 and Person.objects.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_submit_sent_twice_at_once_makes_one_case(case_worker, team):
    """20.1: the issue's reproduction — the same POST twice at the same moment, in parallel on
    PostgreSQL: both answer with a redirect to one case, and the person exists once."""
    data = _data(team, sleutel=new_key(), **ONE_PERSON)
    clients = [verified_client(case_worker), verified_client(case_worker)]
    start = threading.Barrier(2)
    answers: list = [None, None]

    def submit(index: int) -> None:
        try:
            start.wait(timeout=10)
            answers[index] = clients[index].post(URL, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    case = Case.objects.get()
    assert [a.status_code for a in answers] == [302, 302]
    assert {a["Location"] for a in answers} == {f"/dossiers/{case.number}"}
    assert Report.objects.count() == 1
    assert Person.objects.filter(last_name="Doublé").count() == 1
