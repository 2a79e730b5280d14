"""The report intake page `/meldingen/nieuw`: search before create, one transaction, input kept."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.concurrency import held_open, needs_postgresql
from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from tests.people.factories import PersonFactory, bsn_from
from zicht.calendar.workdays import add_working_days
from zicht.cases.models import Case
from zicht.people import services as people_services
from zicht.people.matching import MATCH_THRESHOLD
from zicht.people.models import HouseholdRole, Person
from zicht.reports.models import Contact, Report

pytestmark = pytest.mark.django_db

URL = "/meldingen/nieuw"
INVALID_BSN = "123456788"


@pytest.fixture
def team(case_worker):
    team = TeamFactory(name="Team Intake")
    team.members.add(case_worker)
    return team


# The child of the first person row in `_data`.
CHILD = {
    "first_names": "Mohammed",
    "last_name": "Yilmaz",
    "birth_year": 2015,
    "birth_month": 4,
    "birth_day": 7,
    "bsn": bsn_from(42),
}


@pytest.fixture
def existing():
    return PersonFactory(**CHILD)


def _data(team, **overrides):
    received = timezone.localtime() - timedelta(hours=1)
    data = {
        "rijen": "3",
        "actie": "opslaan",
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
        "keeps_helping": "on",
        "asks_vt_take_over": "on",
        "agreements": "Juf blijft signalen doorgeven; VT belt haar terug.",
        "concerns": "Mohammed vertelt dat papa mama slaat; hij is bang om naar huis te gaan.",
        "violence_types": ["physical", "child_witness"],
        "violence_duration": "under_half_year",
        "team": str(team.pk),
        "p0-first_names": "Mohammed",
        "p0-last_name": "Yilmaz",
        "p0-birth_day": "7",
        "p0-birth_month": "4",
        "p0-birth_year": "2015",
        "p0-bsn": bsn_from(42),
        "p0-role": HouseholdRole.CHILD,
        "p1-first_names": "Ayse",
        "p1-last_name": "Kaya",
        "p1-birth_year": "1988",
        "p1-role": HouseholdRole.VICTIM,
        "p2-first_names": "Emre",
        "p2-last_name": "Demir",
        "p2-role": HouseholdRole.ALLEGED_PERPETRATOR,
    }
    return {**data, **overrides}


def _nothing_saved(persons_before):
    assert Report.objects.count() == 0
    assert Contact.objects.count() == 0
    assert Case.objects.count() == 0
    assert Person.objects.count() == persons_before


def test_page_shows_three_person_rows_and_defaults(worker_client, team):
    response = worker_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    for prefix in ("p0-", "p1-", "p2-"):
        assert f'name="{prefix}last_name"' in body
    assert 'name="p3-last_name"' not in body
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in body  # received today, Amsterdam time
    assert response.context["form"]["team"].value() == team.pk
    assert "Nieuwe melding" in body  # in the navigation


def test_roles_without_register_contact_get_403(db):
    for user in (UserFactory(policy_control=True), UserFactory(functional_admin=True)):
        client = verified_client(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {}).status_code == 403


def test_register_with_three_persons_one_matched_to_an_existing_person(
    worker_client, case_worker, team, existing
):
    """R-REP-4, R-REP-6, R-REP-7: search before create offers the known person, the worker chooses
    (a likely match preselects nothing, 16.4); on confirm the two others are registered, the report records everyone with
    their role, and the case opens in assessment with its deadlines."""
    data = _data(team)
    first = worker_client.post(URL, data)
    assert first.status_code == 200
    rows = first.context["rows"]
    assert rows[0].candidates[0].person == existing
    assert rows[0].choice == ""  # a likely match: nothing preselected (16.4)
    body = first.content.decode()
    assert "Bestaande persoon: Mohammed Yilmaz" in body
    assert "Nieuwe persoon registreren" in body
    assert Report.objects.count() == 0  # nothing saved before the choice
    assert 'value="Annemiek de Wit"' in body  # and nothing typed lost

    confirm = {
        **data,
        "kandidaten": first.context["candidates_token"],
        "p0-keuze": str(existing.pk),
    }
    response = worker_client.post(URL, confirm, follow=True)
    report = Report.objects.get()
    case = report.case
    assert response.redirect_chain == [(f"/dossiers/{case.number}", 302)]
    assert f"Melding vastgelegd in dossier {case.number}" in response.content.decode()

    assert Person.objects.count() == 3  # the existing one and two new
    members = dict(case.household.members.values_list("person__last_name", "role"))
    assert members == {
        "Yilmaz": HouseholdRole.CHILD,
        "Kaya": HouseholdRole.VICTIM,
        "Demir": HouseholdRole.ALLEGED_PERPETRATOR,
    }
    assert case.household.members.filter(person=existing).exists()
    assert sorted(report.violence_types) == ["child_witness", "physical"]
    assert report.keeps_helping and report.asks_vt_take_over
    assert report.contact.sector == "education"
    assert case.team == team and case.worker == case_worker
    received = timezone.localtime(report.received_at)  # typed in Amsterdam time
    assert received.strftime("%Y-%m-%d %H:%M") == f"{data['received_date']} {data['received_time']}"
    due = add_working_days(timezone.localdate(report.received_at), 5)
    assert dict(case.deadlines.values_list("kind", "due")) == {
        "assessment": due,
        "reporter_contact": due,
    }


def test_an_existing_person_is_only_accepted_when_the_search_showed_it(
    worker_client, team, existing
):
    """A guessed person number is refused: the choice must be one of the signed candidates."""
    other = PersonFactory(last_name="Jansen")
    data = _data(team)
    first = worker_client.post(URL, data)
    persons_before = Person.objects.count()
    forged = {**data, "kandidaten": first.context["candidates_token"], "p0-keuze": str(other.pk)}
    response = worker_client.post(URL, forged)
    assert response.status_code == 400
    assert "Kies een van de getoonde personen" in response.content.decode()
    _nothing_saved(persons_before)

    no_token = {**data, "p0-keuze": str(existing.pk)}  # without the signed list: searched again
    response = worker_client.post(URL, no_token)
    assert response.status_code == 200
    assert response.context["review"]
    _nothing_saved(persons_before)


def test_invalid_bsn_in_row_two_keeps_everything_and_names_the_field(worker_client, team):
    """R-REP-6: a BSN that fails the 11-proof is refused with the field named; nothing is saved
    and everything typed comes back."""
    response = worker_client.post(URL, _data(team, **{"p1-bsn": INVALID_BSN}))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_p1-bsn"' in body
    assert "Persoon 2, BSN: Dit BSN klopt niet" in body
    assert f'value="{INVALID_BSN}"' in body
    assert 'value="Kaya"' in body and 'value="Annemiek de Wit"' in body
    assert "papa mama slaat" in body
    assert re.search(r'value="physical"[^>]*checked', body)
    _nothing_saved(0)


def test_more_persons_adds_a_row_and_keeps_everything(worker_client, team):
    data = _data(team, actie="meer", **{"p1-bsn": INVALID_BSN})
    response = worker_client.post(URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="p3-last_name"' in body and 'name="rijen" value="4"' in body
    assert 'value="Demir"' in body and 'value="Annemiek de Wit"' in body
    assert f'value="{INVALID_BSN}"' in body
    assert "Er is iets niet goed ingevuld" not in body  # adding a row is no attempt to save
    _nothing_saved(0)


def test_reporter_without_contact_details_is_refused_with_advice_suggested(worker_client, team):
    """R-REP-2: a reporter makes themselves known; a caller who will not is registered as advice.
    The new persons created before the refusal are undone: nothing is half-saved."""
    data = _data(team, reporter_phone="", reporter_email="")
    del data["p0-bsn"]
    data["p0-last_name"] = "Bakker"  # no candidates: straight to saving
    response = worker_client.post(URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_reporter_phone"' in body
    assert "Leg het contact dan vast als advies" in body
    assert 'value="Bakker"' in body and 'value="Kaya"' in body
    _nothing_saved(0)


def test_a_row_needs_a_last_name_and_a_role(worker_client, team):
    data = _data(team, **{"p2-last_name": "", "p1-role": ""})
    response = worker_client.post(URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Persoon 3, Achternaam: Vul de achternaam in" in body
    assert "Persoon 2, Rol: Kies de rol van deze persoon." in body
    _nothing_saved(0)


def test_no_persons_at_all_is_refused(worker_client, team):
    """R-REP-4: a report records the persons involved."""
    data = {k: v for k, v in _data(team).items() if not k.startswith("p")}
    data["profession"] = "leerkracht"
    response = worker_client.post(URL, data)
    assert response.status_code == 400
    assert "Voeg minstens één betrokkene toe." in response.content.decode()
    _nothing_saved(0)


def test_a_receipt_in_the_future_is_named_at_the_date_field(worker_client, team):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = _data(team, received_date=f"{tomorrow:%Y-%m-%d}")
    del data["p0-bsn"]
    data["p0-last_name"] = "Bakker"
    response = worker_client.post(URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_received_date"' in body and "ligt in de toekomst" in body
    _nothing_saved(0)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_person_a_colleague_registers_meanwhile_is_offered_not_a_500(worker_client, team):
    """R-REP-5: while the worker saves, a colleague registers the same child (same BSN) and
    commits while this save waits on the BSN's unique index. Nothing is saved, nothing typed is
    lost, the page says why (409) and offers the colleague's person; choosing it saves."""
    colleague = UserFactory()
    meanwhile = held_open(
        lambda: people_services.person_create(user=colleague, **CHILD),
        commit_after=1.0,  # commits while this save waits on the BSN's index
    )
    data = _data(team)
    with meanwhile as held:
        response = worker_client.post(URL, data)
    made = held.value  # the colleague's person

    assert response.status_code == 409
    body = response.content.decode()
    assert "Een collega heeft zojuist een van deze personen geregistreerd" in body
    assert 'value="Annemiek de Wit"' in body
    row = response.context["rows"][0]
    assert row.candidates[0].person == made and row.choice == ""  # the worker chooses (16.4)
    assert Report.objects.count() == 0 and Person.objects.count() == 1

    confirm = {**data, "kandidaten": response.context["candidates_token"]}
    confirm["p0-keuze"] = str(made.pk)
    assert worker_client.post(URL, confirm).status_code == 302
    report = Report.objects.get()
    assert report.case.household.members.filter(person=made).exists()
    assert Person.objects.count() == 3


