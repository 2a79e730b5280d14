"""Address and municipality at intake (issue 16.2), on the page and through the API: the
household's address for every new person who does not live elsewhere, an own address where one
differs, and the household's municipality as the case's (one outside the region allowed)."""

import json
import re

import pytest

from tests.api.factories import team_of, token_client
from tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from tests.reports.test_views import _data
from zicht.accounts.policy import Role
from zicht.cases.models import Case
from zicht.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(case_worker):
    team = TeamFactory(name="Team Intake")
    team.members.add(case_worker)
    return team


@pytest.fixture
def alkmaar():
    return MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")


@pytest.fixture
def utrecht():
    return MunicipalityFactory(name="Utrecht", cbs_code="GM0344", in_region=False)


def _address(**values):
    return {
        "street": "Laat",
        "house_number": "12",
        "postcode": "1811 EK",
        "city": "Alkmaar",
        **values,
    }


def test_the_page_takes_the_household_address_and_a_different_one(
    worker_client, team, alkmaar, utrecht
):
    """16.2: the household's address goes to each new person without an own one; the father who
    lives in Utrecht keeps his; the case gets the household's municipality."""
    data = _data(
        team,
        **_address(municipality=str(alkmaar.pk)),
        **{
            "p2-street": "Oudegracht",
            "p2-house_number": "1",
            "p2-postcode": "3511 AA",
            "p2-city": "Utrecht",
            "p2-municipality": str(utrecht.pk),
        },
    )
    page = worker_client.get("/meldingen/nieuw").content.decode()
    assert "Adres van het huishouden" in page and "Utrecht (buiten de regio)" in page
    response = worker_client.post("/meldingen/nieuw", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.municipality == alkmaar
    child = Person.objects.get(last_name="Yilmaz")
    mother = Person.objects.get(last_name="Kaya")
    father = Person.objects.get(last_name="Demir")
    for person in (child, mother):
        assert (person.street, person.house_number, person.postcode, person.city) == (
            "Laat",
            "12",
            "1811 EK",
            "Alkmaar",
        )
        assert person.municipality == alkmaar
    assert (father.street, father.city, father.municipality) == ("Oudegracht", "Utrecht", utrecht)


def test_a_household_outside_the_region_is_allowed_and_named(worker_client, team, utrecht):
    """16.2: the municipality may lie outside the region; the case page names it so."""
    response = worker_client.post("/meldingen/nieuw", _data(team, municipality=str(utrecht.pk)))
    assert response.status_code == 302
    page = worker_client.get(response["Location"]).content.decode()
    assert "<dd>Utrecht (buiten de regio)</dd>" in page


def test_a_wrong_address_names_the_field_and_keeps_the_input(worker_client, team):
    """16.2: an unknown municipality and a too-long postcode are named; nothing is lost."""
    data = _data(team, **_address(postcode="1811 EK 99"), municipality="999999")
    response = worker_client.post("/meldingen/nieuw", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Gemeente: Kies een gemeente uit de lijst." in page
    assert re.search(r"Postcode: [^<]*hoogstens 7 tekens", page)
    assert 'value="Laat"' in page
    assert not Case.objects.exists()


def test_the_api_takes_the_household_address_and_a_person_elsewhere(alkmaar, utrecht):
    """16.2 through the API: `address` and `municipality` for the household, a person's own
    address and `municipality` where it differs."""
    worker = UserFactory(role=Role.FRONT_OFFICE)
    body = {
        "channel": "phone",
        "team": team_of(worker, "Team West").pk,
        "reporter": {"name": "Agent De Vries", "kind": "citizen", "phone": "0881234567"},
        "concerns": "Zorgen om het gezin.",
        "violence_types": ["physical"],
        "address": _address(),
        "municipality": "GM0361",
        "persons": [
            {"last_name": "Smit", "first_names": "Anna", "role": "victim"},
            {
                "last_name": "Smit",
                "first_names": "Piet",
                "role": "alleged_perpetrator",
                "street": "Oudegracht",
                "house_number": "1",
                "city": "Utrecht",
                "municipality": "GM0344",
            },
        ],
    }
    response = token_client(worker).post(
        "/api/v1/reports", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()["case_number"])
    assert case.municipality == alkmaar
    anna = Person.objects.get(first_names="Anna")
    piet = Person.objects.get(first_names="Piet")
    assert (anna.street, anna.postcode, anna.municipality) == ("Laat", "1811 EK", alkmaar)
    assert (piet.street, piet.postcode, piet.municipality) == ("Oudegracht", "", utrecht)
