"""The case's municipality set or corrected on the case page (issue 16.2): with the case version,
a timeline event, and a municipality outside the region allowed and named so."""

import pytest

from tests.cases.factories import open_case
from tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from zicht.cases import services
from zicht.cases.models import Case, TimelineEvent
from zicht.core.errors import NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(case_worker):
    return open_case(user=case_worker, team=TeamFactory(name="Team Noord"))


def _post(client, case, municipality, version):
    return client.post(
        f"/dossiers/{case.number}/gemeente",
        {"gemeente-version": version, "gemeente-municipality": municipality.pk},
    )


def test_the_case_page_sets_the_municipality_with_a_timeline_event(worker_client, case):
    """16.2: the worker sets the municipality of a case that had none; the timeline says so."""
    alkmaar = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    page = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert 'name="gemeente-municipality"' in page and "Gemeente opslaan" in page
    response = _post(worker_client, case, alkmaar, case.version)
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.municipality == alkmaar
    event = TimelineEvent.objects.get(case=case, kind="municipality_set")
    assert event.summary == "Gemeente vastgelegd: Alkmaar"


def test_a_municipality_outside_the_region_is_allowed_and_named(worker_client, case):
    """16.2: a household living outside the region: the municipality is named so."""
    utrecht = MunicipalityFactory(name="Utrecht", cbs_code="GM0344", in_region=False)
    assert _post(worker_client, case, utrecht, case.version).status_code == 302
    page = worker_client.get(f"/dossiers/{case.number}").content.decode()
    assert "<dd>Utrecht (buiten de regio)</dd>" in page


def test_a_stale_correction_is_refused_and_overwrites_nothing(worker_client, case, case_worker):
    """16.2: two workers correcting the municipality at once: the second, on the old version,
    gets 409 with the choice kept, and the first one's municipality stays."""
    alkmaar = MunicipalityFactory(name="Alkmaar", cbs_code="GM0361")
    hoorn = MunicipalityFactory(name="Hoorn", cbs_code="GM0405")
    opened = case.version
    services.case_set_municipality(
        user=case_worker, case=case, expected_version=opened, municipality=alkmaar
    )
    response = _post(worker_client, case, hoorn, opened)
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert f'<option value="{hoorn.pk}" selected>' in body
    case = Case.objects.get(pk=case.pk)
    assert case.municipality == alkmaar
    services.case_set_municipality(
        user=case_worker, case=case, expected_version=case.version, municipality=hoorn
    )
    event = TimelineEvent.objects.filter(case=case, kind="municipality_set").latest("pk")
    assert event.summary == "Gemeente gewijzigd van Alkmaar in Hoorn"


def test_only_intake_roles_set_the_municipality(case):
    with pytest.raises(NotPermitted):
        services.case_set_municipality(
            user=UserFactory(policy_control=True),
            case=case,
            expected_version=None,
            municipality=MunicipalityFactory(),
        )
