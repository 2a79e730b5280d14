"""Information sessions (R-VL-1): register, correct, remove, list by period and municipality,
export as CSV; no client data, so policy/control may see them."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import MunicipalityFactory, UserFactory
from zicht.accounts.policy import Role
from zicht.regional import sessions
from zicht.regional.models import InformationSession

pytestmark = pytest.mark.django_db


TOMORROW = object()


def _form(town, **overrides):
    data = {
        "held_on": "2026-11-20",
        "audience": "Leerkrachten basisonderwijs",
        "organisation": "OBS De Regenboog",
        "participants": "24",
        "topic": "Signalen van kindermishandeling",
        "given_by": "Fatima El Amrani",
        "municipality": town.pk,
    }
    return data | overrides


def _session(municipality, held_on, **kwargs):
    values = {
        "audience": "Huisartsen",
        "organisation": "HAGRO",
        "participants": 10,
        "topic": "Meldcode",
        "given_by": "Jan",
        "created_by": UserFactory(),
    }
    return InformationSession.objects.create(
        held_on=held_on, municipality=municipality, **(values | kwargs)
    )


def test_register_a_session():
    """R-VL-1: date, audience, organisation, participants, topic, given by, municipality."""
    town = MunicipalityFactory(name="Alkmaar")
    client = verified_client(UserFactory())
    response = client.post("/voorlichtingen/nieuw", _form(town))
    assert response.status_code == 302
    session = InformationSession.objects.get()
    assert (session.participants, session.municipality, session.held_on) == (
        24,
        town,
        date(2026, 11, 20),
    )
    assert "Signalen van kindermishandeling" in client.get("/voorlichtingen").content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("participants", "0", "minstens 1"),
        ("held_on", TOMORROW, "in de toekomst"),
        ("topic", "", "Vul het onderwerp in"),
        ("municipality", "", "Kies de gemeente"),
    ],
)
def test_refusals_in_dutch_keep_the_input(field, value, message):
    """R-VL-1: at least one participant, not in the future, every field named; nothing saved."""
    if value is TOMORROW:  # computed when the test runs, not when it is collected (midnight)
        value = (timezone.localdate() + timedelta(days=1)).isoformat()
    client = verified_client(UserFactory())
    response = client.post("/voorlichtingen/nieuw", _form(MunicipalityFactory(), **{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "OBS De Regenboog" in page
    assert not InformationSession.objects.exists()


def test_filter_by_period_and_municipality_and_csv():
    """R-VL-1: the list and its CSV hold the sessions of the period and municipality chosen."""
    alkmaar, hoorn = MunicipalityFactory(name="Alkmaar"), MunicipalityFactory(name="Hoorn")
    _session(alkmaar, date(2026, 3, 1), topic="Maart Alkmaar")
    _session(alkmaar, date(2026, 6, 1), topic="Juni Alkmaar")
    _session(hoorn, date(2026, 6, 2), topic="=Juni Hoorn")
    client = verified_client(UserFactory(policy_control=True))
    query = f"start=2026-05-01&end=2026-06-30&municipality={alkmaar.pk}"
    page = client.get(f"/voorlichtingen?{query}").content.decode()
    assert "Juni Alkmaar" in page
    assert "Maart Alkmaar" not in page and "Juni Hoorn" not in page
    response = client.get(f"/voorlichtingen/export.csv?{query}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Datum", "Doelgroep", "Organisatie"]
    assert rows[1:] == [
        ["01-06-2026", "Huisartsen", "HAGRO", "10", "Juni Alkmaar", "Jan", "Alkmaar"]
    ]
    every = client.get("/voorlichtingen/export.csv").content.decode("utf-8-sig")
    assert "'=Juni Hoorn" in every  # never run as a formula by a spreadsheet


def test_filter_with_end_before_start_is_refused():
    client = verified_client(UserFactory())
    response = client.get("/voorlichtingen?start=2026-06-01&end=2026-05-01")
    assert response.status_code == 400
    assert "ligt vóór" in response.content.decode()


def test_edit_and_stale_edit():
    town = MunicipalityFactory()
    session = _session(town, date(2026, 6, 1))
    client = verified_client(UserFactory())
    edited = client.post(f"/voorlichtingen/{session.pk}", _form(town, version=1, participants="30"))
    assert edited.status_code == 302
    session.refresh_from_db()
    assert (session.participants, session.version) == (30, 2)
    stale = client.post(f"/voorlichtingen/{session.pk}", _form(town, version=1, topic="Oud"))
    assert stale.status_code == 409
    assert "intussen door iemand anders gewijzigd" in stale.content.decode()
    session.refresh_from_db()
    assert session.topic == "Signalen van kindermishandeling"


def test_delete():
    town = MunicipalityFactory()
    session = _session(town, date(2026, 6, 1))
    client = verified_client(UserFactory())
    response = client.post(f"/voorlichtingen/{session.pk}", _form(town, version=1, verwijderen="1"))
    assert response.status_code == 302
    assert not InformationSession.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.POLICY_CONTROL, 200),
        (Role.CASE_WORKER, 200),
        (Role.FUNCTIONAL_ADMIN, 403),
    ],
)
def test_who_sees_the_sessions(role, status):
    """R-VL-1: no client data, so policy/control sees the sessions."""
    assert verified_client(UserFactory(role=role)).get("/voorlichtingen").status_code == status


def test_the_service_refuses_what_the_form_would_let_through():
    """R-VL-1: the rules hold for every caller, not only the page's form."""
    values = {
        "held_on": timezone.localdate() + timedelta(days=1),
        "audience": "Leerkrachten",
        "organisation": "OBS",
        "participants": 0,
        "topic": " ",
        "given_by": "Jan",
        "municipality": MunicipalityFactory(),
    }
    with pytest.raises(ValidationError) as refused:
        sessions.session_create(user=UserFactory(), values=values)
    assert set(refused.value.message_dict) == {"held_on", "participants", "topic"}
    assert not InformationSession.objects.exists()
