"""Monitoring pages: start, check, outcome — errors named per field with the input kept, stale
versions, scoping and rights; the case page's section."""

import pytest
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.involvement.conftest import members
from tests.monitoring.conftest import start
from zicht.accounts.policy import Role
from zicht.monitoring.models import MomentKind, MonitoringCheck, MonitoringPlan

pytestmark = pytest.mark.django_db


def url(case, step: str, plan=None) -> str:
    middle = f"/{plan.pk}" if plan else ""
    return f"/dossiers/{case.number}/monitoren{middle}/{step}"


def check_data(case, plan, **overrides):
    conditions = {
        f"condition_{c.pk}": "met" for c in plan.case.safety_plan.versions.last().conditions.all()
    }
    spoken = {f"member_{m.pk}_spoken": "on" for m in case.household.members.all()}
    case.refresh_from_db()
    data = {
        "version": case.version,
        "moment": plan.moments.get(kind=MomentKind.THREE_MONTHS).pk,
        "held_on": timezone.localdate().isoformat(),
        "direct_safety": "ja",
        "stable_safety": "not_yet",
        "recovery_worked_on": "ja",
        "summary": "Huisbezoek, alle gezinsleden gesproken.",
        "partner_view": "Het wijkteam ziet verbetering.",
        **conditions,
        **spoken,
    }
    return data | overrides


def test_start_page_and_plan_started(worker_client, monitored):
    """R-MON-1, R-MON-2: the start page says monitoring always follows; a start plans the
    moments and returns to the case page's section."""
    page = worker_client.get(url(monitored, "starten"))
    assert "monitoren is altijd nodig" in page.content.decode()
    response = worker_client.post(
        url(monitored, "starten"),
        {"version": monitored.version, "started_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302 and response["Location"].endswith("#monitoren")
    plan = MonitoringPlan.objects.get(case=monitored)
    assert plan.moments.count() == 2
    case_page = worker_client.get(f"/dossiers/{monitored.number}").content.decode()
    assert "Veilig Thuis monitort" in case_page and "Wijkteam Alkmaar-Noord" in case_page


def test_a_half_filled_agreed_moment_is_named_and_the_input_kept(worker_client, monitored):
    """Bad input: an agreed moment without whom it was agreed with is refused, field named."""
    response = worker_client.post(
        url(monitored, "starten"),
        {
            "version": monitored.version,
            "started_on": timezone.localdate().isoformat(),
            "agreements": "Elke zes weken huisbezoek",
            "moment_0_due": "2027-02-22",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Vul bij een afgesproken moment de datum en met wie in." in body
    assert "Elke zes weken huisbezoek" in body
    assert not MonitoringPlan.objects.exists()


def test_check_page_lists_conditions_and_members_and_refuses_a_missing_reason(
    worker_client, case_worker, monitored
):
    """R-MON-3: the page asks each condition and each member; a member neither spoken nor with
    a reason is named, and what was typed stays."""
    plan = start(case_worker, monitored)
    page = worker_client.get(url(monitored, "controle", plan)).content.decode()
    assert "Vader komt niet in de woning" in page
    sem = members(monitored)["Sem"]
    assert f"Gesproken met {sem.person.full_name}" in page
    data = check_data(monitored, plan)
    data.pop(f"member_{sem.pk}_spoken")
    response = worker_client.post(url(monitored, "controle", plan), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nog niet ingevuld: " + sem.person.full_name in body
    assert "Huisbezoek, alle gezinsleden gesproken." in body
    assert not MonitoringCheck.objects.exists()
    data[f"member_{sem.pk}_reason"] = "Lag ziek op bed; moeder vertelde hoe het ging."
    response = worker_client.post(url(monitored, "controle", plan), data)
    assert response.status_code == 302
    assert MonitoringCheck.objects.get().contacts.get(member=sem).spoken is False


def test_a_stale_check_keeps_the_input(worker_client, case_worker, monitored):
    """Two workers: a check on an older version is refused (409) with what was typed kept."""
    plan = start(case_worker, monitored)
    data = check_data(monitored, plan, version=1, summary="Mijn eigen samenvatting")
    response = worker_client.post(url(monitored, "controle", plan), data)
    assert response.status_code == 409
    assert "Mijn eigen samenvatting" in response.content.decode()
    assert not MonitoringCheck.objects.exists()


def test_another_team_s_case_is_not_found(case_worker, monitored):
    """R-PRIV-3: a worker of another team gets 404 for the pages, as for a missing case."""
    stranger = UserFactory(role=Role.CASE_WORKER)
    stranger.teams.add(TeamFactory())
    plan = start(case_worker, monitored)
    client = verified_client(stranger)
    assert client.get(url(monitored, "starten")).status_code == 404
    assert client.get(url(monitored, "controle", plan)).status_code == 404


def test_policy_control_may_not_open_monitoring(monitored):
    """Roles without client data never see a monitoring page."""
    client = verified_client(UserFactory(role=Role.POLICY_CONTROL))
    assert client.get(url(monitored, "starten")).status_code == 403


def test_outcome_page_refuses_closing_too_early(worker_client, case_worker, monitored):
    """R-MON-2, R-MON-4 on the page: closing before the 3- and 12-month checks is named."""
    plan = start(case_worker, monitored)
    monitored.refresh_from_db()
    response = worker_client.post(
        url(monitored, "afronden", plan),
        {"version": monitored.version, "outcome": "safety_lasts", "note": "Het gaat goed."},
    )
    assert response.status_code == 400
    assert "controles na 3 en na 12 maanden" in response.content.decode()
