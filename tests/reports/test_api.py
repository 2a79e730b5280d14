"""POST /api/v1/reports: reports from partner systems and staff, idempotent, all or nothing."""

import json
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.factories import BSN, INVALID_BSN, OTHER_BSN, person, team_of, token_client
from tests.concurrency import held_open, needs_postgresql
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from zicht.accounts.policy import Role
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.cases.models import Case, HolderType, ResponsibilityPeriod
from zicht.core.models import IdempotencyRecord
from zicht.people.models import Person
from zicht.reports import api
from zicht.reports.models import PartnerSystemAccount, Report

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
URL = "/api/v1/reports"


@pytest.fixture
def partner_account() -> PartnerSystemAccount:
    user = UserFactory(role=Role.PARTNER_SYSTEM, email="politie-koppeling@zicht.test")
    return PartnerSystemAccount.objects.create(
        user=user,
        partner=PartnerAgencyFactory(name="Politie Noord-Holland"),
        default_team=TeamFactory(name="Team Intake"),
    )


@pytest.fixture
def partner(partner_account) -> Client:
    return token_client(partner_account.user)


def _body(**overrides):
    body = {
        "received_at": "2026-03-02T10:00:00+01:00",
        "reporter": {
            "name": "Agent De Vries",
            "kind": "professional",
            "phone": "0881234567",
            "organisation": "Politie Noord-Holland",
            "sector": "police_justice",
            "profession": "wijkagent",
        },
        "concerns": "Melding huiselijk geweld na inzet in de nacht.",
        "violence_types": ["physical", "child_witness"],
        "violence_duration": "unknown",
        "persons": [
            {"first_names": "Piet", "last_name": "Smit", "birth_year": 1985, "role": "alleged_perpetrator"},
            {"first_names": "Anna", "last_name": "Smit", "birth_year": 1987, "bsn": BSN, "role": "victim"},
            {"first_names": "Daan", "last_name": "Smit", "birth_year": 2018, "birth_month": 4, "role": "child"},
        ],
    }  # fmt: skip
    body.update(overrides)
    return body


