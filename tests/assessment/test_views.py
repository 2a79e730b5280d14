"""The assessment page: errors named per field, input kept, stale refused, scope, access log."""

import pytest

from tests.assessment.conftest import COMPLETE, submitted
from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from zicht.assessment.models import Assessment, Status
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.cases.workflow import Phase

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        key: ("ja" if value is True else "nee" if value is False else value)
        for key, value in COMPLETE.items()
    }
    data["other_vt_asked_on"] = "2026-11-20"
    data["rvdk_asked_on"] = "2026-11-20"
    return {**data, "version": "", **overrides}


def url(case, suffix=""):
    return f"/dossiers/{case.number}/beoordeling{suffix}"


def test_case_page_shows_the_panel_with_a_link(author, case):
    response = verified_client(author).get(f"/dossiers/{case.number}")
    assert "Veiligheidsbeoordeling" in response.content.decode()
    assert "Beoordeling invullen" in response.content.decode()


def test_submit_with_errors_names_fields_and_keeps_input(author, case):
    """R-TRI-3, R-TRI-5: errors named per field; what was typed stays."""
    response = verified_client(author).post(
        url(case), form_data(screening_a_grounds="", rationale="", actie="aanbieden")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Onderbouwing screening A: Geef de onderbouwing van screening A." in page
    assert "Onderbouwing van het besluit: Onderbouw het besluit." in page
    assert "Geen patroon van geweld." in page
    assert 'href="#id_rationale"' in page  # the summary links each error to its field
    assert not Assessment.objects.filter(case=case).exists()


def test_error_summary_links_a_radio_group_to_its_first_option(author, case):
    """R-TRI-3: a screening left unanswered is named in the summary, linked to its first radio."""
    response = verified_client(author).post(url(case), form_data(screening_a="", actie="aanbieden"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_screening_a_0"' in page and 'id="id_screening_a_0"' in page


def test_save_then_submit_then_confirm_through_the_pages(author, case, scientist):
    client = verified_client(author)
    assert client.post(url(case), form_data(actie="opslaan")).status_code == 302
    draft = Assessment.objects.get(case=case)
    response = client.post(url(case), form_data(version=str(draft.version), actie="aanbieden"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED

    other = verified_client(scientist)
    page = other.get(url(case)).content.decode()
    assert "Bevestigen" in page and "Terugsturen met opmerking" in page
    case.refresh_from_db()
    response = other.post(
        url(case, "/bevestigen"), {"version": draft.version, "case_version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED


def test_stale_draft_is_refused_and_input_kept(author, case):
    client = verified_client(author)
    client.post(url(case), form_data(actie="opslaan"))
    client.post(url(case), form_data(version="1", actie="opslaan"))  # now version 2
    response = client.post(
        url(case), form_data(version="1", rationale="Mijn nieuwe tekst", actie="opslaan")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in page and "Mijn nieuwe tekst" in page


def test_author_sees_no_confirm_button_and_cannot_post_it(author, case):
    """R-TRI-4: the author cannot confirm through the page either."""
    assessment = submitted(author, case)
    client = verified_client(author)
    assert "Bevestigen</button>" not in client.get(url(case)).content.decode()
    response = client.post(
        url(case, "/bevestigen"),
        {"version": assessment.version, "case_version": case.version},
    )
    assert response.status_code == 403


def test_return_with_comment(author, case, scientist):
    assessment = submitted(author, case)
    client = verified_client(scientist)
    response = client.post(url(case, "/terugsturen"), {"version": assessment.version})
    assert response.status_code == 400
    assert "Schrijf op wat de auteur moet aanpassen." in response.content.decode()
    client.post(
        url(case, "/terugsturen"),
        {"version": assessment.version, "return_comment": "Raad opnieuw vragen"},
    )
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert "Raad opnieuw vragen" in verified_client(author).get(url(case)).content.decode()


def test_out_of_scope_is_404(case):
    outsider = UserFactory()
    TeamFactory(name="Ander team").members.add(outsider)
    assert verified_client(outsider).get(url(case)).status_code == 404


def test_reading_and_saving_write_the_access_log(author, case):
    """R-PRIV-3: the page read and the draft save are logged."""
    client = verified_client(author)
    client.get(url(case))
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, event=AccessEvent.READ, user_id=author.pk, resource=url(case)
    ).exists()
    client.post(url(case), form_data(actie="opslaan"))
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, event=AccessEvent.CREATE, detail="veiligheidsbeoordeling concept"
    ).exists()


def test_four_mistakes_of_three_kinds_come_back_at_once(author, case):
    """16.5: an impossible date (the form's), a crisis action without crisis (the draft's rule),
    and a missing rationale and grounds (what a decision needs, R-TRI-3/R-TRI-5) are named in
    one answer; before, they took three round trips. Nothing is saved, nothing typed is lost."""
    data = form_data(
        other_vt_asked_on="31-02-2026",
        crisis_action="police",
        crisis_description="Politie ingeschakeld.",
        screening_b_grounds="",
        rationale="",
        actie="aanbieden",
    )
    response = verified_client(author).post(url(case), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {
        "other_vt_asked_on",
        "crisis_needed",
        "screening_b_grounds",
        "rationale",
    }, form.errors
    page = response.content.decode()
    assert "vink aan dat crisisinterventie nodig is" in page
    assert "Geef de onderbouwing van screening B." in page
    assert "Politie ingeschakeld." in page
    assert not Assessment.objects.filter(case=case).exists()


def test_a_draft_a_colleague_just_started_gives_409_with_the_text_kept(author, case, team):
    """20.2: two workers open the empty form of a new assessment; the colleague saves first.
    The second save answers 409 (not 403), names the colleague's draft and shows everything the
    worker typed again; the colleague's draft is untouched."""
    colleague = UserFactory(full_name="Carla Collega")
    team.members.add(colleague)
    first = verified_client(colleague).post(url(case), form_data(rationale="Carla's tekst"))
    assert first.status_code == 302
    response = verified_client(author).post(
        url(case), form_data(rationale="Mijn zorgvuldig getypte onderbouwing")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Carla Collega" in page and "intussen" in page
    assert "Mijn zorgvuldig getypte onderbouwing" in page
    assert "Alleen de auteur van het concept kan het opslaan" in page
    draft = Assessment.objects.get(case=case)
    assert draft.author == colleague and draft.rationale == "Carla's tekst"
