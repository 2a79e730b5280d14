"""Case pages and worklists: scoping, stale edits, access log, query counts."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from tests.cases.factories import open_case
from tests.conftest import verified_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.cases import services
from zicht.cases.models import HolderType
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(name="Team Noord")


@pytest.fixture
def case(case_worker, team):
    return open_case(user=case_worker, team=team)


def test_case_page_shows_ledger_and_logs_the_read(worker_client, case):
    """R-PRIV-3: reading a case page writes an access-log entry per person shown."""
    before = AccessLogEntry.objects.count()
    response = worker_client.get(f"/dossiers/{case.number}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Verantwoordelijk voor de veiligheid" in body and "Veilig Thuis — Team Noord" in body
    entries = AccessLogEntry.objects.filter(event=AccessEvent.READ, case_id=case.pk)
    assert entries.count() == AccessLogEntry.objects.count() - before == 2
    assert {e.person_id for e in entries} == set(
        case.household.members.values_list("person_id", flat=True)
    )


def test_out_of_scope_and_unknown_case_answer_the_same_404(case):
    """R-PRIV-3: a case outside the user's scope answers 404, like an unknown number."""
    outsider = verified_client(UserFactory())
    assert outsider.get(f"/dossiers/{case.number}").status_code == 404
    assert outsider.get("/dossiers/2026-999999").status_code == 404


