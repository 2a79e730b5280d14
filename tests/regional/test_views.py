"""The house ban on the case page and the team leader's overview (R-HB-1): the forms refuse in
Dutch with the input kept, a stale form is refused, nothing is half-saved."""

from datetime import timedelta

import pytest
import time_machine

from tests.conftest import verified_client
from tests.factories import UserFactory
from tests.regional.helpers import at, deliver, police_account, worker_of
from zicht.regional.models import HouseBanDecision

pytestmark = pytest.mark.django_db
START = at(2026, 4, 30, 14, 30)


@pytest.fixture
def ban():
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        return deliver(police_account(), starts_at=START)


def _url(ban, what: str) -> str:
    return f"/dossiers/{ban.case.number}/huisverbod/{ban.pk}/{what}"


def test_case_page_shows_the_ban_and_its_tasks(ban):
    """R-HB-1: the case page shows the order, the persons and VT's tasks with their status."""
    client = verified_client(worker_of(ban))
    with time_machine.travel(at(2026, 5, 2, 12), tick=False):
        page = client.get(f"/dossiers/{ban.case.number}").content.decode()
    assert "Tijdelijk huisverbod" in page and "HV-2026-0042" in page
    assert "Contact met de uithuisgeplaatste" in page
    assert "Besluit over verlenging huisverbod" in page


def test_extension_past_28_days_on_the_page_keeps_the_input(ban):
    """R-HB-1: refused in Dutch at the field, with what was typed; nothing saved."""
    client = verified_client(worker_of(ban))
    ban.case.refresh_from_db()
    with time_machine.travel(at(2026, 5, 8, 12), tick=False):
        response = client.post(
            _url(ban, "besluit"),
            {
                "besluit-version": ban.case.version,
                "besluit-decided_on": "2026-05-08",
                "besluit-extended": "ja",
                "besluit-ends_at": "2026-05-29T15:00",
                "besluit-note": "Risico blijft hoog",
            },
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ten hoogste 28 dagen" in page
    assert 'value="2026-05-29T15:00"' in page and "Risico blijft hoog" in page
    assert not HouseBanDecision.objects.exists()


def test_extension_on_the_page(ban):
    client = verified_client(worker_of(ban))
    ban.case.refresh_from_db()
    with time_machine.travel(at(2026, 5, 8, 12), tick=False):
        response = client.post(
            _url(ban, "besluit"),
            {
                "besluit-version": ban.case.version,
                "besluit-decided_on": "2026-05-08",
                "besluit-extended": "ja",
                "besluit-ends_at": "2026-05-28T14:30",
            },
        )
    assert response.status_code == 302
    ban.refresh_from_db()
    assert ban.ends_at == START + timedelta(days=28)


def test_stale_form_is_refused_with_the_input_kept(ban):
    client = verified_client(worker_of(ban))
    ban.case.refresh_from_db()
    with time_machine.travel(at(2026, 5, 8, 12), tick=False):
        response = client.post(
            _url(ban, "actie"),
            {
                "actie-version": ban.case.version - 1,
                "actie-kind": "victims_contact",
                "actie-done_on": "2026-05-08",
                "actie-note": "Gesprek met Anna over het veiligheidsplan",
            },
        )
    assert response.status_code == 409
    page = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in page
    assert "Gesprek met Anna over het veiligheidsplan" in page
    assert not ban.actions.exists()


def test_end_before_start_on_the_page(ban):
    client = verified_client(worker_of(ban))
    ban.case.refresh_from_db()
    with time_machine.travel(at(2026, 5, 11, 12), tick=False):
        response = client.post(
            _url(ban, "einde"),
            {
                "einde-version": ban.case.version,
                "einde-ended_at": "2026-04-29T10:00",
                "einde-aftercare": "Wekelijks contact",
            },
        )
    assert response.status_code == 400
    assert "vóór de ingang" in response.content.decode()
    ban.refresh_from_db()
    assert ban.is_running


def test_overview_for_the_team_leader(ban):
    """R-HB-1: running bans with days left and extensions; ended ones with their aftercare."""
    leader = UserFactory(team_leader=True)
    ban.case.team.members.add(leader)
    client = verified_client(leader)
    with time_machine.travel(at(2026, 5, 7, 14, 30), tick=False):
        page = client.get("/huisverboden").content.decode()
    assert ban.case.number in page and "HV-2026-0042" in page
    assert "<td>3</td>" in page  # 7 May 14:30 → 10 May 14:30
    other_leader = UserFactory(team_leader=True)
    with time_machine.travel(at(2026, 5, 7, 14, 30), tick=False):
        assert (
            ban.case.number
            not in verified_client(other_leader).get("/huisverboden").content.decode()
        )


def test_overview_is_for_team_leaders_only(ban):
    assert verified_client(worker_of(ban)).get("/huisverboden").status_code == 403
