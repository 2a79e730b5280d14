"""POST /api/v1/house-bans: police systems deliver house-ban notices (R-HB-1), taken in as reports
(R-REP-5), idempotent, all or nothing, refused as problem+json."""

import pytest
from django.utils import timezone

from tests.api.factories import token_client
from tests.factories import UserFactory
from tests.regional.helpers import PROBLEM, body, deliver, police_account, post
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.cases.models import Case, Deadline, HolderType, ResponsibilityPeriod
from zicht.core.models import IdempotencyRecord
from zicht.people.models import HouseholdRole, Person
from zicht.regional.models import HouseBan
from zicht.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return police_account()


@pytest.fixture
def police(account):
    return token_client(account.user)


def _invalid(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    return {p["name"]: p["reason"] for p in response.json()["invalid_params"]}


def test_notice_opens_the_case_with_vt_tasks(police, account):
    """R-HB-1, R-REP-5: a notice opens the household's case with the banned person, the
    protected persons, VT responsible and VT's tasks during the ban as deadlines."""
    response = post(police, body())
    assert response.status_code == 201, response.content
    answer = response.json()
    ban = HouseBan.objects.get(pk=answer["id"])
    case = ban.case
    assert answer["case_number"] == case.number
    assert case.team == account.default_team
    assert ban.perpetrator.last_name == "Smit" and ban.perpetrator.first_names == "Piet"
    assert sorted(p.first_names for p in ban.protected.all()) == ["Anna", "Daan"]
    roles = dict(case.household.members.values_list("person__first_names", "role"))
    assert roles["Piet"] == HouseholdRole.ALLEGED_PERPETRATOR
    assert ban.ends_at - ban.starts_at == timezone.timedelta(days=10)
    kinds = set(Deadline.objects.filter(case=case).values_list("kind", flat=True))
    assert {
        "house_ban_end",
        "house_ban_decision",
        "house_ban_perpetrator_contact",
        "house_ban_victims_contact",
        "house_ban_children_contact",
        "house_ban_executors_advice",
        "assessment",
    } <= kinds
    holder = ResponsibilityPeriod.objects.get(case=case, ended_at__isnull=True)
    assert holder.holder_type == HolderType.VT
    assert "bsn" not in response.content.decode().lower()


def test_children_contact_only_when_children_are_protected(police):
    """R-HB-1: contact with the children is a task only when children live at home."""
    ban = HouseBan.objects.get(pk=post(police, body(children=False)).json()["id"])
    kinds = set(Deadline.objects.filter(case=ban.case).values_list("kind", flat=True))
    assert "house_ban_victims_contact" in kinds
    assert "house_ban_children_contact" not in kinds


def test_same_key_same_answer_no_second_case(police):
    """R-HB-1: a retry with the same Idempotency-Key replays the answer and opens nothing."""
    notice = body()
    first = post(police, notice, key="hv-retry")
    again = post(police, notice, key="hv-retry")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert HouseBan.objects.count() == 1 and Case.objects.count() == 1


def test_same_key_other_body_is_422(police):
    post(police, body(), key="hv-x")
    other = body()
    other["order"]["reference"] = "HV-ANDERS"
    response = post(police, other, key="hv-x")
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert HouseBan.objects.count() == 1


def test_report_key_and_ban_key_do_not_collide(police, account):
    """A report with the same key as a house ban is a different request, not a replay."""
    IdempotencyRecord.objects.create(
        user=account.user, key="hv-1", request_sha256="x", response_status=201, response_body={}
    )
    assert post(police, body(), key="hv-1").status_code == 201


def test_police_must_send_a_key(police):
    response = post(police, body(), key=None)
    assert "Idempotency-Key" in _invalid(response)
    assert not HouseBan.objects.exists()


def test_notice_about_a_household_with_an_open_case_joins_it(account):
    """R-REP-5: a second notice about the same persons joins the open case."""
    first = deliver(account, key="hv-a")
    police = token_client(account.user)
    second = post(police, body(), key="hv-b")
    assert second.status_code == 201
    assert second.json()["case_number"] == first.case.number
    assert second.json()["involvement"] == "follow_up"
    assert Case.objects.count() == 1 and HouseBan.objects.count() == 2


def test_end_before_start_is_refused_and_nothing_saved(police):
    """R-HB-1: a ban that ends before it starts is refused, naming the field; nothing saved."""
    notice = body()
    notice["order"]["ends_at"] = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    reasons = _invalid(post(police, notice))
    assert "vóór of op de ingang" in reasons["order.ends_at"]
    assert not (HouseBan.objects.exists() or Report.objects.exists() or Case.objects.exists())
    assert not Person.objects.exists()


def test_an_order_longer_than_ten_days_is_refused(police):
    """R-HB-1: a house ban lasts 10 days; longer only by an extension."""
    notice = body()
    start = timezone.now() - timezone.timedelta(hours=1)
    notice["order"]["starts_at"] = start.isoformat()
    notice["order"]["ends_at"] = (start + timezone.timedelta(days=11)).isoformat()
    assert "10 dagen" in _invalid(post(police, notice))["order.ends_at"]
    assert not HouseBan.objects.exists()


def test_a_notice_without_protected_persons_is_refused(police):
    reasons = _invalid(post(police, body(protected=[])))
    assert "protected" in reasons
    assert not Case.objects.exists()


def test_report_rules_apply_to_the_notice(police):
    """R-REP-2: the police reporter makes contact details known, as for every report."""
    notice = body()
    notice["reporter"]["phone"] = ""
    reasons = _invalid(post(police, notice))
    assert "reporter.phone" in reasons
    assert not HouseBan.objects.exists()


def test_access_is_logged_as_api_and_the_police_reads_no_client_data(police, account):
    """R-PRIV-3: the notice's persons are logged as created through the API; the police token
    cannot read the case it reported into."""
    ban = HouseBan.objects.get(pk=post(police, body()).json()["id"])
    entries = AccessLogEntry.objects.filter(
        user=account.user,
        event=AccessEvent.CREATE,
        channel=Channel.API,
        case_number=ban.case.number,
    )
    assert entries.filter(person_id=ban.perpetrator_id).exists()
    assert police.get(f"/api/v1/cases/{ban.case.number}").status_code == 403


def test_staff_without_the_right_is_403():
    user = UserFactory(policy_control=True)
    response = post(token_client(user), body())
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_order_dates_must_make_sense(police):
    """R-HB-1: the order is dated before the ban starts, and not in the future."""
    notice = body()
    notice["order"]["date"] = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    reasons = _invalid(post(police, notice))
    assert "toekomst" in reasons["order.date"]
    assert "vóór de datum van de beschikking" in reasons["order.starts_at"]
    assert not HouseBan.objects.exists()
