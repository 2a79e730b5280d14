"""The report form opened from an advice (`/meldingen/nieuw?advies=<pk>`, R-ADV-6) and the
VT-initiated report after an MDO decision (`&mdo=<id>`, R-ADV-7)."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from tests.advice.factories import QUESTION, expert, mdo_arguments, register_advice, team_member
from tests.conftest import verified_client
from tests.factories import OrganisationFactory, TeamFactory
from zicht.advice.mdo import mdo_record
from zicht.advice.models import Advice, MdoDecision, MdoOutcome
from zicht.cases.models import Case, TimelineEvent
from zicht.letters.models import Letter, LetterStatus, RecipientKind
from zicht.people.models import HouseholdRole, Person
from zicht.reports.models import Report

pytestmark = pytest.mark.django_db

URL = "/meldingen/nieuw"


@pytest.fixture(autouse=True)
def _private_media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def worker():
    OrganisationFactory(name="Veilig Thuis Testregio", phone="0800-2000", email="vt@vt.test")
    return team_member(full_name="Fenna Frontoffice")


@pytest.fixture
def client(worker):
    return verified_client(worker)


@pytest.fixture
def advice(worker):
    return register_advice(worker)


def _data(worker, advice, **overrides):
    received = timezone.localtime() - timedelta(minutes=5)
    data = {
        "rijen": "3",
        "actie": "opslaan",
        "advies": str(advice.pk),
        "channel": "phone",
        "received_date": received.strftime("%Y-%m-%d"),
        "received_time": received.strftime("%H:%M"),
        "caller_kind": "professional",
        "sector": "education",
        "profession": "leerkracht",
        "reporter_name": "Annemiek de Wit",
        "reporter_organisation": "Basisschool De Linde",
        "reporter_phone": "020-1234567",
        "reporter_email": "",
        "anonymity_reason": "",
        "asks_vt_take_over": "on",
        "agreements": "",
        "concerns": "Leerling vertelt dat vader hem slaat.",
        "violence_types": ["physical"],
        "violence_duration": "unknown",
        "team": str(worker.teams.first().pk),
        "p0-first_names": "Daan",
        "p0-last_name": "Bakker",
        "p0-birth_year": "2016",
        "p0-role": HouseholdRole.CHILD,
    }
    return {**data, **overrides}


def pdf_text(letter: Letter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


# R-ADV-6 ------------------------------------------------------------------------------------


def test_the_form_shows_the_advice_and_takes_over_the_advice_seeker(client, advice):
    """R-ADV-6: the form says where the report comes from and prefills the contact and the
    advice-seeker as reporter; no persons (an advice has none)."""
    response = client.get(f"{URL}?advies={advice.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'Deze melding komt voort uit <a href="/adviezen/{advice.pk}">advies {advice.pk}' in page
    assert QUESTION[:40] in page
    assert f'<input type="hidden" name="advies" value="{advice.pk}">' in page
    form = response.context["form"]
    assert form["reporter_name"].value() == "Annemiek de Wit"
    assert form["reporter_organisation"].value() == "Basisschool De Linde"
    assert form["reporter_phone"].value() == "020-1234567"
    assert form["reporter_email"].value() == "a.dewit@delinde.test"
    assert form["caller_kind"].value() == "professional"
    assert form["sector"].value() == "education" and form["profession"].value() == "leerkracht"
    assert all(not row.form["last_name"].value() for row in response.context["rows"])


def test_saving_links_the_report_and_the_advice(client, worker, advice):
    """R-ADV-6: the report is registered and linked to the advice in one step; the case shows
    where it came from."""
    response = client.post(URL, _data(worker, advice), follow=True)
    report = Report.objects.get()
    assert response.redirect_chain == [(f"/dossiers/{report.case.number}", 302)]
    assert Advice.objects.get(pk=advice.pk).report == report
    page = response.content.decode()
    assert f"gekoppeld aan advies {advice.pk}" in page
    assert "Voortgekomen uit advies" in page
    assert f'href="/adviezen/{advice.pk}"' in page
    assert report.case.timeline.filter(kind="advice_linked").exists()
    advice_page = client.get(f"/adviezen/{advice.pk}").content.decode()
    assert report.case.number in advice_page and "Omzetten in melding" not in advice_page


def test_a_second_conversion_is_refused(client, worker, advice):
    """R-ADV-6: an advice becomes one report; opening or saving the form again is refused with a
    clear message and nothing is saved."""
    client.post(URL, _data(worker, advice))
    case = Case.objects.get()
    response = client.get(f"{URL}?advies={advice.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Advies {advice.pk} is al omgezet naar een melding in dossier {case.number}" in page
    assert 'name="advies"' not in page
    persons = Person.objects.count()
    response = client.post(URL, _data(worker, advice, **{"p0-last_name": "Visser"}))
    assert response.status_code == 400
    assert "Een advies wordt maar één keer een melding" in response.content.decode()
    assert 'value="Visser"' in response.content.decode()  # input kept
    assert Report.objects.count() == 1 and Person.objects.count() == persons


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_an_unknown_advice_is_a_message_not_an_error(client, worker, value):
    """R-ADV-6: an unknown advice number gives a clear message, not a 500; the form still works."""
    response = client.get(f"{URL}?advies={value}")
    assert response.status_code == 200
    assert f"Advies ‘{value}’ bestaat niet of u mag het niet inzien." in response.content.decode()
    advice = register_advice(worker)
    response = client.post(URL, _data(worker, advice, advies=value))
    assert response.status_code == 400
    assert "bestaat niet of u mag het niet inzien" in response.content.decode()
    assert not Report.objects.exists()


def test_an_advice_of_another_team_is_not_shown(client, worker):
    """R-ADV-6: only an advice the user may see (advices_visible_to) can become their report."""
    other = team_member()
    other.teams.set([TeamFactory(name="Team Elders")])
    hidden = register_advice(other)
    page = client.get(f"{URL}?advies={hidden.pk}").content.decode()
    assert QUESTION[:40] not in page
    assert "bestaat niet of u mag het niet inzien" in page
    response = client.post(URL, _data(worker, hidden))
    assert response.status_code == 400
    assert Advice.objects.get(pk=hidden.pk).report is None


def test_a_refused_report_leaves_the_advice_unlinked_and_keeps_the_advice(client, worker, advice):
    """R-ADV-6: a report refused by the service saves nothing, and the advice stays on the form."""
    response = client.post(URL, _data(worker, advice, reporter_phone=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Telefoonnummer: Een melder maakt zich bekend" in page
    assert f'<input type="hidden" name="advies" value="{advice.pk}">' in page
    assert Advice.objects.get(pk=advice.pk).report is None and not Report.objects.exists()


# R-ADV-7 ------------------------------------------------------------------------------------


def test_no_vt_initiated_report_without_an_mdo_decision_to_report(client, worker, advice):
    """R-ADV-7: the VT-initiated report form needs an MDO of this advice that decided to report."""
    response = client.get(f"{URL}?advies={advice.pk}&mdo=12345")
    assert f"Bij advies {advice.pk} hoort geen MDO-besluit ‘12345’." in response.content.decode()
    answers = dict.fromkeys(("risk_high_acute", "professional_cannot_raise"), True)
    answers |= {"no_agreement": False, "vt_has_data": True}
    declined = mdo_record(
        **mdo_arguments(advice, worker, [expert()], outcome=MdoOutcome.NO_REPORT, answers=answers)
    )
    response = client.post(URL, _data(worker, advice, mdo=str(declined.pk)))
    assert response.status_code == 400
    assert "Het MDO besloot géén ambtshalve melding te doen" in response.content.decode()
    assert not Report.objects.exists()


def test_the_vt_initiated_report_has_vt_as_reporter(client, worker, advice):
    """R-ADV-7: after the MDO VT itself is the reporter: the form is prefilled so."""
    mdo = mdo_record(**mdo_arguments(advice, worker, [expert()]))
    response = client.get(f"{URL}?advies={advice.pk}&mdo={mdo.pk}")
    page = response.content.decode()
    assert "Ambtshalve melding." in page
    assert f'<input type="hidden" name="mdo" value="{mdo.pk}">' in page
    form = response.context["form"]
    assert form["reporter_name"].value() == "Veilig Thuis Testregio"
    assert form["reporter_organisation"].value() == "Veilig Thuis (ambtshalve melding)"
    assert form["reporter_phone"].value() == "0800-2000"


def test_saving_the_vt_initiated_report_links_it_and_informs_the_professional(
    client, worker, advice, django_capture_on_commit_callbacks
):
    """R-ADV-7: on save the report is linked to the advice and the MDO, the professional gets the
    decision letter in the new case (PDF names the decision) and the case's timeline and page
    show the MDO."""
    scientist = expert()
    mdo = mdo_record(**mdo_arguments(advice, worker, [scientist]))
    data = _data(
        worker,
        advice,
        mdo=str(mdo.pk),
        sector="other",
        profession="",
        reporter_name="Veilig Thuis Testregio",
        reporter_organisation="Veilig Thuis (ambtshalve melding)",
        reporter_phone="0800-2000",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)
    report = Report.objects.get()
    assert response.status_code == 302
    mdo = MdoDecision.objects.get(pk=mdo.pk)
    assert mdo.report == report and Advice.objects.get(pk=advice.pk).report == report
    letter = Letter.objects.get()
    assert mdo.letter == letter and letter.case == report.case
    assert letter.recipient_kind == RecipientKind.PROFESSIONAL
    assert letter.template_code == "vt_initiated_report_decision"
    assert letter.status == LetterStatus.RENDERED
    text = pdf_text(letter)
    assert "Geachte mevrouw A. de Wit" in text
    assert "Veilig Thuis doet zelf een melding van deze situatie (ambtshalve melding)" in text
    assert "Alle vier voorwaarden gelden" in text

    kinds = set(TimelineEvent.objects.filter(case=report.case).values_list("kind", flat=True))
    assert {"report_received", "advice_linked", "vt_initiated_report", "letter_queued"} <= kinds
    page = client.get(response["Location"]).content.decode()
    assert "Ambtshalve melding na MDO van" in page  # the timeline
    assert (
        "besluit: Veilig Thuis doet een ambtshalve melding" in page
    )  # the advice panel's MDO record
    assert escape(scientist.full_name) in page
    assert "Het risico is hoog en acuut" in page


def test_the_mdo_report_cannot_be_made_twice(client, worker, advice):
    """R-ADV-7: the MDO's report is registered once."""
    mdo = mdo_record(**mdo_arguments(advice, worker, [expert()]))
    client.post(URL, _data(worker, advice, mdo=str(mdo.pk)))
    response = client.post(URL, _data(worker, advice, mdo=str(mdo.pk)))
    assert response.status_code == 400
    assert Report.objects.count() == 1 and Letter.objects.count() == 1


