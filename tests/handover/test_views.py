"""Handover pages: the form (R-HO-3, R-HO-4), the case page panel, the partner's public page
without login (R-HO-5), hand-back (R-HO-6) and disputes (R-HO-7); scoping, rights, stale
versions, errors named per field, input kept."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from tests.handover.conftest import FACTS, send, token_of
from zicht.accounts.policy import Role
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.cases.models import Case, HolderType
from zicht.cases.services import current_period
from zicht.cases.workflow import Phase
from zicht.handover import services
from zicht.handover.models import Dispute, Handover, HandoverStatus

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def form_url(case):
    return f"/dossiers/{case.number}/overdracht"


def _post_data(case, partner, **overrides):
    data = {
        "version": case.version,
        "partner": partner.pk,
        "facts": FACTS,
        "safety_points": "Vader niet alleen met de kinderen.",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "50",
        "form-0-text": "Spanning thuis neemt toe.",
        "form-0-holder": "J. de Boer, gedragswetenschapper",
        "form-0-based_on": "Blauwe plekken en twee politiemeldingen.",
    }
    return data | overrides


# --- the form -----------------------------------------------------------------------------------


def test_form_offers_only_active_partners_of_the_case_municipality(worker_client, case, partner):
    """R-HO-3: the worker chooses a partner working in the case's municipality."""
    elsewhere = PartnerAgencyFactory(name="Wijkteam Elders")
    inactive = PartnerAgencyFactory(name="Wijkteam Gesloten", active=False)
    inactive.municipalities.add(case.municipality)
    body = worker_client.get(form_url(case)).content.decode()
    assert partner.name in body
    assert elsewhere.name not in body
    assert inactive.name not in body
    assert "Meningen, oordelen en hypothesen" in body


def test_without_municipality_all_partners_with_a_notice(worker_client, case, partner):
    Case.objects.filter(pk=case.pk).update(municipality=None)
    elsewhere = PartnerAgencyFactory(name="Wijkteam Elders")
    body = worker_client.get(form_url(case)).content.decode()
    assert "geen gemeente bekend" in body
    assert elsewhere.name in body and partner.name in body


def test_sending_from_the_form_shows_the_link_once_and_keeps_vt_responsible(
    worker_client, case, partner
):
    """R-HO-1, R-HO-3: sent from the form; the case page shows it, VT still responsible; the
    confirmation link is shown to the worker once."""
    response = worker_client.post(form_url(case), _post_data(case, partner))
    assert response.status_code == 302
    handover = Handover.objects.get(case=case)
    assert handover.opinions.count() == 1
    page = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert "Overdracht aan een ketenpartner" in page
    assert "/overdracht/" in page and "Bevestigingslink" in page
    assert "Termijnen van de ketenpartner" in page
    assert "Ontvangstbevestiging ketenpartner: uiterlijk" in page
    assert current_period(case).holder_type == HolderType.VT
    again = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert "Bevestigingslink voor" not in again


