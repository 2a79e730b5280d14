"""Recording the contact with the reporter, informing the household and the reporter update."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import PartnerAgencyFactory, UserFactory
from tests.informing.helpers import (
    contact,
    household_persons,
    inform_household,
    register,
    update_reporter,
)
from tests.people.factories import bsn_from
from zicht.audit.models import AccessEvent, AccessLogEntry
from zicht.cases import services as case_services
from zicht.cases.models import Deadline, TimelineEvent
from zicht.cases.services import StaleVersion
from zicht.core.errors import NotPermitted
from zicht.informing.models import HouseholdInforming, ReporterContact, ReporterUpdate
from zicht.informing.selectors import informing_for_case
from zicht.letters.models import Letter, RecipientKind

pytestmark = pytest.mark.django_db


def test_reporter_contact_meets_the_deadline_and_goes_on_the_timeline(worker):
    """R-TRI-7: the contact with the reporter within 5 working days meets `reporter_contact`
    and records judgement, information shared, the reporter's options and agreements apart."""
    report = register(worker)
    recorded = contact(worker, report)

    deadline = Deadline.objects.get(case=report.case, kind="reporter_contact")
    assert deadline.met_at == recorded.contacted_at and deadline.met_by == worker
    assert timezone.localdate(deadline.met_at) <= deadline.due
    assert recorded.safety_judgement.startswith("Er zijn zorgen")
    assert recorded.information_shared.startswith("VT neemt contact op")
    assert recorded.reporter_options.startswith("Blijf Cas")
    assert recorded.agreements.startswith("VT belt")
    kinds = set(TimelineEvent.objects.filter(case=report.case).values_list("kind", flat=True))
    assert {"reporter_contacted", "deadline_met"} <= kinds
    assert AccessLogEntry.objects.filter(
        case_id=report.case_id, event=AccessEvent.CHANGE, detail="contact met de melder vastgelegd"
    ).exists()


@pytest.mark.parametrize(
    "text",
    [bsn_from(7), "BSN 123456782 van moeder", "bsn: 123.456.782"],
)
def test_bsn_in_information_shared_is_refused(worker, text):
    """R-PRIV-2: a reporter gets only what their own task needs, never a BSN: the text is
    refused, the field named, nothing saved and the deadline still open."""
    report = register(worker)
    with pytest.raises(ValidationError) as refused:
        contact(worker, report, information_shared=f"Gegevens: {text}")
    assert "BSN" in refused.value.message_dict["information_shared"][0]
    assert not ReporterContact.objects.exists()
    assert Deadline.objects.get(case=report.case, kind="reporter_contact").met_at is None


def test_missing_texts_and_bad_method_are_named_per_field(worker):
    report = register(worker)
    with pytest.raises(ValidationError) as refused:
        contact(worker, report, method="fax", safety_judgement=" ", agreements="")
    assert set(refused.value.message_dict) == {"method", "safety_judgement", "agreements"}


def test_contact_before_the_report_or_in_the_future_is_refused(worker):
    report = register(worker)
    with pytest.raises(ValidationError) as early:
        contact(worker, report, contacted_at=report.received_at - timedelta(hours=1))
    assert "vóór de ontvangst" in early.value.message_dict["contacted_at"][0]
    with pytest.raises(ValidationError) as future:
        contact(worker, report, contacted_at=timezone.now() + timedelta(days=1))
    assert "toekomst" in future.value.message_dict["contacted_at"][0]


def test_stale_version_is_refused(worker):
    report = register(worker)
    with pytest.raises(StaleVersion):
        contact(worker, report, expected_version=report.case.version - 1)
    assert not ReporterContact.objects.exists()


def test_contact_is_recorded_once_per_report_and_raises_the_case_version(worker):
    report = register(worker)
    before = report.case.version
    contact(worker, report)
    report.case.refresh_from_db()
    assert report.case.version == before + 1
    with pytest.raises(ValidationError) as twice:
        contact(worker, report)
    assert "al vastgelegd" in twice.value.message_dict["report"][0]


def test_a_role_without_assessment_right_may_not_record(worker):
    report = register(worker)
    front_office = UserFactory(role="front_office")
    with pytest.raises(NotPermitted, match="Uw rol mag de melder en het huishouden niet"):
        contact(front_office, report)


def test_confirmation_letter_to_the_reporter(worker):
    """R-TRI-7: the reporter can get the agreements in writing."""
    report = register(worker)
    recorded = contact(worker, report, send_letter=True)
    letter = recorded.letter
    assert letter.template_code == "reporter_contact_confirmation"
    assert letter.recipient_kind == RecipientKind.REPORTER
    assert letter.recipient_name == "Fenna Zwaluwstaart"
    assert "VT belt de leerkracht over twee weken terug." in letter.html


