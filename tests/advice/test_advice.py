"""Registering an advice (DOMAIN §4.1, R-ADV-1..6): the service, the form `/adviezen/nieuw` and the
detail page `/adviezen/<pk>`."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.people.factories import PersonFactory
from zicht.advice.models import Advice, FrameworkOutcome, SupportType
from zicht.advice.services import NOT_IDENTIFYING, advice_link_report, advice_register
from zicht.cases.models import Case, ResponsibilityPeriod
from zicht.core.errors import AlreadyExists, NotFound, NotPermitted
from zicht.people.models import HouseholdRole
from zicht.reports.models import CallerKind, Contact, ContactOutcome
from zicht.reports.services import Involved, Reporter, report_register

pytestmark = pytest.mark.django_db

URL = "/adviezen/nieuw"
NO_SUSPICION = {"vermoeden": "nee"}
SUSPICION = {
    "vermoeden": "ja",
    "acuut": "nee",
    "structureel": "ja",
    "geen_hulp": "nee",
    "nieuwe_signalen": "nee",
    "andere_gezinsleden": "nee",
    "hulp_mogelijk": "ja",
    "medewerking": "weet-niet",
    "duurzaam_veilig": "weet-niet",
}
CRIMINAL = {
    "investigation_risk": "Politie doet mogelijk onderzoek; school spreekt ouders nog niet aan.",
    "compulsory_framework_options": "Verzoek tot onderzoek door de Raad besproken.",
    "safety_measures": "Kind slaapt voorlopig bij oma; school houdt zicht.",
}


@pytest.fixture
def worker():
    user = UserFactory(full_name="Fenna Frontoffice")
    TeamFactory(name="Team Advies").members.add(user)
    return user


def _register(worker, **overrides):
    values = {
        "user": worker,
        "channel": "phone",
        "received_at": timezone.now() - timedelta(minutes=10),
        "caller_kind": CallerKind.PROFESSIONAL,
        "sector": "education",
        "profession": "leerkracht",
        "advice_seeker_name": "Annemiek de Wit",
        "advice_seeker_organisation": "Basisschool De Linde",
        "advice_seeker_phone": "020-1234567",
        "question": "Een leerling vertelt dat het thuis onrustig is. Moet de school melden?",
        "framework_answers": SUSPICION,
        "framework_outcome": FrameworkOutcome.ADVICE_AND_SUPPORT,
        "support_types": [SupportType.PREPARE_CONVERSATIONS],
        "responsibility_discussed": True,
    }
    return advice_register(**{**values, **overrides})


def _refusal(worker, **overrides):
    before = Advice.objects.count(), Contact.objects.count()
    with pytest.raises(ValidationError) as refused:
        _register(worker, **overrides)
    assert (Advice.objects.count(), Contact.objects.count()) == before  # nothing saved
    return refused.value.message_dict


def _data(**overrides):
    received = timezone.localtime() - timedelta(minutes=10)
    data = {
        "channel": "phone",
        "received_date": received.strftime("%Y-%m-%d"),
        "received_time": received.strftime("%H:%M"),
        "caller_kind": "professional",
        "sector": "education",
        "profession": "leerkracht",
        "advice_seeker_name": "Annemiek de Wit",
        "advice_seeker_organisation": "Basisschool De Linde",
        "advice_seeker_phone": "020-1234567",
        "advice_seeker_email": "",
        "question": "Een leerling vertelt dat het thuis onrustig is. Moet de school melden?",
        **SUSPICION,
        "framework_outcome": "advice_and_support",
        "investigation_risk": "",
        "compulsory_framework_options": "",
        "safety_measures": "",
        "support_types": ["prepare_conversations", "reassess_safety"],
        "follow_up_on": (received.date() + timedelta(days=7)).strftime("%Y-%m-%d"),
        "responsibility_discussed": "on",
    }
    return {**data, **overrides}


def _report(worker):
    return report_register(
        user=worker,
        channel="phone",
        received_at=timezone.now(),
        reporter=Reporter(name="Annemiek de Wit", kind=CallerKind.CITIZEN, phone="0612345678"),
        involved=[Involved(PersonFactory(), HouseholdRole.CHILD)],
        concerns="Leerling vertelt over geweld thuis.",
        violence_types=["physical"],
        team=worker.teams.first(),
    )


# R-ADV-1 ------------------------------------------------------------------------------------


def test_the_advice_model_has_no_link_to_any_person_household_or_case():
    """R-ADV-1: an advice records the advice-seeker and the question, not the household — the
    model has no relation to people or cases, only to its contact, the user and a report."""
    related = {
        field.name: field.related_model
        for field in Advice._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField | models.ManyToManyField)
    }
    apps = {model._meta.app_label for model in related.values()}
    assert "people" not in apps and "cases" not in apps
    assert set(related) == {"contact", "report", "created_by"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Het kind met BSN 123456782 vertelt over slaan.", "BSN"),
        ("Het kind (geboren op 7 april 2015) vertelt over slaan.", "geboortedatum"),
        ("Het kind van 07-04-2015 vertelt over slaan.", "geboortedatum"),
        ("Het gezin woont op de Kerkstraat 12 en de buren horen geschreeuw.", "adres"),
        ("Het gezin woont in 1234 AB en de buren horen geschreeuw.", "adres"),
    ],
)
def test_identifying_data_in_the_question_is_refused(worker, text, kind):
    """R-ADV-1: a BSN, a date of birth or an address in the question is refused, the field named
    and the reason explained; nothing is saved."""
    errors = _refusal(worker, question=text)
    assert list(errors) == ["question"]
    assert kind in errors["question"][0]
    assert NOT_IDENTIFYING in errors["question"][0]


def test_identifying_data_in_the_criminal_child_abuse_texts_is_refused(worker):
    """R-ADV-1, R-ADV-4: the three texts of suspected criminal child abuse are checked too."""
    errors = _refusal(
        worker,
        criminal_child_abuse_suspected=True,
        **{**CRIMINAL, "safety_measures": "Kind slaapt bij oma op de Dorpsweg 3."},
    )
    assert list(errors) == ["safety_measures"]
    assert "adres" in errors["safety_measures"][0]


def test_the_form_refuses_a_bsn_in_the_question_with_status_400_and_keeps_the_input(worker):
    """R-ADV-1 on the page: status 400, the field named in the summary, everything typed kept."""
    client = verified_client(worker)
    question = "Leerling met BSN 111222333 vertelt over slaan."
    response = client.post(URL, _data(question=question))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_question"' in page
    assert "Adviesvraag: De adviesvraag lijkt een BSN te bevatten" in page
    assert question in page
    assert "Basisschool De Linde" in page
    assert 'value="prepare_conversations"' in page and "checked" in page
    assert not Advice.objects.exists()


# R-ADV-2 and R-ZOV-2 ------------------------------------------------------------------------


def test_responsibility_must_be_recorded_as_discussed(worker):
    """R-ADV-2: responsibility for safety stays with the advice-seeker and the worker records that
    this was discussed; an advice without it is refused with an explanation."""
    errors = _refusal(worker, responsibility_discussed=False)
    assert "verantwoordelijkheid" in errors["responsibility_discussed"][0]
    assert "adviesvrager" in errors["responsibility_discussed"][0]


def test_an_advice_opens_no_case_and_no_responsibility_period(worker):
    """R-ADV-2, R-ZOV-2: the advice-seeker stays responsible — an advice (also with support, given
    at a professional's request) is a contact that became advice, with no case at VT."""
    advice = _register(worker)
    assert advice.contact.becomes == ContactOutcome.ADVICE
    assert advice.contact.sector == "education"
    assert advice.responsibility_discussed is True
    assert not Case.objects.exists() and not ResponsibilityPeriod.objects.exists()


def test_a_professional_needs_a_sector_and_a_citizen_has_none(worker):
    assert "sector" in _refusal(worker, sector="")
    advice = _register(worker, caller_kind=CallerKind.CITIZEN, sector="education")
    assert advice.contact.sector == "" and advice.contact.profession == ""


# R-ADV-3 ------------------------------------------------------------------------------------


def test_the_framework_answers_and_the_outcome_are_recorded(worker):
    """R-ADV-3: the worker walks the caller through the decision framework and records the
    answers and the outcome; the framework's own decision can be shown again."""
    advice = _register(worker)
    assert advice.framework_answers == SUSPICION
    assert advice.framework_outcome == FrameworkOutcome.ADVICE_AND_SUPPORT
    decision = advice.decision()
    assert decision is not None and decision.report_necessary  # structural unsafety


def test_end_of_contact_only_without_a_suspicion(worker):
    """R-ADV-3: ‘end of contact’ means no domestic violence or child abuse."""
    errors = _refusal(worker, framework_outcome=FrameworkOutcome.END_OF_CONTACT)
    assert "vraag 1" in errors["framework_outcome"][0]
    advice = _register(
        worker, framework_answers=NO_SUSPICION, framework_outcome=FrameworkOutcome.END_OF_CONTACT
    )
    assert advice.framework_answers == NO_SUSPICION
    assert advice.decision() is not None and not advice.decision().suspicion  # type: ignore[union-attr]


def test_incomplete_or_unknown_framework_answers_are_refused(worker):
    """R-ADV-3: with a suspicion all questions are answered (the decision aid's own rule)."""
    errors = _refusal(worker, framework_answers={"vermoeden": "ja"})
    assert "acuut" in errors and "duurzaam_veilig" in errors
    assert "framework_answers" in _refusal(worker, framework_answers={**SUSPICION, "x": "ja"})
    assert "framework_outcome" in _refusal(worker, framework_outcome="onbekend")


def test_the_form_reuses_the_decision_aid_questions(worker):
    """R-ADV-3: the page asks the public decision aid's questions, and needs them answered."""
    client = verified_client(worker)
    page = client.get(URL).content.decode()
    assert "Vraag 1: Heeft u op basis van de stappen 1 tot en met 3" in page
    assert "Afweging c: Leidt deze hulp tot duurzame veiligheid?" in page
    response = client.post(URL, _data(acuut=""))
    assert response.status_code == 400
    assert "Beantwoord vraag 2a" in response.content.decode()


# R-ADV-4 ------------------------------------------------------------------------------------


def test_suspected_criminal_child_abuse_needs_the_three_considerations(worker):
    """R-ADV-4: with suspected criminal child abuse the worker records the risk of frustrating an
    investigation by another body, the legal options for a compulsory framework and the safety
    measures; each is required."""
    errors = _refusal(worker, criminal_child_abuse_suspected=True)
    assert set(errors) == set(CRIMINAL)
    assert "R-ADV-4" in errors["investigation_risk"][0]
    advice = _register(worker, criminal_child_abuse_suspected=True, **CRIMINAL)
    assert advice.criminal_child_abuse_suspected
    assert advice.safety_measures == CRIMINAL["safety_measures"]


def test_the_considerations_are_not_kept_without_the_suspicion(worker):
    advice = _register(worker, criminal_child_abuse_suspected=False, **CRIMINAL)
    assert advice.investigation_risk == advice.safety_measures == ""


# R-ADV-5 ------------------------------------------------------------------------------------


def test_support_types_and_a_follow_up_conversation(worker):
    """R-ADV-5: the support types are recorded from the list (in a fixed order) and a follow-up
    advice conversation can be planned, not before the contact."""
    follow_up = timezone.localdate() + timedelta(days=14)
    advice = _register(
        worker,
        support_types=[SupportType.REASSESS_SAFETY, SupportType.JOIN_CONVERSATIONS],
        follow_up_on=follow_up,
    )
    assert advice.support_types == ["join_conversations", "reassess_safety"]
    assert advice.follow_up_on == follow_up
    assert "support_types" in _refusal(worker, support_types=["koffie"])
    yesterday = timezone.localdate() - timedelta(days=1)
    assert "follow_up_on" in _refusal(worker, follow_up_on=yesterday)


# R-ADV-6 ------------------------------------------------------------------------------------


def test_an_advice_can_be_linked_to_the_report_it_became(worker):
    """R-ADV-6: when the caller decides to report, the report links to the advice; an advice is
    linked to one report only."""
    advice = _register(worker)
    report = _report(worker)
    advice = advice_link_report(user=worker, advice=advice, report=report)
    assert Advice.objects.get(pk=advice.pk).report == report
    assert list(report.advices.all()) == [advice]
    advice_link_report(user=worker, advice=advice, report=report)  # again: nothing changes
    with pytest.raises(AlreadyExists) as refused:  # 409: done already, not invalid input
        advice_link_report(user=worker, advice=advice, report=_report(worker))
    assert refused.value.field == "report"


def test_only_who_may_see_the_advice_can_link_it(worker):
    """R-ADV-6: a worker outside the creator's teams cannot link (or see) the advice."""
    advice = _register(worker)
    stranger = UserFactory()
    TeamFactory(name="Team Elders").members.add(stranger)
    with pytest.raises(NotFound):  # out of scope looks the same as missing
        advice_link_report(user=stranger, advice=advice, report=_report(stranger))
    assert Advice.objects.get(pk=advice.pk).report is None


def test_the_detail_page_offers_to_turn_the_advice_into_a_report(worker):
    """R-ADV-6: ‘Omzetten in melding’ leads to the report form with the advice's number; once
    linked, the page shows the report's case instead."""
    advice = _register(worker)
    client = verified_client(worker)
    page = client.get(f"/adviezen/{advice.pk}").content.decode()
    assert f'href="/meldingen/nieuw?advies={advice.pk}"' in page
    assert "Omzetten in melding" in page
    report = _report(worker)
    advice_link_report(user=worker, advice=advice, report=report)
    page = client.get(f"/adviezen/{advice.pk}").content.decode()
    assert "Omzetten in melding" not in page
    assert report.case.number in page


# The pages ----------------------------------------------------------------------------------


def test_registering_on_the_page_shows_the_advice(worker):
    client = verified_client(worker)
    response = client.post(URL, _data())
    advice = Advice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/adviezen/{advice.pk}"
    assert advice.support_types == ["prepare_conversations", "reassess_safety"]
    assert advice.contact.created_by == worker and advice.created_by == worker
    page = client.get(response["Location"]).content.decode()
    assert "Een leerling vertelt dat het thuis onrustig is" in page
    assert "Melden is noodzakelijk" in page  # the framework's decision for the answers
    assert "Gesprekken voorbereiden" in page
    assert "Verantwoordelijk voor de veiligheid: de adviesvrager" in page


def test_the_page_refuses_without_responsibility_discussed_and_keeps_the_input(worker):
    """R-ADV-2 on the page."""
    data = _data()
    del data["responsibility_discussed"]
    response = verified_client(worker).post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_responsibility_discussed"' in page
    assert "Een leerling vertelt dat het thuis onrustig is" in page
    assert not Advice.objects.exists()


def test_the_detail_page_is_for_the_creator_and_the_creators_teams(worker):
    advice = _register(worker)
    colleague = UserFactory()
    worker.teams.first().members.add(colleague)
    stranger = UserFactory()
    TeamFactory(name="Team Elders").members.add(stranger)
    assert verified_client(colleague).get(f"/adviezen/{advice.pk}").status_code == 200
    assert verified_client(stranger).get(f"/adviezen/{advice.pk}").status_code == 404
    assert verified_client(worker).get("/adviezen/999999").status_code == 404


def test_only_roles_that_register_contacts_may_use_the_pages(worker):
    advice = _register(worker)
    control = verified_client(UserFactory(policy_control=True))
    assert control.get(URL).status_code == 403
    assert control.post(URL, _data()).status_code == 403
    assert control.get(f"/adviezen/{advice.pk}").status_code == 403
    with pytest.raises(NotPermitted, match="Uw rol mag geen adviezen, meldingen"):
        _register(UserFactory(policy_control=True))


def test_the_navigation_offers_a_new_advice(worker):
    page = verified_client(worker).get("/").content.decode()
    assert 'href="/adviezen/nieuw"' in page
    assert (
        'href="/adviezen/nieuw"'
        not in verified_client(UserFactory(policy_control=True)).get("/").content.decode()
    )
