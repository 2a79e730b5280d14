"""The MDO decision about a VT-initiated report (*ambtshalve melding*, R-ADV-7): the service
`mdo_record`, the page `/adviezen/<pk>/mdo` and the advice page that shows the decision."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from tests.advice.factories import (
    expert,
    mdo_arguments,
    mdo_form_data,
    register_advice,
    team_member,
)
from tests.conftest import verified_client
from tests.factories import OrganisationFactory, UserFactory
from zicht.accounts.policy import Role
from zicht.advice.mdo import mdo_record
from zicht.advice.models import MdoDecision, MdoOutcome
from zicht.core.errors import NotPermitted
from zicht.letters.models import Letter, LetterStatus, RecipientKind
from zicht.reports.models import CallerKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def worker():
    OrganisationFactory(name="Veilig Thuis Testregio")
    return team_member(full_name="Fenna Frontoffice")


@pytest.fixture
def advice(worker):
    return register_advice(worker)


def _refused(**arguments):
    before = MdoDecision.objects.count(), Letter.objects.count()
    with pytest.raises(ValidationError) as refused:
        mdo_record(**arguments)
    assert (MdoDecision.objects.count(), Letter.objects.count()) == before  # nothing saved
    return refused.value.message_dict


def pdf_text(letter: Letter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


# The service ---------------------------------------------------------------------------------


def test_a_report_decision_with_all_four_conditions_is_recorded(worker, advice):
    """R-ADV-7: decided in an MDO with a behavioural scientist; the recorder takes part. The letter
    follows when the report is registered (so it lands in the new case)."""
    scientist = expert()
    mdo = mdo_record(**mdo_arguments(advice, worker, [scientist]))
    assert mdo.outcome == MdoOutcome.REPORT
    assert set(mdo.participants.all()) == {worker, scientist}
    assert all(answer for _, answer, _ in mdo.criteria())
    assert mdo.letter is None and mdo.report is None


def test_a_confidential_doctor_also_counts_as_the_expert(worker, advice):
    """R-ADV-7: a confidential doctor may be the expert participant as well."""
    doctor = expert(Role.CONFIDENTIAL_DOCTOR)
    assert mdo_record(**mdo_arguments(advice, worker, [doctor])).pk


def test_the_recorder_alone_is_refused(worker, advice):
    """R-ADV-7: never decided by one worker alone, also not when the recorder is an expert."""
    assert "participants" in _refused(**mdo_arguments(advice, worker, []))
    assert "participants" in _refused(**mdo_arguments(advice, worker, [worker]))
    scientist = expert()
    message = _refused(**mdo_arguments(advice, scientist, [scientist]))["participants"][0]
    assert "nooit alleen" in message


def test_participants_without_a_behavioural_scientist_or_confidential_doctor_are_refused(
    worker, advice
):
    """R-ADV-7: colleagues and a team leader (who may decide in an MDO) are not the expert the
    rule asks for: a behavioural scientist or a confidential doctor."""
    others = [team_member(), team_member(role=Role.TEAM_LEADER)]
    errors = _refused(**mdo_arguments(advice, worker, others))
    assert "gedragswetenschapper of vertrouwensarts" in errors["participants"][0]


def test_an_inactive_expert_or_a_non_staff_account_is_refused(worker, advice):
    """R-ADV-7: participants are active staff."""
    gone = expert()
    gone.is_active = False
    gone.save()
    assert "participants" in _refused(**mdo_arguments(advice, worker, [gone]))
    partner = UserFactory(role=Role.PARTNER_SYSTEM)
    assert "participants" in _refused(**mdo_arguments(advice, worker, [expert(), partner]))


@pytest.mark.parametrize(
    "key", ["risk_high_acute", "professional_cannot_raise", "no_agreement", "vt_has_data"]
)
def test_a_report_decision_needs_every_condition_yes_and_names_the_one_that_is_not(
    worker, advice, key
):
    """R-ADV-7: a VT-initiated report only when all four conditions hold; the refusal names the
    condition."""
    answers = {k: k != key for k in ("risk_high_acute", "professional_cannot_raise")}
    answers |= {k: k != key for k in ("no_agreement", "vt_has_data")}
    errors = _refused(**mdo_arguments(advice, worker, [expert()], answers=answers))
    assert "met nee beantwoord" in errors[key][0]
    assert "Niet voldaan" in errors["outcome"][0]


def test_every_condition_needs_an_answer_and_grounds(worker, advice):
    """R-ADV-7: each condition is answered yes/no with grounds, whatever the decision."""
    arguments = mdo_arguments(
        advice,
        worker,
        [expert()],
        answers={"risk_high_acute": None, "professional_cannot_raise": True},
        grounds={"risk_high_acute": "Hoog risico.", "no_agreement": "  "},
        outcome=MdoOutcome.NO_REPORT,
    )
    errors = _refused(**arguments)
    assert "Beantwoord met ja of nee" in errors["risk_high_acute"][0]
    assert "no_agreement" in errors and "vt_has_data" in errors
    assert "Onderbouw het antwoord op" in errors["no_agreement_grounds"][0]
    assert "professional_cannot_raise_grounds" in errors


def test_a_report_decision_with_a_yes_without_grounds_is_refused(worker, advice):
    """R-ADV-7: "yes" alone is not enough for a report: the grounds are recorded."""
    grounds = mdo_arguments(advice, worker, [])["grounds"] | {"vt_has_data": ""}
    errors = _refused(**mdo_arguments(advice, worker, [expert()], grounds=grounds))
    assert list(errors) == ["vt_has_data_grounds"]


def test_an_mdo_date_in_the_future_is_refused(worker, advice):
    """R-ADV-7: the MDO took place; its date is not in the future (nor before the advice)."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = _refused(**mdo_arguments(advice, worker, [expert()], held_on=tomorrow))
    assert errors["held_on"] == ["De datum van het MDO ligt in de toekomst."]
    long_ago = timezone.localdate() - timedelta(days=30)
    assert (
        "vóór"
        in _refused(**mdo_arguments(advice, worker, [expert()], held_on=long_ago))["held_on"][0]
    )