def test_household_informing_is_refused_before_the_reporter_contact(worker):
    """R-TRI-7: VT first contacts the reporter, then informs the household."""
    report = register(worker)
    with pytest.raises(ValidationError) as refused:
        inform_household(worker, report)
    assert "Neem eerst contact op met de melder" in refused.value.message_dict["report"][0]
    assert not HouseholdInforming.objects.exists() and not Letter.objects.exists()


def test_household_informed_by_letter_writes_to_each_adult(worker):
    """R-TRI-7: a short letter goes to the adult members of the household, not the child; one
    letter per address (16.3), to the adults who live there."""
    report = register(worker)
    contact(worker, report)
    informing = inform_household(worker, report)
    recipients = [letter.recipient_name for letter in informing.letters.all()]
    assert recipients == ["Anna Bakker en Bram Bakker"]
    letter = informing.letters.first()
    assert letter.recipient_kind == RecipientKind.HOUSEHOLD_MEMBER
    assert "Kerkstraat 12" in letter.html and "0800-2000" in letter.html
    assert TimelineEvent.objects.filter(case=report.case, kind="household_informed").exists()


def test_household_informed_in_person_makes_no_letter(worker):
    """R-TRI-7: personally when VT stays involved; no letter is made then."""
    report = register(worker)
    contact(worker, report)
    informing = inform_household(worker, report, means="in_person")
    assert informing.letters.count() == 0 and not Letter.objects.exists()


def test_household_letter_without_any_adult_address_is_refused(worker):
    report = register(worker)
    contact(worker, report)
    for member in report.case.household.members.select_related("person"):
        member.person.street = member.person.postcode = member.person.city = ""
        member.person.house_number = ""
        member.person.save()
    with pytest.raises(ValidationError) as refused:
        inform_household(worker, report)
    assert "adres" in refused.value.message_dict["means"][0]


def test_reporter_update_meets_the_reporter_update_deadline(worker):
    """R-TRI-8: when the case stays at VT, telling the reporter which partner took over meets
    the `reporter_update` deadline (10 weeks after the assessment)."""
    report = register(worker)
    contact(worker, report)
    case_services.deadline_start(
        case=report.case, kind="reporter_update", start=timezone.localdate(), actor=worker
    )
    partner = PartnerAgencyFactory(name="Sociaal wijkteam Alkmaar")
    update = update_reporter(worker, report, partners=[partner], send_letter=True)
    deadline = Deadline.objects.get(case=report.case, kind="reporter_update")
    assert deadline.met_at == update.informed_at
    assert list(update.partners.all()) == [partner]
    assert update.letter.template_code == "reporter_update"
    assert "Sociaal wijkteam Alkmaar" in update.letter.html


def test_reporter_update_without_the_deadline_is_refused(worker):
    """R-TRI-8: only a case that stays at VT has a reporter update; without the deadline (the
    assessment did not start it) there is nothing to report back."""
    report = register(worker)
    contact(worker, report)
    with pytest.raises(ValidationError) as refused:
        update_reporter(worker, report)
    assert "R-TRI-8" in refused.value.message_dict["report"][0]
    assert not ReporterUpdate.objects.exists()


def test_reporter_update_refuses_a_bsn_and_an_empty_handover(worker):
    """R-PRIV-2: the update to the reporter carries no BSN either."""
    report = register(worker)
    contact(worker, report)
    case_services.deadline_start(
        case=report.case, kind="reporter_update", start=timezone.localdate()
    )
    with pytest.raises(ValidationError) as refused:
        update_reporter(worker, report, handed_over_to=f"Wijkteam, dossier {bsn_from(3)}")
    assert "BSN" in refused.value.message_dict["handed_over_to"][0]
    with pytest.raises(ValidationError) as empty:
        update_reporter(worker, report, handed_over_to="  ")
    assert "handed_over_to" in empty.value.message_dict


def test_status_per_report_costs_the_same_queries_for_one_or_three_reports(
    worker, django_assert_max_num_queries
):
    """The panel and the API read a fixed number of queries, however many reports a case has."""
    involved = household_persons()
    first = register(worker, involved=involved)
    contact(worker, first)
    inform_household(worker, first)
    with django_assert_max_num_queries(9) as one:
        informing_for_case(case=first.case)
    for _ in range(2):  # follow-up reports about the same persons join the case (R-REP-5)
        later = register(worker, involved=involved)
        contact(worker, later)
        inform_household(worker, later)
    with django_assert_max_num_queries(len(one.captured_queries)):
        result = informing_for_case(case=first.case)
    assert len(result.reports) == 3
    assert all(item.household.letters.all() for item in result.reports)