def test_stale_form_is_refused_with_input_kept(worker_client, case, case_worker):
    opened_version = case.version
    services.case_transition(
        user=case_worker, case=case, target=Phase.INVESTIGATION, expected_version=opened_version
    )
    response = worker_client.post(
        f"/dossiers/{case.number}/fase",
        {
            "version": opened_version,
            "target": "closed",
            "reason": "Mijn zorgvuldig getypte toelichting",
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "intussen door iemand anders gewijzigd" in body
    assert "Mijn zorgvuldig getypte toelichting" in body
    case.refresh_from_db()
    assert case.phase == Phase.INVESTIGATION


def test_refused_transition_names_the_field(worker_client, case):
    response = worker_client.post(
        f"/dossiers/{case.number}/fase", {"version": case.version, "target": "monitoring"}
    )
    assert response.status_code == 400
    assert "Volgende fase" in response.content.decode()


def test_transition_through_the_page(worker_client, case):
    response = worker_client.post(
        f"/dossiers/{case.number}/fase",
        {"version": case.version, "target": "investigation", "reason": "Onduidelijk"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == Phase.INVESTIGATION
    page = worker_client.get(f"/dossiers/{case.number}?soort=phase_changed").content.decode()
    assert "Veiligheidsbeoordeling → Onderzoek. Onduidelijk" in page


def test_my_work_lists_open_deadlines_nearest_first(worker_client, case, case_worker):
    """R-DL-3: my worklist shows each open deadline with its status and the current holder."""
    services.deadline_start(
        case=case, kind="assessment", start=timezone.localdate() - timedelta(days=14)
    )
    services.deadline_start(case=case, kind="reporter_contact", start=timezone.localdate())
    body = worker_client.get("/werk").content.decode()
    assert body.index("<td>Veiligheidsbeoordeling afronden</td>") < body.index(
        "<td>Contact met de melder</td>"
    )
    assert "Te laat" in body and "Op tijd" in body
    assert "Veilig Thuis (" in body
    filtered = worker_client.get("/werk?status=overdue").content.decode()
    assert "<td>Contact met de melder</td>" not in filtered


def test_worklist_dates_are_dutch(worker_client, case):
    """R-DL-3: the due date reads as a Dutch date, weekday included."""
    services.deadline_start(case=case, kind="assessment", start=date(2026, 11, 23))
    body = worker_client.get("/werk").content.decode()
    assert "<td>ma 30 nov. 2026</td>" in body  # Django's nl formats (issue 16.7)


def test_my_work_shows_each_rows_own_holder_and_links_its_case(worker_client, case_worker, team):
    """R-ZOV-1, R-DL-3: each worklist row names the current holder of its own case (VT with the
    worker, a partner, the household) and links to that case's page; one read logged per case."""
    partner = PartnerAgencyFactory(name="Wijkteam Oost")
    held = {"vt": open_case(user=case_worker, team=team)}
    held["partner"] = open_case(user=case_worker, team=team)
    held["household"] = open_case(user=case_worker, team=team)
    services.responsibility_transfer(
        user=case_worker,
        case=held["partner"],
        holder_type=HolderType.PARTNER,
        partner=partner,
        reason="Overgedragen",
    )
    services.responsibility_transfer(
        user=case_worker,
        case=held["household"],
        holder_type=HolderType.HOUSEHOLD,
        reason="Terug naar het huishouden",
    )
    for case in held.values():
        services.deadline_start(case=case, kind="assessment", start=timezone.localdate())
    before = AccessLogEntry.objects.count()
    body = worker_client.get("/werk").content.decode()
    rows = {number: body[body.index(f'href="/dossiers/{number}"') :] for number in
            [case.number for case in held.values()]}  # fmt: skip
    assert f"Veilig Thuis ({escape(case_worker.full_name)})" in _row(rows[held["vt"].number])
    assert "Wijkteam Oost" in _row(rows[held["partner"].number])
    assert "Het huishouden zelf" in _row(rows[held["household"].number])
    reads = AccessLogEntry.objects.filter(event=AccessEvent.READ, detail="werklijst")
    assert AccessLogEntry.objects.count() - before == reads.count() == 3


def _row(html_from_link: str) -> str:
    return html_from_link[: html_from_link.index("</tr>")]


def _cases_with_deadlines(user, team, n):
    for _ in range(n):
        case = open_case(user=user, team=team)
        services.deadline_start(case=case, kind="assessment", start=timezone.localdate())


def test_my_work_query_count_does_not_grow(
    worker_client, case_worker, team, django_assert_max_num_queries
):
    """R-DL-3: the worklist costs the same number of queries for 2 rows as for 20."""
    _cases_with_deadlines(case_worker, team, 2)
    with django_assert_max_num_queries(30) as few:
        worker_client.get("/werk")
    _cases_with_deadlines(case_worker, team, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = worker_client.get("/werk")
    assert response.content.decode().count("<td>Veiligheidsbeoordeling afronden</td>") == 20


def test_team_worklist_shows_caseload_per_worker(team, django_assert_max_num_queries):
    """R-WL-3: the team leader sees caseload per worker, in a fixed number of queries."""
    leader = UserFactory(team_leader=True, full_name="Tess Leider")
    team.members.add(leader)
    busy = UserFactory(full_name="Bram Bezig")
    quiet = UserFactory(full_name="Rita Rustig")
    team.members.add(busy, quiet)
    _cases_with_deadlines(busy, team, 3)
    client = verified_client(leader)
    with django_assert_max_num_queries(30) as few:
        client.get("/team")
    _cases_with_deadlines(quiet, team, 6)
    cache.clear()  # the caseload is recounted once a minute: count again now
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/team").content.decode()
    assert "Caseload per medewerker" in body
    bram = body.index("Bram Bezig")
    rita = body.index("Rita Rustig")
    assert rita < bram  # the busiest first
    assert '<td class="num">6</td>' in body and '<td class="num">3</td>' in body


def test_caseload_is_recounted_after_a_minute_and_says_when_it_was_counted(team):
    """R-WL-3: the caseload figures are at most a minute old, and the page says when counted."""
    leader = UserFactory(team_leader=True)
    busy = UserFactory(full_name="Bram Bezig")
    team.members.add(leader, busy)
    client = verified_client(leader)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _cases_with_deadlines(busy, team, 2)
        first = client.get("/team").content.decode()
        assert f"geteld om {timezone.localtime():%H:%M:%S}" in first
        _cases_with_deadlines(busy, team, 3)
        assert client.get("/team").content.decode().count('<td class="num">2</td>') == 2
        traveller.shift(61)
        again = client.get("/team").content.decode()
    assert again.count('<td class="num">5</td>') == 2  # active cases and open deadlines
    # The worklist rows themselves are live at every request.
    assert again.count("<td>Veiligheidsbeoordeling afronden</td>") == 5


def test_team_page_is_for_team_leaders_only(worker_client):
    assert worker_client.get("/team").status_code == 403


def test_emergency_access_via_open_case_page(case, team):
    """R-PRIV-3: another team's case opens only with a reason, which the team leader sees."""
    outsider = UserFactory(full_name="Olga Buiten")
    TeamFactory(name="Team Zuid").members.add(outsider)
    client = verified_client(outsider)
    response = client.post("/dossiers/openen", {"number": case.number})
    assert response.status_code == 302 and response.url.endswith("/noodtoegang")
    refused = client.post(f"/dossiers/{case.number}/noodtoegang", {"reason": ""})
    assert refused.status_code == 400 and "Geef een reden" in refused.content.decode()
    granted = client.post(
        f"/dossiers/{case.number}/noodtoegang", {"reason": "Politie belt 's nachts"}
    )
    assert granted.status_code == 302
    assert client.get(f"/dossiers/{case.number}").status_code == 200
    leader = UserFactory(team_leader=True)
    team.members.add(leader)
    body = verified_client(leader).get("/team").content.decode()
    assert "Olga Buiten" in body and "Politie belt" in body


def test_leader_of_two_teams_sees_each_emergency_access_once(case, team):
    """R-PRIV-3: an emergency access by a member of both of the leader's teams, to a case of one
    of them, is listed once, as are accesses by members to other teams' cases."""
    other_team = TeamFactory(name="Team Noord")
    both = UserFactory(full_name="Bram Beide")
    team.members.add(both)
    other_team.members.add(both)
    elsewhere = open_case(user=UserFactory(), team=TeamFactory(name="Team Zuid"))
    services.emergency_access_grant(user=both, number=elsewhere.number, reason="Crisis Zuid")
    outsider = UserFactory(full_name="Olga Buiten")
    services.emergency_access_grant(user=outsider, number=case.number, reason="Crisis hier")
    leader = UserFactory(team_leader=True)
    team.members.add(leader)
    other_team.members.add(leader)
    body = verified_client(leader).get("/team").content.decode()
    assert body.count("Crisis Zuid") == 1 and body.count("Crisis hier") == 1


def test_unknown_case_number_gets_a_clear_message(worker_client):
    response = worker_client.post("/dossiers/openen", {"number": "2026-999999"})
    assert response.status_code == 400
    assert "Er is geen dossier met nummer 2026-999999" in response.content.decode()
    bad = worker_client.post("/dossiers/openen", {"number": "abc"})
    assert "Dossiernummer: Een dossiernummer ziet eruit als 2026-000123." in bad.content.decode()


def test_emergency_access_expires(case, time_machine):
    """R-PRIV-3: emergency access is for a shift, not for ever."""
    outsider = UserFactory()
    services.emergency_access_grant(user=outsider, number=case.number, reason="Nachtdienst, crisis")
    client = verified_client(outsider)
    assert client.get(f"/dossiers/{case.number}").status_code == 200
    time_machine.move_to(timezone.now() + timedelta(hours=13))
    assert verified_client(outsider).get(f"/dossiers/{case.number}").status_code == 404


def test_long_worklists_count_only_up_to_a_cap(worker_client, case_worker, team, monkeypatch):
    """R-DL-3: past the cap the worklist says "meer dan" instead of counting every row."""
    from zicht.cases.views import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 2)
    monkeypatch.setattr("zicht.cases.views.PAGE_SIZE", 1)
    _cases_with_deadlines(case_worker, team, 4)
    body = worker_client.get("/werk").content.decode()
    assert "meer dan 2 termijnen" in body
    assert worker_client.get("/werk?pagina=3").status_code == 200


def test_case_page_shows_who_changed_what(worker_client, case, case_worker, team):
    colleague = UserFactory(full_name="Carla Collega")
    team.members.add(colleague)
    services.case_assign(
        user=case_worker, case=case, expected_version=case.version, team=team, worker=colleague
    )
    body = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert "Wijzigingen van het dossier" in body
    assert f"Medewerker {escape(case_worker.full_name)} → Carla Collega" in body


def test_worklists_show_no_household_member_so_a_read_per_case_is_complete(
    case_worker, worker_client, team
):
    """Issue 17.5, R-PRIV-3: /werk and the team worklist show case numbers, phase and holder, no
    person's or household's name; one read per case shown is then the whole of what was seen.
    (The API's case list, which shows the household's name, logs each member:
    tests/api/test_cases.py::test_case_list_logs_a_read_per_household_member_shown.)"""
    shown = open_case(user=case_worker, team=team)
    services.deadline_start(case=shown, kind="assessment", start=timezone.localdate())
    names = [shown.household.name] + [
        m.person.last_name for m in shown.household.members.select_related("person")
    ]
    body = worker_client.get("/werk").content.decode()
    assert shown.number in body
    assert not [name for name in names if name in body]


def test_case_page_query_count_does_not_grow_with_the_household_or_the_timeline(
    case_worker, django_assert_max_num_queries
):
    """R-PRIV-3, issue 20.12: a case page costs the same number of queries for a household of
    three with one report and a short timeline as for a household of eight with four reports,
    a recorded reporter contact and a timeline of fifty events."""
    from tests.informing.helpers import contact, household_persons, register
    from tests.people.factories import PersonFactory
    from zicht.people.models import HouseholdRole
    from zicht.reports.services import Involved

    involved = household_persons()
    first = register(case_worker, involved=involved)
    case = first.case
    client = verified_client(case_worker)
    client.get(f"/dossiers/{case.number}")  # warm: the caches a first request fills
    with django_assert_max_num_queries(40) as small:
        client.get(f"/dossiers/{case.number}")

    more = [Involved(PersonFactory(last_name="Bakker"), HouseholdRole.CHILD) for _ in range(5)]
    for _ in range(3):
        register(case_worker, involved=involved + more)
    contact(case_worker, first)
    for n in range(50):
        services.timeline_add(case=case, actor=case_worker, kind="note", summary=f"Notitie {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/dossiers/{case.number}")
    body = response.content.decode()
    assert body.count("Notitie ") >= 50
    assert case.household.members.count() == 8
