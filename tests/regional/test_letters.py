"""The house-ban letters (R-HB-1): to the banned person and the protected adults about VT's role;
the banned person's letter never carries the protected persons' address."""

from datetime import timedelta

import pytest

from tests.letters.test_letters import pdf_text
from tests.regional.helpers import HOME, deliver, police_account
from zicht.assessment.models import Assessment
from zicht.assessment.notify import household_addressees as notify_addressees
from zicht.cases.models import TimelineEvent
from zicht.informing.services import household_addressees
from zicht.letters.models import Letter
from zicht.letters.services import letter_render_pdf
from zicht.people.models import HouseholdRole
from zicht.regional.ban_letters import PERPETRATOR_TEMPLATE, PROTECTED_TEMPLATE

pytestmark = pytest.mark.django_db


def _letters(ban, template):
    return list(Letter.objects.filter(case=ban.case, template_code=template))


def test_letters_to_the_banned_person_and_the_protected_adult():
    """R-HB-1: one letter to the banned person at the stay address, one to each protected adult
    at home; children get none. The PDF reads back VT's role."""
    ban = deliver(police_account())
    (to_perpetrator,) = _letters(ban, PERPETRATOR_TEMPLATE)
    (to_victim,) = _letters(ban, PROTECTED_TEMPLATE)
    assert to_perpetrator.recipient_name == "Piet Smit"
    assert to_perpetrator.address_lines == ["Pension De Haven", "Havenkade 3", "9999 ZZ Elders"]
    assert to_victim.recipient_name == "Anna Smit"
    assert to_victim.address_lines == ["Lindelaan 12", "1234 AB Testdorp"]
    text = pdf_text(letter_render_pdf(letter_id=to_perpetrator.pk))
    assert "tijdelijk huisverbod" in text and "HV-2026-0042" in text
    assert "Veilig Thuis heeft de regie" in text
    victim_text = pdf_text(letter_render_pdf(letter_id=to_victim.pk))
    assert "Bel dan 112" in victim_text and "Piet Smit" in victim_text


def test_the_banned_persons_letter_never_shows_the_home_address():
    """R-HB-1: nothing in the letter to the banned person gives the home away."""
    ban = deliver(police_account())
    (letter,) = _letters(ban, PERPETRATOR_TEMPLATE)
    text = pdf_text(letter_render_pdf(letter_id=letter.pk))
    for part in (HOME["street"], HOME["postcode"], "1234AB"):
        assert part not in letter.html and part not in text
        assert part not in letter.recipient_address


def test_no_stay_address_means_no_letter_to_the_home():
    """R-HB-1: without a stay address the banned person would be written to at the home they
    are banned from, which shows where the protected persons live: no letter, the timeline
    says why."""
    ban = deliver(police_account(), stay_address="")
    assert ban.perpetrator.street == HOME["street"]  # registered at the household's address
    assert _letters(ban, PERPETRATOR_TEMPLATE) == []
    assert all(
        HOME["street"] not in letter.recipient_address
        for letter in Letter.objects.filter(recipient_name="Piet Smit")
    )
    assert TimelineEvent.objects.filter(case=ban.case, kind="house_ban_no_letter").exists()
    assert len(_letters(ban, PROTECTED_TEMPLATE)) == 1


def test_a_stay_address_at_the_home_is_no_stay_address():
    ban = deliver(police_account(), stay_address="Lindelaan 12\n1234AB Testdorp")
    assert _letters(ban, PERPETRATOR_TEMPLATE) == []


def _household_letter_addresses(case) -> dict[str, str]:
    """Both ways the household is written to: informing's (informing, conditions, investigation,
    monitoring, the warm handover) and the assessment outcome's, which writes to parents/carers
    and victims only — so the banned father is made a parent/carer here."""
    case.household.members.filter(person__last_name="Smit", person__first_names="Piet").update(
        role=HouseholdRole.PARENT_CARER
    )
    by_informing = household_addressees(case)
    by_assessment = {
        address: names
        for names, address in notify_addressees(Assessment(case=case))  # an unsaved one will do
    }
    assert by_informing == by_assessment
    return by_informing


def test_household_letters_reach_the_banned_person_only_where_he_stays():
    """R-HB-1: while the ban runs, every letter to the household goes to the banned person at his
    stay address, never to the home he was removed from; no home letter carries his name."""
    ban = deliver(police_account())
    addressees = _household_letter_addresses(ban.case)
    assert addressees == {
        "Pension De Haven\nHavenkade 3\n9999 ZZ Elders": "Piet Smit",
        "Lindelaan 12\n1234 AB Testdorp": "Anna Smit",
    }


def test_household_letters_skip_the_banned_person_without_a_stay_address():
    """R-HB-1: no stay address known: no household letter goes to the banned person at all."""
    ban = deliver(police_account(), stay_address="")
    assert _household_letter_addresses(ban.case) == {"Lindelaan 12\n1234 AB Testdorp": "Anna Smit"}


def test_after_the_ban_the_household_letters_go_home_again():
    """R-HB-1: once the end of the ban is recorded, the banned person's own address counts again."""
    ban = deliver(police_account())
    ban.ended_at = ban.starts_at + timedelta(days=10)
    ban.save(update_fields=["ended_at"])
    assert _household_letter_addresses(ban.case) == {
        "Lindelaan 12\n1234 AB Testdorp": "Piet Smit en Anna Smit"
    }