def _choice_html(body: str, value: str) -> str:
    match = re.search(rf'<input type="radio" name="p0-keuze"[^>]*value="{value}"[^>]*>', body)
    assert match, body
    return match.group(0)


@pytest.mark.parametrize(
    ("identity", "preselected_new"),
    [
        # Equal names and the same year of birth: 80, the match threshold.
        ({"first_names": "Mohammed", "last_name": "Yilmaz", "birth_year": 2015}, False),
        # The same BSN: 100.
        ({"first_names": "Mohammed", "last_name": "Yilmaz", "bsn": bsn_from(42)}, False),
        # The last name only: far below.
        ({"first_names": "Kees", "last_name": "Yilmaz"}, True),
    ],
)
def test_a_likely_match_preselects_nothing(
    worker_client, team, existing, identity, preselected_new
):
    """16.4 (R-REP-6): from `people.matching.MATCH_THRESHOLD` the worker must choose between the
    candidate and a new person: no radio is checked, and saving without a choice is refused with
    the row named. Below the threshold "Nieuwe persoon registreren" is the default."""
    row = {"p0-first_names": "", "p0-birth_day": "", "p0-birth_month": "", "p0-bsn": ""}
    row |= {f"p0-{name}": str(value) for name, value in identity.items()}
    data = _data(team, **row)
    first = worker_client.post(URL, data)
    assert first.status_code == 200
    candidate = first.context["rows"][0].candidates[0]
    assert candidate.person == existing
    assert (candidate.score >= MATCH_THRESHOLD) is not preselected_new
    body = first.content.decode()
    assert ("checked" in _choice_html(body, "nieuw")) is preselected_new
    assert "checked" not in _choice_html(body, str(existing.pk))
    if preselected_new:
        return
    unchosen = {**data, "kandidaten": first.context["candidates_token"]}
    response = worker_client.post(URL, unchosen)
    assert response.status_code == 400
    assert "Persoon 1, wie is het: Kies een van de getoonde personen" in response.content.decode()
    assert not Report.objects.exists()


