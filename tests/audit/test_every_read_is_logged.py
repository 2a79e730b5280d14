"""Every URL that shows a person's or case's data writes an access-log entry (R-PRIV-3)."""

import pytest
from django.utils import timezone

from tests.cases.factories import open_case
from tests.conftest import verified_client
from tests.factories import TeamFactory, UserFactory
from zicht.audit.models import AccessLogEntry
from zicht.cases import services

pytestmark = pytest.mark.django_db

# (URL template, who reads it). {case}, {person} and {household} are filled in per test.
URLS = [
    ("/dossiers/{case}", "worker"),
    ("/dossiers/{case}?soort=case_opened", "worker"),
    ("/werk", "worker"),
    ("/team", "leader"),
    ("/personen/{person}", "worker"),
    ("/huishoudens/{household}", "worker"),
    ("/toegangslog/persoon/{person}", "leader"),
    ("/toegangslog/persoon/{person}?formaat=csv", "leader"),
    ("/api/v1/cases", "worker"),
    ("/api/v1/cases/{case}", "worker"),
    ("/api/v1/cases/{case}/timeline", "worker"),
    ("/api/v1/cases/{case}/deadlines", "worker"),
    ("/api/v1/cases/{case}/responsibility", "worker"),
    ("/api/v1/persons", "worker"),
    ("/api/v1/persons/{person}", "worker"),
    ("/api/v1/households", "worker"),
    ("/api/v1/households/{household}", "worker"),
]


@pytest.mark.parametrize(("template", "reader"), URLS)
def test_reading_personal_data_is_logged(template, reader):
    """R-PRIV-3: a read of a person's or case's data, in any channel, writes an access-log entry
    naming the reader."""
    team = TeamFactory()
    worker = UserFactory()
    leader = UserFactory(team_leader=True)
    team.members.add(worker, leader)
    case = open_case(user=worker, team=team)
    services.deadline_start(case=case, kind="assessment", start=timezone.localdate())
    person = case.household.members.first().person
    url = template.format(case=case.number, person=person.pk, household=case.household.pk)
    user = worker if reader == "worker" else leader
    client = verified_client(user)
    before = AccessLogEntry.objects.count()
    response = client.get(url)
    if url.endswith("formaat=csv"):
        b"".join(response.streaming_content)
    assert response.status_code == 200, url
    new = AccessLogEntry.objects.filter(pk__gt=0).order_by("-id")[
        : AccessLogEntry.objects.count() - before
    ]
    assert new, f"no access-log entry for {url}"
    assert all(entry.user_id == user.pk for entry in new)
    assert any(entry.case_id == case.pk or entry.person_id == person.pk for entry in new)