def test_identifying_data_in_the_grounds_is_refused(worker, advice):
    """R-ADV-1 / R-ADV-7: the MDO belongs to the advice and stores no household data either."""
    grounds = mdo_arguments(advice, worker, [])["grounds"] | {"vt_has_data": "BSN 111222333"}
    errors = _refused(**mdo_arguments(advice, worker, [expert()], grounds=grounds))
    assert "herkenbare gegevens" in errors["vt_has_data_grounds"][0]


def test_only_for_a_professionals_advice_and_who_may_see_it(worker):
    """R-ADV-7: a VT-initiated report is made without the professional's consent, so it needs a
    professional's advice; a worker outside the advice's teams cannot record it."""
    citizen = register_advice(worker, caller_kind=CallerKind.CITIZEN, sector="", profession="")
    assert "advice" in _refused(**mdo_arguments(citizen, worker, [expert()]))
    advice = register_advice(worker)
    stranger = UserFactory()
    with pytest.raises(NotPermitted, match="geen MDO-besluit vastleggen"):
        mdo_record(**mdo_arguments(advice, stranger, [expert()]))
    assert not MdoDecision.objects.exists()


def test_a_second_report_decision_waits_for_the_first_report(worker, advice):
    """R-ADV-7: while a decision to report has no report yet, no new MDO decision is recorded."""
    mdo_record(**mdo_arguments(advice, worker, [expert()]))
    assert "advice" in _refused(**mdo_arguments(advice, worker, [expert()]))


def test_a_decision_not_to_report_sends_the_professional_a_letter(
    worker, advice, django_capture_on_commit_callbacks
):
    """R-ADV-7: the professional is informed of a decision not to report too: a letter without a
    case, its PDF naming the decision."""
    answers = {"risk_high_acute": False, "professional_cannot_raise": True}
    answers |= {"no_agreement": True, "vt_has_data": True}
    with django_capture_on_commit_callbacks(execute=True):
        mdo = mdo_record(
            **mdo_arguments(
                advice, worker, [expert()], outcome=MdoOutcome.NO_REPORT, answers=answers
            )
        )
    letter = Letter.objects.get(pk=mdo.letter.pk)
    assert letter.case is None
    assert letter.recipient_kind == RecipientKind.PROFESSIONAL
    assert letter.template_code == "vt_initiated_report_declined"
    assert letter.status == LetterStatus.RENDERED
    text = pdf_text(letter)
    assert "Geachte mevrouw A. de Wit" in text
    assert "geen melding van deze situatie zonder uw toestemming" in text
    assert "De verantwoordelijkheid voor de veiligheid blijft bij u" in text
    assert "Veilig Thuis Testregio" in text


