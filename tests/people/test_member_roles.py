"""Several roles per person in one household (issue 16.9): both victim and alleged perpetrator,
say. Shown and editable on the household page and through the API, never overwritten silently."""

import json

import pytest

from tests.people.factories import HouseholdMemberFactory, case_for
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.core.errors import StaleVersion
from zicht.people import services
from zicht.people.models import HouseholdMember, HouseholdRole

pytestmark = pytest.mark.django_db

VICTIM, PERPETRATOR = HouseholdRole.VICTIM, HouseholdRole.ALLEGED_PERPETRATOR


@pytest.fixture
def member(case_worker):
    member = HouseholdMemberFactory(
        role=VICTIM, person__first_names="Ayse", person__last_name="Kaya"
    )
    case_for(member.household, user=case_worker)
    return member


def test_a_member_gets_a_second_role(case_worker, member):
    """16.9: victim and alleged perpetrator at once; the main role stays, the log says so."""
    services.household_member_set_roles(
        user=case_worker,
        household=member.household,
        person=member.person,
        roles=[PERPETRATOR, VICTIM],
        expected_roles=[VICTIM],
    )
    member = HouseholdMember.objects.get(pk=member.pk)
    assert member.role == VICTIM
    assert member.all_roles == [VICTIM, PERPETRATOR]
    assert member.roles_display == "Slachtoffer en vermoedelijke pleger"
    assert AccessLogEntry.objects.filter(
        event=AccessEvent.CHANGE, person_id=member.person_id, detail__contains="rollen"
    ).exists()


def test_a_change_made_meanwhile_is_not_overwritten(case_worker, member):
    """16.9: a second worker's form, opened on the old roles, is refused; nothing changes."""
    services.household_member_set_roles(
        user=case_worker,
        household=member.household,
        person=member.person,
        roles=[VICTIM, PERPETRATOR],
        expected_roles=[VICTIM],
    )
    with pytest.raises(StaleVersion):
        services.household_member_set_roles(
            user=case_worker,
            household=member.household,
            person=member.person,
            roles=[HouseholdRole.WITNESS],
            expected_roles=[VICTIM],
        )
    assert HouseholdMember.objects.get(pk=member.pk).all_roles == [VICTIM, PERPETRATOR]


def test_the_household_page_shows_and_edits_the_roles(worker_client, member):
    """16.9 on the page: a checkbox per role; saved, the table shows both roles; a stale form
    answers 409 with the choice kept; no role at all is refused with the field named."""
    url = f"/huishoudens/{member.household_id}"
    page = worker_client.get(url).content.decode()
    assert "Rollen van Ayse Kaya" in page
    data = {"stap": "rollen", "persoon": member.person_id, "was": "victim"}
    saved = worker_client.post(url, {**data, "rollen": ["victim", "alleged_perpetrator"]})
    assert saved.status_code == 302
    page = worker_client.get(url).content.decode()
    assert "<td>Slachtoffer en vermoedelijke pleger</td>" in page
    stale = worker_client.post(url, {**data, "rollen": ["witness"]})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "intussen gewijzigd" in body
    assert f'id="rollen-{member.person_id}-witness" value="witness" checked' in body
    empty = worker_client.post(url, {**data, "was": "victim,alleged_perpetrator"})
    assert empty.status_code == 400
    assert "Kies minstens één rol uit de lijst." in empty.content.decode()
    assert HouseholdMember.objects.get(pk=member.pk).all_roles == [VICTIM, PERPETRATOR]


def test_the_api_shows_and_sets_the_roles(worker_client, member):
    """16.9 through the API: `roles` in the household, set with the roles read."""
    url = f"/api/v1/households/{member.household_id}"
    assert worker_client.get(url).json()["members"][0]["roles"] == ["victim"]
    roles_url = f"{url}/members/{member.person_id}/roles"
    body = {"roles": ["victim", "alleged_perpetrator"], "expected_roles": ["victim"]}
    response = worker_client.put(roles_url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    answer = response.json()["members"][0]
    assert answer["roles"] == ["victim", "alleged_perpetrator"]
    assert answer["roles_label"] == "Slachtoffer en vermoedelijke pleger"
    again = worker_client.put(roles_url, json.dumps(body), content_type="application/json")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    unversioned = {"roles": ["witness"]}
    refused = worker_client.put(roles_url, json.dumps(unversioned), content_type="application/json")
    assert refused.status_code == 428  # issue 20.3: no change without the state it is based on
