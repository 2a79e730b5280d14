"""Issue 20.2: two workers start the same assessment at one moment; the second keeps the text."""

import pytest

from tests.assessment.conftest import submitted
from tests.assessment.test_api import body, path
from tests.assessment.test_views import form_data, url
from tests.conftest import verified_client
from tests.factories import UserFactory
from zicht.assessment.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(team):
    user = UserFactory(full_name="Cor Collega", email="cor@zicht.test")
    team.members.add(user)
    return user


def test_second_start_on_the_page_is_a_stale_page_with_the_text_kept(author, colleague, case):
    """Issue 20.2: both opened the empty form (version ""); the first saves; the second gets the
    stale page (409) with what they typed shown again and the colleague's draft named — not 403."""
    first, second = verified_client(author), verified_client(colleague)
    assert first.get(url(case)).status_code == 200
    assert second.get(url(case)).status_code == 200  # both see the empty form
    assert first.post(url(case), form_data(actie="opslaan")).status_code == 302
    response = second.post(
        url(case), form_data(rationale="Mijn eigen onderbouwing van Cor", actie="opslaan")
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Mijn eigen onderbouwing van Cor" in page  # the text typed is shown again
    assert "Anna Auteur heeft intussen een concept opgeslagen op" in page
    assert Assessment.objects.get(case=case).author == author  # nothing of Cor's was saved
    assert Assessment.objects.get(case=case).rationale == form_data()["rationale"]


def test_second_start_submitting_is_refused_the_same_way(author, colleague, case):
    """Issue 20.2: also when the second presses 'Ter bevestiging aanbieden'."""
    verified_client(author).post(url(case), form_data(actie="opslaan"))
    response = verified_client(colleague).post(
        url(case), form_data(rationale="Tekst van Cor", actie="aanbieden")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Tekst van Cor" in page and "Anna Auteur heeft intussen een concept" in page


def test_second_start_through_the_api_is_a_409_naming_the_colleague(author, colleague, case):
    """Issue 20.2 in the API: creating (no version) while a colleague's draft exists is 409
    problem+json naming the colleague, with the current version; not 403."""
    assert verified_client(author).put(path(case), body(), "application/json").status_code == 200
    response = verified_client(colleague).put(path(case), body(), "application/json")
    assert response.status_code == 409, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert "Anna Auteur heeft intussen een concept opgeslagen op" in problem["detail"]
    assert problem["current_version"] == 1
    assert Assessment.objects.get(case=case).author == author


def test_api_update_of_a_draft_without_its_version_is_refused_428(author, case):
    """Issue 20.3: a PUT without `version` while the author's own draft exists is an update
    without the version it was based on: 428 problem+json, the draft unchanged (was 200)."""
    api = verified_client(author)
    assert api.put(path(case), body(), "application/json").status_code == 200
    response = api.put(path(case), body(rationale="Overschreven"), "application/json")
    assert response.status_code == 428, response.content
    assert response.json()["type"] == "urn:zicht:probleem:versie-verplicht"
    assert Assessment.objects.get(case=case).rationale == body()["rationale"]
    null = api.put(path(case), body(version=None, rationale="Overschreven"), "application/json")
    assert null.status_code == 428
    ok = api.put(path(case), body(version=1, rationale="Bijgewerkt"), "application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2


def test_colleague_offered_meanwhile_the_text_is_kept_too(author, colleague, case):
    """Issue 20.2: the colleague has already offered theirs for confirmation (no draft left):
    the second worker's save from the empty form is 409 with their text shown again."""
    submitted(author, case)
    response = verified_client(colleague).post(
        url(case), form_data(rationale="Tekst die Cor typte", actie="opslaan")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Tekst die Cor typte" in page
    assert "Anna Auteur heeft intussen de beoordeling ter bevestiging aangeboden op" in page


def test_a_submit_and_a_transition_without_version_answer_428_problem_json(author, case):
    """Issue 20.3 through HTTP: 428 problem+json naming the field, nothing changed."""
    api = verified_client(author)
    transition = api.post(
        f"/api/v1/cases/{case.number}/transitions", {"target": "closed"}, "application/json"
    )
    assert transition.status_code == 428, transition.content
    assert transition["Content-Type"].startswith("application/problem+json")
    assert transition.json()["type"] == "urn:zicht:probleem:versie-verplicht"
    assert "‘version’" in transition.json()["detail"]
    assessment = submitted(author, case)
    submit = api.post(
        f"/api/v1/cases/{case.number}/assessment/confirm", {"version": None}, "application/json"
    )
    assert submit.status_code == 428, submit.content
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