# The pages -----------------------------------------------------------------------------------


def test_the_advice_page_offers_the_mdo_and_shows_a_decision_not_to_report(worker, advice):
    """R-ADV-7: the decision is recorded on the advice and visible on its page."""
    client = verified_client(worker)
    page = client.get(f"/adviezen/{advice.pk}").content.decode()
    assert f'href="/adviezen/{advice.pk}/mdo"' in page
    scientist = expert()
    data = mdo_form_data([scientist], outcome="no_report", risk_high_acute="nee")
    response = client.post(f"/adviezen/{advice.pk}/mdo", data, follow=True)
    assert response.redirect_chain == [(f"/adviezen/{advice.pk}", 302)]
    page = response.content.decode()
    assert "geen ambtshalve melding. De brief aan de professional staat klaar" in page
    assert "besluit: Veilig Thuis doet geen ambtshalve melding" in page
    assert escape(scientist.full_name) in page and "gedragswetenschapper" in page
    assert "Besluit van Veilig Thuis: geen melding zonder uw toestemming" in page
    assert "Omzetten in melding" in page  # the professional may still report


def test_a_report_decision_leads_to_the_report_form(worker, advice):
    """R-ADV-7: after "report" the worker goes on to the report form with advice and MDO."""
    client = verified_client(worker)
    response = client.post(f"/adviezen/{advice.pk}/mdo", mdo_form_data([expert()]))
    mdo = MdoDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meldingen/nieuw?advies={advice.pk}&mdo={mdo.pk}"
    page = client.get(f"/adviezen/{advice.pk}").content.decode()
    assert f"/meldingen/nieuw?advies={advice.pk}&amp;mdo={mdo.pk}" in page
    assert "Ambtshalve melding vastleggen" in page


def test_the_page_names_the_errors_and_keeps_the_input(worker, advice):
    """R-ADV-7: alone and with a condition "nee", a report decision is refused with status 400;
    the errors are named and everything typed stays."""
    client = verified_client(worker)
    data = mdo_form_data([], no_agreement="nee", rationale="Risico te hoog om te wachten.")
    response = client.post(f"/adviezen/{advice.pk}/mdo", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Andere deelnemers: Een ambtshalve melding besluit u nooit alleen" in page
    assert "overeenstemming met de professional over het doen van een melding’ is met nee" in page
    assert "Risico te hoog om te wachten." in page
    assert "De school durft de ouders niet aan te spreken" in page
    assert re.search(r'value="nee"[^>]*id="id_no_agreement_1"[^>]*checked', page)
    assert not MdoDecision.objects.exists()


def test_the_page_refuses_a_missing_answer_and_a_future_date(worker, advice):
    """R-ADV-7: the form names an unanswered condition and an MDO date in the future."""
    client = verified_client(worker)
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%Y-%m-%d")
    data = mdo_form_data([expert()], held_on=tomorrow)
    response = client.post(f"/adviezen/{advice.pk}/mdo", data)
    assert response.status_code == 400
    assert "De datum van het MDO ligt in de toekomst." in response.content.decode()
    del data["vt_has_data"]
    data["held_on"] = timezone.localdate().strftime("%Y-%m-%d")
    response = client.post(f"/adviezen/{advice.pk}/mdo", data)
    assert response.status_code == 400
    assert "Beantwoord met ja of nee: veilig thuis beschikt" in response.content.decode()


def test_the_mdo_page_is_scoped_like_the_advice(worker, advice):
    stranger = team_member()
    stranger.teams.clear()
    assert verified_client(stranger).get(f"/adviezen/{advice.pk}/mdo").status_code == 404
    control = UserFactory(policy_control=True)
    assert verified_client(control).get(f"/adviezen/{advice.pk}/mdo").status_code == 403
    page = verified_client(worker).get(f"/adviezen/{advice.pk}/mdo").content.decode()
    assert 'value="Annemiek de Wit"' in page  # the professional prefilled from the advice
