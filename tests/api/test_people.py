"""The persons and households API: search before registering, masked BSNs, scoping, logging."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.factories import (
    BSN,
    INVALID_BSN,
    OTHER_BSN,
    case,
    other_team_case,
    person,
    team_of,
    token_client,
)
from tests.factories import UserFactory
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.people.models import HouseholdMember, Person

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def _first_member(case_):
    return case_.household.members.order_by("pk").first().person


# --- registering and searching --------------------------------------------------------------


def test_invalid_bsn_is_400_naming_the_field(worker_client):
    """R-REP-6: a BSN must pass the 11-proof."""
    response = _post(worker_client, "/api/v1/persons", {"last_name": "Smit", "bsn": INVALID_BSN})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["invalid_params"][0]["name"] == "bsn"
    assert "elfproef" in body["invalid_params"][0]["reason"]
    assert INVALID_BSN not in response.content.decode()
    assert not Person.objects.filter(last_name="Smit").exists()


def test_service_refusal_names_the_field(worker_client):
    """What only the service checks (here: a date that does not exist) comes back per field."""
    response = _post(
        worker_client,
        "/api/v1/persons",
        {"last_name": "Smit", "birth_year": 2023, "birth_month": 2, "birth_day": 30},
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"] == [
        {"name": "birth_day", "reason": "Deze datum bestaat niet: februari 2023 heeft 28 dagen."}
    ]


def test_register_a_new_person(case_worker, worker_client):
    response = _post(
        worker_client,
        "/api/v1/persons",
        {"last_name": "de Boer", "first_names": "Sanne", "birth_year": 2015, "bsn": BSN},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["full_name"] == "Sanne de Boer"
    assert body["masked_bsn"] == "•••••333"
    assert "bsn" not in body
    assert BSN not in response.content.decode()
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.CREATE, channel=Channel.API, person_id=body["id"]
    ).exists()
    # Unplaced yet, but the one who registered it may open it to finish the registration.
    assert worker_client.get(f"/api/v1/persons/{body['id']}").status_code == 200


def test_likely_duplicate_is_409_with_candidates_and_no_bsn(case_worker, worker_client):
    """R-REP-5: search before registering; a likely match stops the registration."""
    existing = person(
        case_worker,
        "Jansen",
        first_names="Piet",
        birth_year=2012,
        birth_month=4,
        birth_day=7,
        bsn=BSN,
    )
    typed = {
        "last_name": "Janssen",
        "first_names": "Piet",
        "birth_year": 2012,
        "birth_month": 7,
        "birth_day": 4,
    }
    response = _post(worker_client, "/api/v1/persons", typed)
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == "urn:zicht:probleem:mogelijk-dubbele-persoon"
    [candidate] = body["candidates"]
    assert candidate["id"] == existing.pk
    assert candidate["name"] == "Piet Jansen"
    assert candidate["birth_date_display"] == "07-04-2012"
    assert candidate["masked_bsn"] == "•••••333"
    assert candidate["score"] >= 60
    assert "dag en maand omgewisseld" in candidate["reasons"]
    assert "bsn" not in candidate
    assert BSN not in response.content.decode()
    assert Person.objects.count() == 1
    # Confirmed: a new person after all.
    response = _post(worker_client, "/api/v1/persons", {**typed, "confirm_new": True})
    assert response.status_code == 201
    assert Person.objects.count() == 2


def test_same_bsn_cannot_be_registered_twice(case_worker, worker_client):
    person(case_worker, "Jansen", bsn=BSN)
    body = {"last_name": "Pietersen", "bsn": BSN, "confirm_new": True}
    response = _post(worker_client, "/api/v1/persons", body)
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "bsn"


def test_search_by_bsn_in_the_body(case_worker, worker_client):
    existing = person(case_worker, "Jansen", bsn=BSN)
    person(case_worker, "Mulder", bsn=OTHER_BSN)
    response = _post(worker_client, "/api/v1/persons/search", {"bsn": BSN})
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["id"] == existing.pk
    assert result["score"] == 100
    assert result["reasons"][0] == "BSN gelijk"
    assert BSN not in response.content.decode()
    entry = AccessLogEntry.objects.get(event=AccessEvent.SEARCH, channel=Channel.API)
    assert entry.person_id == existing.pk
    assert BSN not in f"{entry.resource} {entry.detail}"


def test_search_needs_a_name_or_bsn(worker_client):
    response = _post(worker_client, "/api/v1/persons/search", {"first_names": "Piet"})
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "last_name"


def test_search_with_invalid_bsn_names_the_field(worker_client):
    response = _post(worker_client, "/api/v1/persons/search", {"bsn": INVALID_BSN})
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "bsn"


def test_registering_needs_the_right_to(case_worker):
    analyst = UserFactory(policy_control=True)
    response = _post(token_client(analyst), "/api/v1/persons", {"last_name": "Smit"})
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


# --- reading persons ------------------------------------------------------------------------


def test_person_of_another_team_is_404(worker_client):
    foreign = _first_member(other_team_case())
    response = worker_client.get(f"/api/v1/persons/{foreign.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    missing = worker_client.get("/api/v1/persons/999999")
    assert response.json()["detail"] == missing.json()["detail"]


def test_person_read_is_logged(case_worker, worker_client):
    """R-PRIV-3: reading a person through the API is in the access log."""
    mine = _first_member(case(case_worker))
    path = f"/api/v1/persons/{mine.pk}"
    body = worker_client.get(path).json()
    assert body["id"] == mine.pk
    assert "bsn" not in body
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.READ, channel=Channel.API, person_id=mine.pk, resource=path
    ).exists()


def test_person_list_is_scoped_and_logged_per_person(case_worker, worker_client):
    """R-PRIV-3: a list logs one entry per person shown."""
    mine = case(case_worker, last_names=("Jansen", "Jansen"))
    other_team_case()
    body = worker_client.get("/api/v1/persons").json()
    ids = {row["id"] for row in body["results"]}
    assert ids == set(mine.household.members.values_list("person_id", flat=True))
    logged = AccessLogEntry.objects.filter(
        event=AccessEvent.READ, channel=Channel.API, resource="/api/v1/persons"
    )
    assert set(logged.values_list("person_id", flat=True)) == ids


# --- households -----------------------------------------------------------------------------


def test_create_household(worker_client):
    response = _post(worker_client, "/api/v1/households", {"name": "Gezin Visser"})
    assert response.status_code == 201
    assert response.json()["name"] == "Gezin Visser"
    assert response.json()["members"] == []


def test_create_household_with_unknown_municipality_names_the_field(worker_client):
    body = {"name": "Gezin Visser", "municipality": "GM9999"}
    response = _post(worker_client, "/api/v1/households", body)
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "municipality"


def test_add_member_and_read_household(case_worker, worker_client):
    mine = case(case_worker)
    newcomer = person(case_worker, "Visser", first_names="Eva")
    url = f"/api/v1/households/{mine.household_id}/members"
    response = _post(worker_client, url, {"person": newcomer.pk, "role": "victim"})
    assert response.status_code == 201
    members = {m["person"]: m["role"] for m in response.json()["members"]}
    assert members[newcomer.pk] == "victim"
    body = worker_client.get(f"/api/v1/households/{mine.household_id}").json()
    assert len(body["members"]) == 2
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.READ, channel=Channel.API, person_id=newcomer.pk
    ).exists()


def test_duplicate_household_member_is_409_problem(case_worker, worker_client):
    """Already a member: a conflict with what is stored (409), the field still named."""
    mine = case(case_worker)
    member = _first_member(mine)
    url = f"/api/v1/households/{mine.household_id}/members"
    response = _post(worker_client, url, {"person": member.pk, "role": "child"})
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "urn:zicht:probleem:bestaat-al"
    [param] = response.json()["invalid_params"]
    assert param["name"] == "person"
    assert "staat al in dit huishouden" in param["reason"]
    assert HouseholdMember.objects.filter(household=mine.household).count() == 1


def test_member_outside_scope_cannot_be_added(case_worker, worker_client):
    mine = case(case_worker)
    foreign = _first_member(other_team_case())
    url = f"/api/v1/households/{mine.household_id}/members"
    response = _post(worker_client, url, {"person": foreign.pk, "role": "child"})
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "person"


def test_household_of_another_team_is_404(worker_client):
    foreign = other_team_case()
    assert worker_client.get(f"/api/v1/households/{foreign.household_id}").status_code == 404
    url = f"/api/v1/households/{foreign.household_id}/members"
    assert _post(worker_client, url, {"person": 1, "role": "child"}).status_code == 404


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/api/v1/persons", "/api/v1/households"])
def test_lists_cost_the_same_for_5_or_30_rows(case_worker, django_assert_max_num_queries, path):
    client = token_client(case_worker)
    team = team_of(case_worker)
    for index in range(5):
        case(case_worker, team=team, last_names=(f"Naam{index}", f"Naam{index}"))
    few = _count(client, path)
    for index in range(5, 30):
        case(case_worker, team=team, last_names=(f"Naam{index}", f"Naam{index}"))
    with django_assert_max_num_queries(few):
        response = client.get(path)
    assert response.json()["count"] >= 30


def test_household_list_is_logged_per_member(case_worker, worker_client):
    """R-PRIV-3."""
    mine = case(case_worker, last_names=("Jansen", "Jansen"))
    worker_client.get("/api/v1/households")
    logged = AccessLogEntry.objects.filter(
        event=AccessEvent.READ, channel=Channel.API, resource="/api/v1/households"
    )
    assert set(logged.values_list("person_id", flat=True)) == set(
        mine.household.members.values_list("person_id", flat=True)
    )