def test_four_mistakes_are_shown_at_once(worker_client, team):
    """16.5: four mistakes of different kinds — a missing reporter name and an invalid BSN (the
    form's), no phone or e-mail and an anonymous reporter without a reason (the report's rules,
    R-REP-2) — come back together in one answer, before any search; nothing is saved or lost."""
    data = _data(
        team,
        reporter_name="",
        reporter_phone="",
        anonymous_to_household="on",
        anonymity_reason="",
        **{"p1-bsn": INVALID_BSN},
    )
    response = worker_client.post(URL, data)
    assert response.status_code == 400
    summary = [message for _anchor, message in response.context["errors"]]
    assert any(m.startswith("Naam melder: Vul de naam van de melder in") for m in summary)
    assert any(m.startswith("Telefoonnummer: Een melder maakt zich bekend") for m in summary)
    assert any(m.startswith("Reden anonimiteit: Leg uit waarom") for m in summary)
    assert any(m.startswith("Persoon 2, BSN: Dit BSN klopt niet") for m in summary)
    assert len(summary) == 4, summary
    assert not response.context["review"]
    assert 'value="Basisschool De Linde"' in response.content.decode()
    _nothing_saved(0)


def test_no_person_at_all_is_said_with_the_other_mistakes(worker_client, team):
    """16.5: a report without any person and without concerns: both at once."""
    rows = {
        f"p{i}-{name}": ""
        for i in range(3)
        for name in (
            "first_names",
            "last_name",
            "role",
            "birth_day",
            "birth_month",
            "birth_year",
            "bsn",
        )
    }
    response = worker_client.post(URL, _data(team, concerns="", **rows))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Voeg minstens één betrokkene toe." in body
    assert "Vul de zorgen en signalen in." in body
