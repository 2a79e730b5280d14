"""The informing API: status per report, recording each step, problem+json naming the field,
409 on a stale version, 404 out of scope, and the access log."""

import pytest
from django.utils import timezone

from tests.conftest import verified_client
from tests.factories import PartnerAgencyFactory, TeamFactory, UserFactory
from tests.informing.helpers import contact, register
from tests.people.factories import bsn_from
from zicht.audit.models import AccessEvent, AccessLogEntry, Channel
from zicht.cases import services as case_services
from zicht.informing.models import HouseholdInforming, ReporterContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(worker):
    return register(worker, anonymous=True)


def _base(report):
    return f"/api/v1/cases/{report.case.number}"


def _version(report):
    report.case.refresh_from_db()
    return report.case.version


def _contact_body(report, **overrides):
    return {
        "report": report.pk,
        "version": _version(report),
        "contacted_at": timezone.now().isoformat(),
        "method": "email",
        "safety_judgement": "Zorgen; VT blijft betrokken.",
        "information_shared": "VT spreekt de ouders.",
        "reporter_options": "Blijf het kind volgen.",
        "agreements": "VT mailt over twee weken.",
        **overrides,
    }


def test_get_shows_status_per_report_and_is_logged(worker, report):
    answer = verified_client(worker).get(f"{_base(report)}/informing")
    assert answer.status_code == 200
    body = answer.json()
    assert body["number"] == report.case.number
    assert body["reporter_contact_deadline"]["status"] == "on_time"
    assert body["reporter_update_deadline"] is None
    [item] = body["reports"]
    assert item["reporter"]["anonymous_to_household"] is True
    assert item["reporter_contact"] is None and item["household_informed"] is None
    assert AccessLogEntry.objects.filter(
        case_id=report.case_id, event=AccessEvent.READ, channel=Channel.API
    ).exists()


def test_post_reporter_contact_meets_the_deadline(worker, report):
    """R-TRI-7: recorded through the API, the reporter-contact deadline is met."""
    answer = verified_client(worker).post(
        f"{_base(report)}/reporter-contacts", _contact_body(report), content_type="application/json"
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["reporter_contact_deadline"]["status"] == "met"
    assert body["reports"][0]["reporter_contact"]["method"] == "email"
    assert body["version"] == _version(report)


def test_bsn_is_refused_as_problem_json_naming_the_field(worker, report):
    """R-PRIV-2: a BSN in the information shared is refused, the field named."""
    answer = verified_client(worker).post(
        f"{_base(report)}/reporter-contacts",
        _contact_body(report, information_shared=f"BSN {bsn_from(5)}"),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    names = [p["name"] for p in answer.json()["invalid_params"]]
    assert names == ["information_shared"]
    assert not ReporterContact.objects.exists()


def test_invalid_input_and_foreign_report_name_the_fields(worker, report):
    other = register(worker)  # other persons: another case
    assert other.case_id != report.case_id
    body = {**_contact_body(report), "report": other.pk}
    answer = verified_client(worker).post(
        f"{_base(report)}/reporter-contacts", body, content_type="application/json"
    )
    assert answer.status_code == 400
    assert [p["name"] for p in answer.json()["invalid_params"]] == ["report"]
    bad = verified_client(worker).post(
        f"{_base(report)}/reporter-contacts",
        _contact_body(report, method="fax", agreements=""),
        content_type="application/json",
    )
    assert {p["name"] for p in bad.json()["invalid_params"]} == {"method", "agreements"}


def test_stale_version_is_409(worker, report):
    answer = verified_client(worker).post(
        f"{_base(report)}/reporter-contacts",
        _contact_body(report, version=_version(report) + 5),
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("verouderde-versie")
    assert not ReporterContact.objects.exists()


def test_household_informed_refused_before_contact_then_accepted(worker, report):
    """R-TRI-7: the household is informed only after the reporter contact."""
    client = verified_client(worker)

    def post():
        return client.post(
            f"{_base(report)}/household-informed",
            {
                "report": report.pk,
                "version": _version(report),
                "informed_at": timezone.now().isoformat(),
                "means": "short_letter",
                "plans": "VT komt langs.",
            },
            content_type="application/json",
        )

    refused = post()
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["name"] == "report"
    contact(worker, report)
    accepted = post()
    assert accepted.status_code == 201
    assert (
        len(accepted.json()["reports"][0]["household_informed"]["letter_ids"]) == 1
    )  # one per address (16.3)
    assert HouseholdInforming.objects.filter(report=report).exists()


def test_reporter_update_through_the_api(worker, report):
    """R-TRI-8: the update meets the reporter_update deadline."""
    contact(worker, report)
    case_services.deadline_start(
        case=report.case, kind="reporter_update", start=timezone.localdate()
    )
    partner = PartnerAgencyFactory()
    answer = verified_client(worker).post(
        f"{_base(report)}/reporter-updates",
        {
            "report": report.pk,
            "version": _version(report),
            "informed_at": timezone.now().isoformat(),
            "method": "phone",
            "handed_over_to": "Sociaal wijkteam neemt over.",
            "partners": [partner.pk],
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["reporter_update_deadline"]["status"] == "met"
    assert body["reports"][0]["reporter_update"]["partner_ids"] == [partner.pk]


def test_out_of_scope_is_404_and_front_office_may_not_post(worker, report):
    outsider = UserFactory()
    TeamFactory(name="Team Elders").members.add(outsider)
    assert verified_client(outsider).get(f"{_base(report)}/informing").status_code == 404
    assert (
        verified_client(outsider)
        .post(
            f"{_base(report)}/reporter-contacts",
            _contact_body(report),
            content_type="application/json",
        )
        .status_code
        == 404
    )
    front_office = UserFactory(role="front_office")
    report.case.team.members.add(front_office)
    client = verified_client(front_office)
    assert client.get(f"{_base(report)}/informing").status_code == 200
    answer = client.post(
        f"{_base(report)}/reporter-contacts", _contact_body(report), content_type="application/json"
    )
    assert answer.status_code == 403
    assert not ReporterContact.objects.exists()