def test_more_persons_keeps_the_advice(client, worker, advice):
    """R-ADV-6: ‘Meer personen’ keeps the link to the advice with everything typed."""
    response = client.post(URL, _data(worker, advice, actie="meer"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<input type="hidden" name="advies" value="{advice.pk}">' in page
    assert f'Deze melding komt voort uit <a href="/adviezen/{advice.pk}">' in page
    assert 'name="p3-last_name"' in page and 'value="Bakker"' in page


# --- the same through the API: `POST /api/v1/reports` with `advice` (and `mdo`) ----------------


def _api_body(worker, **overrides):
    body = {
        "channel": "phone",
        "team": worker.teams.first().pk,
        "reporter": {
            "name": "Annemiek de Wit",
            "kind": "professional",
            "phone": "020-1234567",
            "organisation": "Basisschool De Linde",
            "sector": "education",
        },
        "concerns": "Leerling vertelt dat vader hem slaat.",
        "violence_types": ["physical"],
        "persons": [{"first_names": "Daan", "last_name": "Bakker", "role": "child"}],
    }
    return {**body, **overrides}


def _api_post(client, body):
    return client.post("/api/v1/reports", body, content_type="application/json")


def test_the_api_links_the_report_to_the_advice(client, worker, advice):
    """R-ADV-6 through the API: the report and the link in one transaction, as on the page (one
    intake service, `reports.intake`); a second conversion is refused and saves nothing."""
    response = _api_post(client, _api_body(worker, advice=advice.pk))
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert Advice.objects.get(pk=advice.pk).report == report
    assert report.case.timeline.filter(kind="advice_linked").exists()
    again = _api_post(client, _api_body(worker, advice=advice.pk))
    assert again.status_code == 400
    assert again["Content-Type"] == "application/problem+json"
    reasons = {p["name"]: p["reason"] for p in again.json()["invalid_params"]}
    assert "Een advies wordt maar één keer een melding" in reasons["advice"]
    assert Report.objects.count() == 1 and Person.objects.count() == 1


def test_the_api_records_the_vt_initiated_report_of_an_mdo(client, worker, advice):
    """R-ADV-7 through the API: the report is linked to the advice and to the MDO decision."""
    mdo = mdo_record(**mdo_arguments(advice, worker, [expert()]))
    response = _api_post(client, _api_body(worker, advice=advice.pk, mdo=mdo.pk))
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert MdoDecision.objects.get(pk=mdo.pk).report == report
    unknown = _api_post(client, _api_body(worker, advice=advice.pk + 1000))
    assert unknown.status_code == 400
    assert Report.objects.count() == 1
