"""The investigation's pages: the case panel, the overview with who is still missing, and each
form refusing bad input in Dutch with what was typed kept and nothing saved."""

import re

import pytest
from django.utils import timezone

from tests.conftest import verified_client
from tests.investigation.conftest import member, talk
from zicht.audit.models import AccessLogEntry
from zicht.investigation.models import AuthorityNotice, Investigation
from zicht.involvement.models import Conversation

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(author):
    return verified_client(author)


def url(case, tail: str = "") -> str:
    return f"/dossiers/{case.number}/onderzoek{tail}"


def test_case_page_panel_shows_deadlines_and_missing(client, author, case, investigation):
    """Case page: conversations done and missing, conclusion, days left of the 10 weeks."""
    talk(author, case, investigation, ("Karin", "spoken"))
    body = client.get(f"/dossiers/{case.number}").content.decode()
    assert "Onderzoek afronden: uiterlijk" in body
    assert re.search(r"nog (70|71|72) dagen", body)  # 10 weeks, moved off a holiday
    assert "nog 2 ontbrekend: Sem de Wit, Lotte de Wit" in body
    assert "nog niet afgerond" in body


def test_grounds_form_starts_the_investigation(client, case):
    """R-OND-1: the page records the grounds with their explanation."""
    response = client.post(
        url(case, "/reden"),
        {"ground_unclear": "on", "explanation_unclear": "Verhalen spreken elkaar tegen."},
    )
    assert response.status_code == 302
    investigation = Investigation.objects.get(case=case)
    assert investigation.grounds.get().explanation == "Verhalen spreken elkaar tegen."


def test_grounds_form_refuses_a_ground_without_explanation(client, case):
    """R-OND-1: in Dutch, at the field, the other input kept, nothing saved."""
    response = client.post(
        url(case, "/reden"),
        {"ground_unclear": "on", "ground_no_cooperation": "on", "explanation_unclear": "Kept."},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Licht de reden" in body and "Kept." in body
    assert not Investigation.objects.filter(case=case).exists()


def test_overview_lists_every_member_and_who_is_missing(client, author, case, investigation):
    """R-OND-3: the page lists every household member and shows which are missing."""
    talk(author, case, investigation, ("Lotte", "seen"))
    response = client.get(url(case))
    body = response.content.decode()
    assert "Karin de Wit" in body and "Sem de Wit" in body
    assert "Gezien op" in body and "jonger dan 6 jaar" in body
    assert "Nog 2 ontbrekend" in body
    assert AccessLogEntry.objects.filter(resource=url(case)).exists()


def test_conversation_page_refuses_seven_year_old_only_seen(client, case, investigation):
    """R-OND-3: skipping a child of 6+ without a reason is refused in Dutch, input kept."""
    sem = member(case, "Sem")
    karin = member(case, "Karin")
    response = client.post(
        url(case, "/gesprek"),
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "Huisbezoek, sfeer gespannen.",
            f"how_{karin.pk}": "spoken",
            f"how_{sem.pk}": "seen",
            f"how_{member(case, 'Lotte').pk}": "none",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vanaf 6 jaar wordt ieder kind persoonlijk gesproken" in body
    assert "Huisbezoek, sfeer gespannen." in body
    assert not Conversation.objects.exists()


def test_conversation_page_records_with_reasons(client, case, investigation):
    sem = member(case, "Sem")
    response = client.post(
        url(case, "/gesprek"),
        {
            "held_on": timezone.localdate().isoformat(),
            "summary": "Gesprek op school.",
            f"how_{member(case, 'Karin').pk}": "none",
            f"how_{sem.pk}": "spoken",
            f"how_{member(case, 'Lotte').pk}": "seen",
            f"reason_{member(case, 'Karin').pk}": "Moeder weigert elk gesprek.",
        },
    )
    assert response.status_code == 302
    body = client.get(url(case)).content.decode()
    assert "Niemand ontbreekt." in body and "Moeder weigert elk gesprek." in body


def test_conclude_page_refuses_while_a_member_is_missing(client, author, case, investigation):
    """R-OND-3: concluding with a member missing is refused in Dutch, typed facts kept."""
    talk(author, case, investigation, ("Karin", "spoken"))
    response = client.post(
        url(case, "/afronden"),
        {
            "version": investigation.version,
            "conclusion": "confirmed",
            "facts": "Feit dat blijft staan.",
            "next_steps": "Warme overdracht.",
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "kan nog niet worden afgerond" in body and "Sem de Wit" in body
    assert "Feit dat blijft staan." in body
    investigation.refresh_from_db()
    assert investigation.concluded_at is None


def test_conclude_page_stale_version_keeps_input(client, author, case, investigation):
    talk(author, case, investigation, ("Karin", "spoken"), ("Sem", "spoken"), ("Lotte", "seen"))
    response = client.post(
        url(case, "/afronden"),
        {
            "version": investigation.version + 3,
            "conclusion": "refuted",
            "facts": "Mijn feiten.",
            "next_steps": "Afsluiten.",
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 409
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    assert "Mijn feiten." in response.content.decode()


def test_notice_page_refuses_rvdk_without_college(client, case, investigation):
    """R-OND-5: an RvdK request without informing the college: Dutch refusal, input kept."""
    response = client.post(
        url(case, "/raad-politie"),
        {
            "kind": "rvdk",
            "made_on": timezone.localdate().isoformat(),
            "grounds": "Ouders werken niet mee aan het onderzoek.",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Wmo 4.1.1 f" in body and "Ouders werken niet mee aan het onderzoek." in body
    assert not AuthorityNotice.objects.exists()


def test_pages_are_scoped_to_the_users_cases(case, investigation):
    """A worker outside the case's team gets 404, also for the forms."""
    from tests.factories import UserFactory

    stranger = verified_client(UserFactory())
    for tail in ("", "/gesprek", "/afronden", "/raad-politie", "/netwerk"):
        assert stranger.get(url(case, tail)).status_code == 404
