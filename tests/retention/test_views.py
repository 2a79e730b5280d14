"""The retention pages (R-PRIV-4): the monthly list with its four eyes, refusals in Dutch with
nothing changed, the case's retention page with its forms keeping what was typed."""

import pytest

from tests.conftest import verified_client
from tests.retention.conftest import age_closed_case, closed_without_concerns
from zicht.cases.models import Case
from zicht.retention import services
from zicht.retention.models import ChildProtectionDecision, DestructionRequest, LegalHold

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_case(author, scientist):
    case = age_closed_case(closed_without_concerns(author, scientist))
    services.retention_refresh(case=case)
    return case


def test_priv4_the_monthly_list_shows_due_files_by_number_only(due_case, admins):
    """R-PRIV-4: the administrator's list names the file by number and dates, no client data."""
    body = verified_client(admins[0]).get("/bewaren").content.decode()
    assert due_case.number in body and "Voordragen" in body
    assert "Zwartevaal" not in body and "Karin" not in body


def test_priv4_the_proposer_cannot_approve_on_the_page(due_case, admins):
    """R-PRIV-4 (bad input): the page refuses the second step by the same administrator with a
    Dutch message (409) and the file stays; the other administrator's approval destroys it."""
    first, second = (verified_client(user) for user in admins)
    first.post(f"/bewaren/{due_case.number}/voordragen")
    assert "Wacht op een tweede functioneel beheerder" in first.get("/bewaren").content.decode()

    refused = first.post(f"/bewaren/{due_case.number}/goedkeuren")
    assert refused.status_code == 409
    assert "tweede, andere functioneel beheerder" in refused.content.decode()
    assert Case.objects.filter(pk=due_case.pk).exists()

    done = second.post(f"/bewaren/{due_case.number}/goedkeuren", follow=True)
    assert f"Dossier {due_case.number} is vernietigd" in done.content.decode()
    assert not Case.objects.filter(pk=due_case.pk).exists()


def test_priv4_a_legal_hold_for_an_unknown_number_is_refused_at_the_field(admins):
    """R-PRIV-4 (bad input): the hold form names the field and keeps what was typed."""
    response = verified_client(admins[0]).post(
        "/bewaren/bewaarplicht",
        {"bewaarplicht-number": "2026-999999", "bewaarplicht-reason": "Klacht bij de commissie"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Er is geen dossier met nummer 2026-999999" in body
    assert "Klacht bij de commissie" in body
    assert not LegalHold.objects.exists()


def test_priv4_the_case_page_records_a_child_protection_decision(due_case, author):
    """R-PRIV-4: a worker records that the file matters for a child protection measure; the date
    moves to the youngest child's 18th birthday where later (2016 + 18 is before 2024 + 20 here,
    so the default stays and the decision is recorded all the same)."""
    client = verified_client(author)
    page = client.get(f"/dossiers/{due_case.number}/bewaren")
    assert page.status_code == 200 and "Vernietigen op" in page.content.decode()
    empty = client.post(
        f"/dossiers/{due_case.number}/bewaren/kinderbescherming",
        {"kinderbescherming-version": due_case.version, "kinderbescherming-reason": ""},
    )
    assert empty.status_code == 400
    assert "kinderbeschermingsmaatregel" in empty.content.decode()
    client.post(
        f"/dossiers/{due_case.number}/bewaren/kinderbescherming",
        {
            "kinderbescherming-version": due_case.version,
            "kinderbescherming-reason": "Ondertoezichtstelling loopt.",
        },
    )
    assert ChildProtectionDecision.objects.get(case=due_case).decided_by == author
    # On the case's timeline, with its reason, for whoever reads the file later.
    event = due_case.timeline.get(kind="child_protection_decision")
    assert (event.actor, "Ondertoezichtstelling loopt." in event.summary) == (author, True)


def test_priv4_a_request_is_refused_where_vt_found_hgkm(author):
    """R-PRIV-4 (bad input): only after "geen zorgen" or "weerlegd" may the household ask; the
    form says why and keeps what was typed."""
    from tests.assessment.conftest import report_case

    case = report_case(author)  # not assessed: no conclusion yet
    response = verified_client(author).post(
        f"/dossiers/{case.number}/bewaren/verzoek",
        {
            "verzoek-version": case.version,
            "verzoek-received_on": "2026-11-30",
            "verzoek-requested_by": "De moeder",
        },
    )
    assert response.status_code == 409  # refused in the file's current state, at the field
    body = response.content.decode()
    assert "geen huiselijk geweld of kindermishandeling" in body and "De moeder" in body
    assert not DestructionRequest.objects.exists()


def test_priv4_a_refusal_needs_its_legal_ground(due_case, author, leader):
    """R-PRIV-4: a request is granted unless a legal ground applies, which must then be named;
    the household's letter says the outcome."""
    services.destruction_request_record(
        user=author,
        case=due_case,
        version=due_case.version,
        received_on=due_case.closed_at.date(),
        requested_by="De moeder",
    )
    due_case.refresh_from_db()
    client = verified_client(leader)
    url = f"/dossiers/{due_case.number}/bewaren/besluit"
    data = {
        "besluit-version": due_case.version,
        "besluit-decision": "refused",
        "besluit-reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Noem de wettelijke grond" in response.content.decode()
    client.post(url, {**data, "besluit-reason": "Er loopt een klachtprocedure."})
    request = DestructionRequest.objects.get()
    assert (request.decision, request.decided_by) == ("refused", leader)
    letter = due_case.letters.get(template_code="retention_request_outcome")
    assert "Wij bewaren uw dossier" in letter.html and "klachtprocedure" in letter.html


def test_priv4_a_form_based_on_an_older_version_is_not_saved_and_keeps_the_input(due_case, author):
    """R-PRIV-4 with the case version: a decision typed on a page another user changed meanwhile
    is not saved; the page says so (409) and shows what was typed (cases.steps.step_submit)."""
    response = verified_client(author).post(
        f"/dossiers/{due_case.number}/bewaren/kinderbescherming",
        {
            "kinderbescherming-version": due_case.version - 1,
            "kinderbescherming-reason": "Ondertoezichtstelling loopt.",
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Niet opgeslagen" in body and "Ondertoezichtstelling loopt." in body
    assert not ChildProtectionDecision.objects.exists()