def _post(client: Client, body, key: str | None = "sleutel-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def _invalid(response) -> dict[str, str]:
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    return {p["name"]: p["reason"] for p in response.json()["invalid_params"]}


def test_partner_report_opens_case_and_matches_known_person_by_bsn(partner, partner_account):
    """R-REP-1, R-REP-3, R-REP-6: a police report is taken in through the API; the person with a
    known (valid) BSN is the existing one, the others are registered; VT is responsible and the
    deadlines run. The answer carries numbers only, never a BSN."""
    known = person(UserFactory(), "Smit", first_names="Anna", bsn=BSN)
    response = _post(partner, _body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert BSN not in response.content.decode()
    report = Report.objects.get(pk=body["id"])
    assert report.contact.channel == "police_system"
    assert report.case.team == partner_account.default_team
    assert body["case_number"] == report.case.number
    assert body["involvement"] == "first"
    assert {d["kind"] for d in body["deadlines"]} == {"assessment", "reporter_contact"}
    assert [p["matched"] for p in body["persons"]] == [False, True, False]
    assert body["persons"][1]["id"] == known.pk
    assert Person.objects.filter(last_name="Smit").count() == 3
    period = ResponsibilityPeriod.objects.get(case=report.case)
    assert period.holder_type == HolderType.VT


def test_access_log_names_the_partner_system_and_the_api(partner, partner_account):
    """R-PRIV-3: the search, the new persons and the report are logged for the partner's account,
    through the API channel."""
    person(UserFactory(), "Smit", first_names="Anna", bsn=BSN)
    assert _post(partner, _body()).status_code == 201
    entries = AccessLogEntry.objects.filter(user_id=partner_account.user.pk)
    assert set(entries.values_list("channel", flat=True)) <= {Channel.API, Channel.SYSTEM}
    events = set(entries.values_list("event", flat=True))
    assert {AccessEvent.SEARCH, AccessEvent.CREATE} <= events
    assert entries.filter(detail="melding geregistreerd", channel=Channel.API).count() == 3


def test_retry_with_same_key_replays_and_creates_nothing(partner):
    first = _post(partner, _body())
    again = _post(partner, _body())
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 1
    assert Person.objects.count() == 3


def test_same_key_with_other_body_is_422(partner):
    assert _post(partner, _body()).status_code == 201
    response = _post(partner, _body(concerns="Iets heel anders."))
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["invalid_params"][0]["name"] == "Idempotency-Key"
    assert Report.objects.count() == 1


def test_partner_must_send_an_idempotency_key(partner):
    assert "Idempotency-Key" in _invalid(_post(partner, _body(), key=None))
    assert not Report.objects.exists()


def test_unknown_token_is_401():
    client = Client(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = _post(client, _body())
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "urn:zicht:probleem:niet-ingelogd"


def test_inactive_partner_account_is_401(partner, partner_account):
    partner_account.active = False
    partner_account.save()
    response = _post(partner, _body())
    assert response.status_code == 401
    assert response.json()["type"] == "urn:zicht:probleem:niet-ingelogd"
    assert not Report.objects.exists()


def test_staff_without_the_right_is_403():
    response = _post(token_client(UserFactory(policy_control=True)), _body())
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_partner_token_sees_no_client_data(partner, partner_account):
    """The partner system's role sees nothing: the persons API refuses it."""
    person(UserFactory(), "Smit", bsn=BSN)
    assert partner.get("/api/v1/persons").status_code == 403
    assert _post(partner, _body()).status_code == 201
    assert partner.get("/api/v1/cases").status_code == 403


def test_staff_report_goes_to_the_team_in_the_body():
    worker = UserFactory(role=Role.FRONT_OFFICE)
    team = team_of(worker, "Team West")
    client = token_client(worker)
    response = _post(client, _body(channel="phone", team=team.pk), key=None)
    assert response.status_code == 201, response.content
    assert Case.objects.get(number=response.json()["case_number"]).team == team
    assert "team" in _invalid(_post(client, _body(channel="phone"), key=None))


def test_invalid_bsn_names_the_person_field(partner):
    """R-REP-6: a BSN must pass the 11-proof; the field is named per person, nothing is saved."""
    persons = _body()["persons"]
    persons[0]["bsn"] = INVALID_BSN
    problems = _invalid(_post(partner, _body(persons=persons)))
    assert "elfproef" in problems["persons[0].bsn"]
    assert not Person.objects.exists()
    assert not IdempotencyRecord.objects.exists()


def test_birth_after_report_date_is_refused_and_nothing_saved(partner):
    persons = _body()["persons"]
    persons[2]["birth_year"] = 2026
    persons[2]["birth_month"] = 3
    persons[2]["birth_day"] = 5  # after the report of 2 March 2026, before today
    assert timezone.now() > datetime(2026, 3, 5, tzinfo=timezone.get_current_timezone())
    problems = _invalid(_post(partner, _body(persons=persons)))
    assert "geboren na de datum van de melding" in problems["persons"]
    assert not Person.objects.exists()
    assert not Report.objects.exists()


def test_reporter_without_contact_details_is_refused_suggesting_advice(partner):
    """R-REP-2: a reporter makes themselves known; otherwise the contact is an advice."""
    problems = _invalid(_post(partner, _body(reporter={"name": "Anoniem", "kind": "citizen"})))
    assert "advies" in problems["reporter.phone"]
    assert not Person.objects.exists()
    assert not Report.objects.exists()


def test_missing_caller_kind_is_refused(partner):
    problems = _invalid(
        _post(partner, _body(reporter={"name": "Buurvrouw", "phone": "0612345678"}))
    )
    assert "burger of een professional" in problems["reporter.kind"]
    assert not Report.objects.exists()


def test_second_person_with_a_taken_bsn_is_named(partner):
    """Two persons with the same BSN: the second one is refused by the person service."""
    persons = _body()["persons"]
    persons[0]["bsn"] = OTHER_BSN
    persons[2]["bsn"] = OTHER_BSN
    persons[2]["last_name"] = "Anders"
    persons[2]["first_names"] = "Iemand"
    problems = _invalid(_post(partner, _body(persons=persons)))
    assert set(problems) == {"persons[2].bsn"}
    assert not Person.objects.exists()


def test_partner_report_about_open_case_joins_it(partner):
    """R-REP-5 through the API: a second report about the same household joins the case."""
    first = _post(partner, _body()).json()
    second = _post(partner, _body(), key="sleutel-2")
    assert second.status_code == 201
    assert second.json()["case_number"] == first["case_number"]
    assert second.json()["involvement"] == "follow_up"
    # The person with a BSN is found again; name and birth year alone score below 90.
    assert second.json()["persons"][1] == first["persons"][1] | {"matched": True}
    assert Report.objects.filter(case__number=first["case_number"]).count() == 2


def _queries_for(partner, persons, key):
    with CaptureQueriesContext(connection) as ctx:
        assert _post(partner, _body(persons=persons), key=key).status_code == 201
    return len(ctx.captured_queries)


def test_new_persons_cost_one_search_each_and_are_inserted_together(partner):
    """R-REP-5: each person is searched before it is registered; the new ones (and their
    history) are inserted in one statement, and a report naming only new persons skips the
    searches for the household's open and earlier cases: none can name a person just made."""

    def family(name, size):
        return [
            {"first_names": f"Kind{i}", "last_name": name, "birth_year": 2015, "role": "child"}
            for i in range(size)
        ]

    _queries_for(partner, family("Warm", 3), "sleutel-0")  # fills the content-type cache
    three = _queries_for(partner, family("Nieuw", 3), "sleutel-3")
    six = _queries_for(partner, family("Anders", 6), "sleutel-6")
    assert six - three == 3
    with CaptureQueriesContext(connection) as ctx:
        _post(partner, _body(persons=family("Derde", 3)), key="sleutel-9")
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    # Case opened, two deadlines started, report received: one timeline insert.
    assert sum('"cases_timelineevent"' in sql for sql in inserts) == 1
    assert Report.objects.get(case__household__name="Huishouden Nieuw").involvement == "first"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_person_registered_by_a_colleague_meanwhile_is_matched_not_a_500(partner):
    """R-REP-5, R-REP-6: a report names a BSN that a colleague is registering at that moment. The
    search cannot see the colleague's person yet; the insert waits on the BSN's unique index and
    fails once the colleague commits. The report is then registered again, now matching the
    colleague's person: one person with that BSN, and an answer, not a 500."""
    colleague = UserFactory(role=Role.FRONT_OFFICE)
    meanwhile = held_open(
        lambda: person(colleague, "Smit", first_names="Anna", bsn=BSN),
        commit_after=1.0,  # commits while the report waits on the index
    )
    with meanwhile as made:
        response = _post(partner, _body())

    assert response.status_code == 201, response.content
    persons = response.json()["persons"]
    assert persons[1] == {"id": made.value.pk, "role": "victim", "matched": True}
    assert Person.objects.filter(last_name="Smit").count() == 3


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_duplicate_sent_while_the_first_is_still_saving_replays_its_answer(
    partner, partner_account
):
    """A partner system retries before the first request has committed: the retry registers
    nothing of its own; it waits on the key, then answers with what the first committed."""
    body = _body()
    first_answer = {"id": 1, "case_number": "2026-000001", "involvement": "first"}
    first_request_ending = held_open(  # the first request, at the end of its transaction
        lambda: IdempotencyRecord.objects.create(
            user=partner_account.user,
            key="sleutel-1",
            request_sha256=api._digest(body),
            response_status=201,
            response_body=first_answer,
        ),
        commit_after=1.0,
    )
    with first_request_ending:
        response = _post(partner, body)

    assert response.status_code == 201
    assert response["Idempotent-Replayed"] == "true"
    assert response.json() == first_answer
    assert not Report.objects.exists() and not Person.objects.exists()
