"""In phase Onderzoek the shared involvement section does not count coverage itself: the
investigation's own section does, with the age rule (R-OND-3)."""

import pytest

from tests.conftest import verified_client
from tests.involvement.conftest import in_phase, members
from tests.involvement.test_conversations import record
from zicht.cases.workflow import Phase
from zicht.involvement.models import ContactHow
from zicht.involvement.services import ContactInput

pytestmark = pytest.mark.django_db


def test_the_shared_section_points_to_the_investigation_s_count(case_worker):
    """R-OND-3: in an investigation "only seen" is enough only for a child surely under 6; the
    shared section, which counts anyone seen, defers to the investigation's own section."""
    case = in_phase(case_worker, Phase.INVESTIGATION)
    record(case_worker, case, ContactInput(member_id=members(case)["Sem"].pk, how=ContactHow.SEEN))
    body = verified_client(case_worker).get(f"/dossiers/{case.number}").content.decode()
    assert 'Wie nog ontbreekt staat bij <a href="#onderzoek">het onderzoek</a>' in body
    assert "leden van het huishouden gesproken of gezien" not in body


def test_in_conditions_the_shared_section_counts(case_worker):
    case = in_phase(case_worker, Phase.CONDITIONS)
    body = verified_client(case_worker).get(f"/dossiers/{case.number}").content.decode()
    assert "leden van het huishouden gesproken of gezien" in body
