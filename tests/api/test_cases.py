"""The cases API: scoping, transitions with version check, timeline, deadlines, responsibility."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.factories import case, other_team_case, team_of, token_client
from tests.factories import PartnerAgencyFactory, UserFactory
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.cases import services
from zicht.cases.models import HolderType
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _api_reads(**filters):
    return AccessLogEntry.objects.filter(channel=Channel.API, event=AccessEvent.READ, **filters)


# --- list and one case ----------------------------------------------------------------------


def test_list_shows_own_team_cases_only(case_worker, worker_client):
    mine = case(case_worker)
    other_team_case()
    body = worker_client.get("/api/v1/cases").json()
    assert body["count"] == 1
    assert [row["number"] for row in body["results"]] == [mine.number]
    row = body["results"][0]
    assert row["phase"] == "assessment"
    assert row["phase_label"] == "Veiligheidsbeoordeling"
    assert row["team"]["name"] == "Team Noord"
    assert row["household"]["name"] == "Gezin Jansen"


def test_list_filters_on_phase(case_worker, worker_client):
    team = team_of(case_worker)
    assessment = case(case_worker, team=team)
    closed = case(case_worker, team=team, last_names=("Visser",))
    services.case_transition(
        user=case_worker, case=closed, target=Phase.CLOSED, expected_version=None
    )
    body = worker_client.get("/api/v1/cases?phase=closed").json()
    assert [row["number"] for row in body["results"]] == [closed.number]
    body = worker_client.get("/api/v1/cases?phase=assessment").json()
    assert [row["number"] for row in body["results"]] == [assessment.number]


def test_unknown_phase_filter_is_400_naming_the_parameter(worker_client):
    response = worker_client.get("/api/v1/cases?phase=onzin")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["invalid_params"][0]["name"] == "phase"


def test_case_of_another_team_is_404_the_same_as_an_unknown_number(worker_client):
    """R-PRIV-3: out of scope looks exactly like missing, so numbers cannot be probed."""
    foreign = other_team_case()
    hidden = worker_client.get(f"/api/v1/cases/{foreign.number}")
    missing = worker_client.get("/api/v1/cases/2099-999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden["Content-Type"] == missing["Content-Type"] == PROBLEM
    strip = lambda body: {k: v for k, v in body.items() if k != "instance"}  # noqa: E731
    assert strip(hidden.json()) == strip(missing.json())
    for sub in ("timeline", "deadlines", "responsibility"):
        assert worker_client.get(f"/api/v1/cases/{foreign.number}/{sub}").status_code == 404
    refused = worker_client.post(
        f"/api/v1/cases/{foreign.number}/transitions",
        {"target": "closed", "version": foreign.version},
        content_type="application/json",
    )
    assert refused.status_code == 404


def test_case_detail_with_allowed_transitions(case_worker, worker_client):
    mine = case(case_worker)
    body = worker_client.get(f"/api/v1/cases/{mine.number}").json()
    assert body["number"] == mine.number
    assert body["version"] == mine.version
    targets = {option["target"] for option in body["allowed_transitions"]}
    assert targets == {"closed", "handover", "conditions", "investigation"}


def test_case_read_is_logged_per_person(case_worker, worker_client):
    """R-PRIV-3: reading a case through the API writes an entry per household member."""
    mine = case(case_worker, last_names=("Jansen", "Jansen"))
    path = f"/api/v1/cases/{mine.number}"
    worker_client.get(path)
    entries = _api_reads(case_id=mine.pk)
    assert entries.count() == 2
    assert {entry.resource for entry in entries} == {path}
    assert all(entry.user_id == case_worker.pk for entry in entries)
    assert set(entries.values_list("person_id", flat=True)) == set(
        mine.household.members.values_list("person_id", flat=True)
    )


def test_case_list_is_logged_per_case_shown(case_worker, worker_client):
    """R-PRIV-3: a list logs one entry per case on the page."""
    team = team_of(case_worker)
    shown = {case(case_worker, team=team, last_names=(name,)).pk for name in ("A", "B", "C")}
    worker_client.get("/api/v1/cases")
    assert set(_api_reads(resource="/api/v1/cases").values_list("case_id", flat=True)) == shown


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_case_list_costs_the_same_for_5_or_30_rows(case_worker, django_assert_max_num_queries):
    client = token_client(case_worker)
    team = team_of(case_worker)
    for index in range(5):
        case(case_worker, team=team, last_names=(f"Naam{index}",))
    few = _count_queries(client, "/api/v1/cases")
    for index in range(5, 30):
        case(case_worker, team=team, last_names=(f"Naam{index}",))
    with django_assert_max_num_queries(few):
        response = client.get("/api/v1/cases")
    assert response.json()["count"] == 30


# --- transitions ----------------------------------------------------------------------------


def _transition(client, number, **body):
    return client.post(f"/api/v1/cases/{number}/transitions", body, content_type="application/json")


def test_transition_moves_the_case(case_worker, worker_client):
    mine = case(case_worker)
    response = _transition(
        worker_client, mine.number, target="investigation", version=mine.version, reason="Zorgen"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["phase"] == "investigation"
    assert body["version"] == mine.version + 1
    assert AccessLogEntry.objects.filter(
        channel=Channel.API, event=AccessEvent.CHANGE, case_id=mine.pk
    ).exists()


def test_refused_transition_is_409_problem(case_worker, worker_client):
    mine = case(case_worker)
    response = _transition(worker_client, mine.number, target="monitoring", version=mine.version)
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == "urn:zicht:probleem:overgang-geweigerd"
    assert "Veiligheidsbeoordeling" in body["detail"]
    mine.refresh_from_db()
    assert mine.phase == Phase.ASSESSMENT


def test_stale_version_is_409_and_changes_nothing(case_worker, worker_client):
    mine = case(case_worker)
    opened_version = mine.version
    services.case_transition(
        user=case_worker, case=mine, target=Phase.INVESTIGATION, expected_version=opened_version
    )
    response = _transition(
        worker_client, mine.number, target="closed", version=opened_version, reason="Veilig"
    )
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == "urn:zicht:probleem:verouderde-versie"
    assert body["current_version"] == opened_version + 1
    assert mine.number in body["detail"]
    mine.refresh_from_db()
    assert mine.phase == Phase.INVESTIGATION


def test_transition_without_version_names_the_field(case_worker, worker_client):
    """Issue 20.3: a change without the version it was based on is 428, naming the field."""
    mine = case(case_worker)
    response = _transition(worker_client, mine.number, target="closed")
    assert response.status_code == 428
    assert [p["name"] for p in response.json()["invalid_params"]] == ["version"]


def test_transition_to_unknown_phase_names_the_field(case_worker, worker_client):
    mine = case(case_worker)
    response = _transition(worker_client, mine.number, target="weg", version=mine.version)
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "target"


def test_malformed_json_is_400_problem(case_worker, worker_client):
    mine = case(case_worker)
    response = worker_client.post(
        f"/api/v1/cases/{mine.number}/transitions", "{niet: json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


# --- timeline, deadlines --------------------------------------------------------------------


def test_timeline_filters_on_kind(case_worker, worker_client):
    mine = case(case_worker)
    services.case_transition(
        user=case_worker, case=mine, target=Phase.INVESTIGATION, expected_version=None
    )
    body = worker_client.get(f"/api/v1/cases/{mine.number}/timeline").json()
    assert [row["kind"] for row in body["results"]] == ["phase_changed", "case_opened"]
    body = worker_client.get(f"/api/v1/cases/{mine.number}/timeline?kind=case_opened").json()
    assert [row["kind"] for row in body["results"]] == ["case_opened"]
    assert body["results"][0]["actor"]["name"] == case_worker.full_name


def test_deadlines_with_status(case_worker, worker_client):
    """R-DL-3: each deadline with its status, computed in the query."""
    mine = case(case_worker)
    services.deadline_start(case=mine, kind="assessment", start=date(2020, 1, 6))
    body = worker_client.get(f"/api/v1/cases/{mine.number}/deadlines").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["kind"] == "assessment"
    assert row["rule_id"] == "R-TRI-1"
    assert row["due"] == "2020-01-13"
    assert (row["status"], row["status_label"]) == ("overdue", "Te laat")


# --- responsibility -------------------------------------------------------------------------


@pytest.fixture
def handed_over(case_worker):
    """A case VT held from 2 March 09:00 and handed to a partner on 10 March 12:00 (local)."""
    mine = case(case_worker, opened_at=datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM))
    services.responsibility_transfer(
        user=case_worker,
        case=mine,
        holder_type=HolderType.PARTNER,
        partner=PartnerAgencyFactory(name="Wijkteam Oost"),
        reason="Overgedragen aan het wijkteam",
        at=datetime(2026, 3, 10, 12, 0, tzinfo=AMSTERDAM),
    )
    return mine


def test_responsibility_ledger(handed_over, worker_client):
    body = worker_client.get(f"/api/v1/cases/{handed_over.number}/responsibility").json()
    assert [row["holder_type"] for row in body["results"]] == ["partner", "vt"]
    assert body["results"][0]["ended_at"] is None
    assert body["results"][0]["partner"]["name"] == "Wijkteam Oost"


@pytest.mark.parametrize(
    ("at", "holder"),
    [
        ("2026-03-05T10:00:00+01:00", "vt"),
        ("2026-03-10T11:59:59+01:00", "vt"),
        ("2026-03-10T12:00:00+01:00", "partner"),  # the handover moment belongs to the new holder
        ("2026-03-10T11:30:00Z", "partner"),
        ("2026-03-10T11:30:00", "vt"),  # without an offset: Dutch local time
        ("2026-06-01T00:00:00+02:00", "partner"),
    ],
)
def test_responsibility_at_a_moment(handed_over, worker_client, at, holder):
    """R-ZOV-1: who held responsibility at any moment is one answer, one period."""
    url = f"/api/v1/cases/{handed_over.number}/responsibility"
    response = worker_client.get(url, {"at": at})
    assert response.status_code == 200
    assert response.json()["holder_type"] == holder


def test_responsibility_at_with_unencoded_plus(handed_over, worker_client):
    url = f"/api/v1/cases/{handed_over.number}/responsibility?at=2026-03-10T12:30:00+01:00"
    assert worker_client.get(url).json()["holder_type"] == "partner"


def test_responsibility_before_the_case_existed_is_404(handed_over, worker_client):
    url = f"/api/v1/cases/{handed_over.number}/responsibility"
    response = worker_client.get(url, {"at": "2026-03-01T00:00:00+01:00"})
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert handed_over.number in response.json()["detail"]


def test_responsibility_at_invalid_moment_names_the_parameter(handed_over, worker_client):
    url = f"/api/v1/cases/{handed_over.number}/responsibility"
    response = worker_client.get(url, {"at": "gisteren"})
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "at"


def test_responsibility_read_is_logged(handed_over, case_worker):
    """R-PRIV-3."""
    client = token_client(case_worker)
    url = f"/api/v1/cases/{handed_over.number}/responsibility"
    client.get(url, {"at": datetime(2026, 3, 5, tzinfo=UTC).isoformat()})
    assert _api_reads(case_id=handed_over.pk, resource=url).exists()


def test_other_users_do_not_see_the_case(handed_over):
    outsider = UserFactory()
    team_of(outsider, "Team West")
    response = token_client(outsider).get(f"/api/v1/cases/{handed_over.number}/responsibility")
    assert response.status_code == 404


def test_page_past_the_end_is_404_problem(case_worker, worker_client):
    case(case_worker)
    response = worker_client.get("/api/v1/cases?page=9")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "Deze pagina bestaat niet."


def test_case_list_logs_a_read_per_household_member_shown(case_worker, worker_client):
    """Issue 17.5, R-PRIV-3: the list shows each household's name, so each member of each
    household shown gets a read in their access log (with the case), not the case alone."""
    team = team_of(case_worker)
    first = case(case_worker, team=team, last_names=("Jansen", "Jansen"))
    second = case(case_worker, team=team, last_names=("Visser",))
    before = AccessLogEntry.objects.count()
    assert worker_client.get("/api/v1/cases").status_code == 200
    reads = _api_reads(detail="dossierlijst")
    assert AccessLogEntry.objects.count() - before == reads.count() == 3
    expected = {(pid, first.pk) for pid in first.person_ids()} | {
        (pid, second.pk) for pid in second.person_ids()
    }
    assert set(reads.values_list("person_id", "case_id")) == expected
    assert len(expected) == 3


def test_case_list_of_a_household_without_members_logs_the_case(case_worker, worker_client):
    from zicht.people.models import HouseholdMember

    mine = case(case_worker)
    HouseholdMember.objects.filter(household=mine.household).delete()
    worker_client.get("/api/v1/cases")
    assert list(_api_reads(detail="dossierlijst").values_list("person_id", "case_id")) == [
        (None, mine.pk)
    ]