def test_no_facts_is_refused_with_the_field_named_and_input_kept(worker_client, case, partner):
    """R-HO-4: a handover without facts is refused; the message names the field."""
    response = worker_client.post(form_url(case), _post_data(case, partner, facts=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Feiten: Een overdracht zonder feiten kan niet" in body
    assert "Spanning thuis neemt toe." in body
    assert not Handover.objects.exists()


def test_an_opinion_without_source_is_refused_naming_the_field(worker_client, case, partner):
    """R-HO-4: an opinion without whose it is is refused, the field named."""
    data = _post_data(case, partner, **{"form-0-holder": ""})
    response = worker_client.post(form_url(case), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mening 1, van wie (naam en functie): Een mening zonder bron kan niet" in body
    assert not Handover.objects.exists()


def test_more_opinion_rows_keep_what_was_typed(worker_client, case, partner):
    response = worker_client.post(form_url(case), _post_data(case, partner, more="1"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="form-5-text"' in body
    assert "Spanning thuis neemt toe." in body
    assert not Handover.objects.exists()


def test_a_stale_form_is_refused_and_keeps_the_input(worker_client, case, partner):
    data = _post_data(case, partner, version=case.version - 1)
    response = worker_client.post(form_url(case), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert "blauwe plekken op de arm" in body
    assert not Handover.objects.exists()


def test_a_case_outside_ones_teams_is_not_found(case, partner):
    stranger = UserFactory()
    stranger_team = TeamFactory(name="Team Zuid")
    stranger_team.members.add(stranger)
    client = verified_client(stranger)
    assert client.get(form_url(case)).status_code == 404
    assert client.post(form_url(case), _post_data(case, partner)).status_code == 404


def test_front_office_may_not_send(case, partner, team):
    front = UserFactory(role=Role.FRONT_OFFICE)
    team.members.add(front)
    response = verified_client(front).post(form_url(case), _post_data(case, partner))
    assert response.status_code == 403
    assert not Handover.objects.exists()


# --- the partner's page -------------------------------------------------------------------------


def test_partner_page_needs_no_login_and_logs_the_read_as_the_partner(case_worker, case, partner):
    """R-HO-5: the partner opens the link without login; the read is logged, naming the partner,
    without the token in the log."""
    _, link = send(case_worker, case, partner)
    token = token_of(link)
    response = Client().get(f"/overdracht/{token}")
    assert response.status_code == 200
    body = response.content.decode()
    assert case.number in body and FACTS in body
    assert "Meningen (dit zijn geen feiten)" in body
    assert "Ontvangen, maar wachtlijst" in body
    entry = AccessLogEntry.objects.filter(event=AccessEvent.READ, case_id=case.pk).last()
    assert "Wijkteam Alkmaar-Noord" in entry.detail
    assert token not in entry.resource


def test_partner_accepts_through_the_page_and_becomes_responsible(case_worker, case, partner):
    """R-HO-1, R-HO-5: 'ontvangen en opgepakt' moves responsibility to the partner then."""
    _, link = send(case_worker, case, partner)
    response = Client().post(
        f"/overdracht/{token_of(link)}", {"decision": "accepted", "name": "Sanne Smit"}
    )
    assert response.status_code == 200
    assert "verantwoordelijk" in response.content.decode()
    assert current_period(case).holder_type == HolderType.PARTNER
    assert Handover.objects.get().answered_by_name == "Sanne Smit"


def test_partner_page_names_a_missing_field(case_worker, case, partner):
    _, link = send(case_worker, case, partner)
    response = Client().post(f"/overdracht/{token_of(link)}", {"decision": "handed_back"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Uw naam en functie:" in body
    assert "Reden (bij terugleggen): Geef de reden" in body
    assert Handover.objects.get().status == HandoverStatus.SENT


def test_used_link_is_refused_clearly(case_worker, case, partner):
    """R-HO-5: a link used twice: a clear Dutch page, 410, nothing changed."""
    _, link = send(case_worker, case, partner)
    url = f"/overdracht/{token_of(link)}"
    Client().post(url, {"decision": "waiting_list", "name": "Sanne"})
    again = Client().post(url, {"decision": "accepted", "name": "Sanne"})
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()
    assert Client().get(url).status_code == 410
    assert current_period(case).holder_type == HolderType.VT


def test_expired_link_is_refused_clearly(case_worker, case, partner):
    """R-HO-5: an expired link: 410 with a clear page, not a 500."""
    with time_machine.travel(datetime(2027, 5, 3, 9, 0, tzinfo=AMS), tick=False):
        _, link = send(case_worker, case, partner)
    with time_machine.travel(datetime(2027, 5, 3, 9, 0, tzinfo=AMS) + timedelta(days=15)):
        response = Client().get(f"/overdracht/{token_of(link)}")
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_unknown_link_is_404_with_a_dutch_page(db):
    response = Client().get("/overdracht/onbekend")
    assert response.status_code == 404
    assert "kennen wij niet" in response.content.decode()


def test_an_unverified_session_still_reaches_the_partner_page(case_worker, case, partner):
    """The link is open to a browser with a password-only session too (no 2FA redirect)."""
    _, link = send(case_worker, case, partner)
    client = Client()
    client.force_login(UserFactory())
    assert client.get(f"/overdracht/{token_of(link)}").status_code == 200


# --- panel actions ------------------------------------------------------------------------------


def test_household_hand_back_from_the_panel(worker_client, case_worker, case, partner):
    """R-HO-6: a worker records the household's hand-back; the case returns to VT."""
    handover, _ = send(case_worker, case, partner)
    case.refresh_from_db()
    url = f"/dossiers/{case.number}/overdracht/{handover.pk}/terugleggen"
    response = worker_client.post(
        url, {"terug-version": case.version, "terug-by": "household", "terug-reason": "Wil niet"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT
    assert current_period(case).holder_type == HolderType.VT


def test_hand_back_without_reason_names_the_field(worker_client, case_worker, case, partner):
    handover, _ = send(case_worker, case, partner)
    case.refresh_from_db()
    url = f"/dossiers/{case.number}/overdracht/{handover.pk}/terugleggen"
    response = worker_client.post(url, {"terug-version": case.version, "terug-by": "household"})
    assert response.status_code == 400
    assert "Reden: Geef de reden" in response.content.decode()


def test_stale_hand_back_is_refused_with_input_kept(worker_client, case_worker, case, partner):
    handover, _ = send(case_worker, case, partner)
    url = f"/dossiers/{case.number}/overdracht/{handover.pk}/terugleggen"
    response = worker_client.post(
        url, {"terug-version": 1, "terug-by": "household", "terug-reason": "Gezin belt af"}
    )
    assert response.status_code == 409
    assert "Gezin belt af" in response.content.decode()
    assert Handover.objects.get().status == HandoverStatus.SENT


def test_a_second_hand_back_is_the_same_conflict_on_page_and_api(
    worker_client, case_worker, case, partner
):
    """R-HO-6: recording a hand-back twice is refused as already done: 409 on the page, with
    what was typed kept and the message at the field, and 409 in the API, in the same words."""
    handover, _ = send(case_worker, case, partner)
    case.refresh_from_db()
    services.handover_hand_back(
        user=case_worker,
        handover=handover,
        by="household",
        reason="Wil niet",
        expected_version=None,
    )
    case.refresh_from_db()
    page = worker_client.post(
        f"/dossiers/{case.number}/overdracht/{handover.pk}/terugleggen",
        {"terug-version": case.version, "terug-by": "partner", "terug-reason": "Nogmaals"},
    )
    api = worker_client.post(
        f"/api/v1/cases/{case.number}/handovers/{handover.pk}/hand-back",
        {"version": case.version, "by": "partner", "reason": "Nogmaals"},
        content_type="application/json",
    )
    assert page.status_code == api.status_code == 409
    assert api.json()["detail"] == "Deze overdracht is al teruggelegd."
    assert api.json()["invalid_params"] == [{"name": "by", "reason": api.json()["detail"]}]
    body = page.content.decode()
    assert api.json()["detail"] in body and "Nogmaals" in body


def test_dispute_from_the_panel_steps_in_order(worker_client, case_worker, case, partner):
    """R-HO-7: a dispute from the case page: VT responsible; a step out of order is refused."""
    handover, link = send(case_worker, case, partner)
    Client().post(f"/overdracht/{token_of(link)}", {"decision": "accepted", "name": "Sanne"})
    case.refresh_from_db()
    page = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert "Geschil openen" in page
    response = worker_client.post(
        f"/dossiers/{case.number}/overdracht/{handover.pk}/geschil",
        {"geschil-version": case.version, "geschil-reason": "Wijkteam start niet"},
    )
    assert response.status_code == 302
    assert current_period(case).holder_type == HolderType.VT
    dispute = Dispute.objects.get()
    case.refresh_from_db()
    step = {
        "stap-version": case.version,
        "stap-level": "2",
        "stap-held_on": timezone.localdate().isoformat(),
        "stap-participants": "Teamleiders",
        "stap-outcome": "not_resolved",
    }
    response = worker_client.post(f"/dossiers/{case.number}/geschil/{dispute.pk}/stap", step)
    assert response.status_code == 400
    assert "Stap: De volgende stap is nu: 1." in response.content.decode()
    page = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert "Volgende escalatiestap vastleggen" in page
    response = worker_client.post(
        f"/dossiers/{case.number}/geschil/{dispute.pk}/afronden",
        {"afronden-version": case.version, "afronden-holder": "partner"},
    )
    assert response.status_code == 302
    assert current_period(case).holder_type == HolderType.PARTNER


def test_panel_not_shown_for_a_case_without_handover(worker_client, case_worker, team):
    from tests.cases.factories import open_case

    other = open_case(user=case_worker, team=team)
    page = worker_client.get(f"/dossiers/{other.number}").content.decode()
    assert 'id="overdracht"' not in page


def test_a_new_link_replaces_the_old_one(worker_client, case_worker, case, partner):
    """R-HO-5: the worker makes a new link (to send or read out); the old one stops working."""
    handover, link = send(case_worker, case, partner)
    response = worker_client.post(f"/dossiers/{case.number}/overdracht/{handover.pk}/link")
    assert response.status_code == 302
    page = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert "Bevestigingslink voor" in page
    assert Client().get(f"/overdracht/{token_of(link)}").status_code == 410
