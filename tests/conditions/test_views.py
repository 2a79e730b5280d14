"""The pages of conditions & follow-up and the shared involvement pages: shown, bad input
refused in Dutch at its field with what was typed kept, a stale plan edit refused (409)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conditions.conftest import acknowledge, members, plan
from tests.conftest import verified_client
from tests.factories import UserFactory
from zicht.cases.workflow import Phase
from zicht.conditions.models import Acknowledgement
from zicht.handover.models import Handover
from zicht.involvement.models import Conversation, SafetyPlanVersion


@pytest.fixture
def client(author):
    return verified_client(author)


def url(name, case):
    return reverse(name, kwargs={"number": case.number})


def test_the_case_page_shows_the_involvement_and_its_ten_weeks(client, case, author):
    acknowledge(author, case)
    plan(author, case)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Voorwaarden en vervolg" in page
    assert "10 weken na de veiligheidsbeoordeling" in page
    assert "Huidige versie: <strong>versie 1</strong>" in page
    assert "Vader komt niet in de woning zolang hij drinkt." in page
    assert "erkenden Karin de Wit de zorgen" in page
    assert "Nog niet gesproken of gezien" in page


@pytest.mark.parametrize(
    "name",
    [
        "involvement:conversation",
        "involvement:skip",
        "involvement:plan",
        "involvement:plan_versions",
        "conditions:acknowledge",
        "handover:warm",
    ],
)
def test_every_page_is_shown(client, case, name):
    assert client.get(url(name, case)).status_code == 200


def test_a_conversation_is_recorded_from_the_page(client, case):
    ids = members(case)
    response = client.post(
        url("involvement:conversation", case),
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "Kennismaking met moeder.",
            f"member_{ids['Karin']}": "spoken",
            f"member_{ids['Sem']}": "seen",
            "netwerk-TOTAL_FORMS": "2",
            "netwerk-INITIAL_FORMS": "0",
            "netwerk-0-name": "Oma de Wit",
            "netwerk-0-relation": "grootmoeder",
            "netwerk-0-how": "spoken",
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.contacts.count() == 3


def test_a_conversation_without_anyone_is_refused_with_the_text_kept(client, case):
    response = client.post(
        url("involvement:conversation", case),
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "Niemand thuis getroffen.",
            "netwerk-TOTAL_FORMS": "2",
            "netwerk-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul in met wie u sprak of wie u zag" in page and "Niemand thuis getroffen." in page
    assert not Conversation.objects.exists()


def plan_post(case, **extra):
    ids = members(case)
    data = {
        "based_on": "0",
        "note": "",
        "voorwaarde-TOTAL_FORMS": "1",
        "voorwaarde-INITIAL_FORMS": "0",
        "voorwaarde-0-text": "Moeder belt de politie bij dreiging.",
        "voorwaarde-0-members": [str(ids["Karin"])],
        "voorwaarde-0-check_how": "Navraag bij de wijkagent.",
        "actie-TOTAL_FORMS": "1",
        "actie-INITIAL_FORMS": "0",
        "actie-0-member": str(ids["Karin"]),
        "actie-0-what": "Afspraak maken bij de huisarts",
        "actie-0-due": "2027-01-15",
    }
    for prefix in ("zorg", "schade", "netwerk"):
        data |= {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"}
    return data | extra


def test_a_plan_action_without_a_due_date_is_refused_at_its_row(client, case):
    """R-VV-2: who, what, by when — the row keeps what was typed; nothing is saved."""
    response = client.post(url("involvement:plan", case), plan_post(case, **{"actie-0-due": ""}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Acties, rij 1, uiterlijk op: Vul in vóór welke datum de actie klaar is." in page
    assert "Afspraak maken bij de huisarts" in page
    assert not SafetyPlanVersion.objects.exists()


def test_a_stale_plan_edit_is_refused_with_the_text_kept(client, case, author):
    """Two workers at once: the second edit, based on version 0, is refused (409) and shows
    what was typed and who made the newer version."""
    colleague = UserFactory(full_name="Bea Bakker")
    case.team.members.add(colleague)
    plan(colleague, case)
    response = client.post(url("involvement:plan", case), plan_post(case))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bea Bakker" in page and "Moeder belt de politie bij dreiging." in page
    assert SafetyPlanVersion.objects.count() == 1


def test_the_acknowledgement_page_records_it(client, case):
    """R-VV-1: nothing on the page asks whether abuse is confirmed."""
    form = client.get(url("conditions:acknowledge", case)).content.decode()
    assert "bevestig" not in form.lower().replace("bevestigen", "")
    response = client.post(
        url("conditions:acknowledge", case),
        {
            "acknowledged_on": timezone.localdate().isoformat(),
            "members": [str(members(case)["Karin"])],
            "concerns_acknowledged": "on",
            "wants_to_work_on_safety": "on",
        },
    )
    assert response.status_code == 302
    assert Acknowledgement.objects.filter(case=case).exists()


def test_a_warm_handover_without_a_meeting_is_refused_on_the_page(client, case, author, partner):
    """R-HO-3 warm: the form comes back with the error at the meeting date, the text kept."""
    acknowledge(author, case)
    plan(author, case)
    response = client.post(
        url("handover:warm", case),
        {
            "version": str(case.version),
            "plan_number": "1",
            "partner": str(partner.pk),
            "facts": "Moeder vertelde over het geweld.",
            "meeting_attendees": "Moeder, gezinscoach",
            "partner_professional": "P. Peters",
            "rationale": "Wijkteam dichtbij.",
            "monitoring_agreements": "Na 3 en 12 maanden.",
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "zonder overdrachtsgesprek kan niet" in page and "Wijkteam dichtbij." in page
    assert not Handover.objects.exists()
    case.refresh_from_db()
    assert case.phase == Phase.CONDITIONS


def test_the_open_involvement_is_on_the_worklists(client, case, author):
    """R-VV-3, R-DL-3: the 10 weeks of an open conditions & follow-up are on Mijn werk with
    their status, and on Team for the team leader."""
    page = client.get("/werk").content.decode()
    assert "Voorwaarden en vervolg afronden" in page and case.number in page
    leader = UserFactory(role="team_leader", email="leider@zicht.test")
    case.team.members.add(leader)
    team_page = verified_client(leader).get("/team").content.decode()
    assert "Voorwaarden en vervolg afronden" in team_page and case.number in team_page
