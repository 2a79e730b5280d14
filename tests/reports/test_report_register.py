"""Registering a report and its effects on the case."""

import itertools
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from tests.cases.factories import open_case
from tests.concurrency import held_open, needs_postgresql
from tests.factories import MunicipalityFactory, PartnerAgencyFactory, TeamFactory, UserFactory
from tests.people.factories import PersonFactory
from zicht.calendar.workdays import add_working_days
from zicht.cases import services as case_services
from zicht.cases.models import Case, HolderType
from zicht.cases.workflow import Phase
from zicht.people.models import HouseholdRole
from zicht.reports.models import CallerKind, Contact, Involvement, Report
from zicht.reports.services import Involved, Reporter, report_register

pytestmark = pytest.mark.django_db

POLICE = Reporter(
    name="Agent De Boer",
    kind=CallerKind.PROFESSIONAL,
    phone="0612345678",
    organisation="Politie Noord-Holland",
    sector="police_justice",
    profession="wijkagent",
)


@pytest.fixture
def worker():
    user = UserFactory()
    TeamFactory(name="Team Intake").members.add(user)
    return user


def _register(worker, persons, **overrides):
    values = {
        "user": worker,
        "channel": "phone",
        "received_at": timezone.now(),
        "reporter": POLICE,
        "involved": [Involved(p, HouseholdRole.CHILD) for p in persons],
        "concerns": "Buren horen 's nachts geschreeuw; kinderen huilen.",
        "violence_types": ["psychological", "child_witness"],
        "team": worker.teams.first(),
    }
    return report_register(**{**values, **overrides})


def test_report_opens_a_case_with_vt_responsible_and_deadlines(worker):
    """R-REP-3, R-REP-7, R-TRI-1, R-TRI-7: a report opens a case in assessment, VT is responsible
    from receipt, and the assessment and reporter-contact deadlines run 5 working days."""
    received = timezone.now()
    report = _register(worker, [PersonFactory(), PersonFactory()], received_at=received)
    case = report.case
    assert case.phase == Phase.ASSESSMENT
    period = case_services.current_period(case)
    assert period.holder_type == HolderType.VT and period.started_at == received
    due = add_working_days(timezone.localdate(received), 5)
    assert dict(case.deadlines.values_list("kind", "due")) == {
        "assessment": due,
        "reporter_contact": due,
    }
    assert report.involvement == Involvement.FIRST
    assert case.household.members.count() == 2


def test_report_records_persons_roles_violence_and_agreements(worker):
    """R-REP-4: persons with roles, violence types, whether the reporter keeps helping, and the
    agreements made with the reporter are recorded."""
    victim, suspect = PersonFactory(), PersonFactory()
    report = _register(
        worker,
        [],
        involved=[
            Involved(victim, HouseholdRole.VICTIM),
            Involved(suspect, HouseholdRole.ALLEGED_PERPETRATOR),
        ],
        keeps_helping=True,
        asks_vt_take_over=False,
        agreements="Melder belt morgen terug; VT neemt contact op met het gezin.",
        violence_types=["physical", "physical", "financial"],
    )
    assert dict(report.persons.values_list("person_id", "role")) == {
        victim.pk: "victim",
        suspect.pk: "alleged_perpetrator",
    }
    assert report.violence_types == ["financial", "physical"]
    assert report.keeps_helping and not report.asks_vt_take_over
    assert "belt morgen terug" in report.agreements


def test_reporter_without_contact_details_is_refused_and_nothing_saved(worker):
    """R-REP-2: a reporter makes themselves known; without contact details nothing is saved and
    the message offers to register the contact as advice."""
    with pytest.raises(ValidationError) as error:
        _register(
            worker, [PersonFactory()], reporter=Reporter(name="Anoniem", kind=CallerKind.CITIZEN)
        )
    assert "als advies" in error.value.message_dict["reporter_phone"][0]
    assert not Case.objects.exists() and not Contact.objects.exists()


def test_anonymity_needs_a_reason(worker):
    """R-REP-2: anonymous towards the household is recorded with its reason."""
    with pytest.raises(ValidationError) as error:
        _register(worker, [PersonFactory()], anonymous_to_household=True)
    assert "anonymity_reason" in error.value.message_dict
    report = _register(
        worker, [PersonFactory()], anonymous_to_household=True, anonymity_reason="Buurvrouw is bang"
    )
    assert report.anonymous_to_household
    assert report.case.timeline.filter(summary__contains="anonieme melder").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"violence_types": []}, "violence_types"),
        ({"violence_types": ["bogus"]}, "violence_types"),
        ({"concerns": "  "}, "concerns"),
        ({"channel": "pigeon"}, "channel"),
        ({"involved": []}, "persons"),
        ({"reporter": Reporter(name="Juf", kind=CallerKind.PROFESSIONAL, phone="06")}, "sector"),
        ({"received_at": timezone.now() + timedelta(days=1)}, "received_at"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(worker, overrides, field):
    """R-REP-1: a report is taken in only when complete; the refusal names the field."""
    with pytest.raises(ValidationError) as error:
        _register(worker, [PersonFactory()], **overrides)
    assert field in error.value.message_dict
    assert not Report.objects.exists()


def test_birth_after_the_report_date_is_refused(worker):
    """R-REP-6: a date of birth after the report date is refused."""
    with pytest.raises(ValidationError) as error:
        _register(worker, [PersonFactory(birth_year=2030, birth_month=1, birth_day=1)])
    assert "persons" in error.value.message_dict


def test_report_about_open_case_joins_it(worker):
    """R-REP-5: a new report about a household with an open case joins that case."""
    child = PersonFactory()
    first = _register(worker, [child])
    sibling = PersonFactory()
    second = _register(worker, [child, sibling])
    assert second.case == first.case
    assert second.involvement == Involvement.FOLLOW_UP
    assert first.case.household.members.count() == 2
    assert Case.objects.count() == 1


def test_report_after_closed_case_opens_new_linked_case(worker):
    """R-REP-5: earlier closed cases are linked as history; the report counts as a repeat report."""
    child = PersonFactory()
    first = _register(worker, [child])
    case_services.case_transition(
        user=worker, case=first.case, target=Phase.CLOSED, expected_version=None
    )
    second = _register(worker, [child])
    assert second.case != first.case
    assert second.involvement == Involvement.REPEAT
    assert list(second.case.earlier_cases.all()) == [first.case]


def test_new_report_during_handover_brings_responsibility_back_to_vt(worker):
    """R-REP-3: a report during a handover makes VT responsible again, in assessment."""
    team = worker.teams.first()
    case = open_case(user=worker, team=team, phase=Phase.HANDOVER)
    case_services.responsibility_transfer(
        user=worker,
        case=case,
        holder_type=HolderType.PARTNER,
        partner=PartnerAgencyFactory(),
        reason="Geaccepteerd",
    )
    person = case.household.members.first().person
    report = _register(worker, [person])
    report.case.refresh_from_db()
    assert report.case == case and report.case.phase == Phase.ASSESSMENT
    assert case_services.current_period(case).holder_type == HolderType.VT


def test_the_case_takes_the_municipality_where_the_persons_live(worker):
    """R-REP-5, R-HO-5: a report without a chosen municipality gets the one where its persons
    live, on the household and the case, so a handover offers that municipality's partners."""
    alkmaar, bergen = MunicipalityFactory(name="Alkmaar"), MunicipalityFactory(name="Bergen")
    unknown = PersonFactory(municipality=None)
    report = _register(worker, [unknown, PersonFactory(municipality=alkmaar)])
    assert report.case.municipality == alkmaar
    assert report.case.household.municipality == alkmaar
    chosen = _register(
        worker, [PersonFactory(municipality=alkmaar)], municipality=bergen
    )  # the worker's choice wins
    assert chosen.case.municipality == bergen


def test_a_merged_person_is_refused_before_anything_is_saved(worker):
    """R-REP-5: a registration merged into another is named, and the caller may go on."""
    kept = PersonFactory()
    merged = PersonFactory(merged_into=kept)
    with pytest.raises(ValidationError) as error:
        _register(worker, [merged])
    assert f"samengevoegd met persoon {kept.pk}" in error.value.message_dict["persons"][0]
    # Refused before the first write: this transaction is still usable and holds nothing new.
    assert not Case.objects.exists() and not Contact.objects.exists()


def test_a_report_writes_its_access_log_in_one_run_of_one_chain(worker):
    """R-PRIV-3: every step of a report is logged (persons joined, household, case, report),
    together at the end of the registration, as one run of one hash chain that verifies."""
    from zicht.audit.models import AccessLogEntry
    from zicht.audit.verify import verify_chain

    persons = [PersonFactory(), PersonFactory()]
    report = _register(worker, persons)
    entries = list(AccessLogEntry.objects.filter(case_id=report.case_id).order_by("id"))
    household = list(AccessLogEntry.objects.filter(resource__startswith="/huishoudens/"))
    assert {e.person_id for e in entries} >= {p.pk for p in persons}
    assert len(household) == 3  # created, then each person added
    run = sorted(entries + household, key=lambda e: e.pk)
    assert len({e.chain for e in run}) == 1
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(run))
    assert verify_chain().intact


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_reports_about_one_person_at_once_share_one_case(worker):
    """R-REP-5: two reports about the same person, registered at the same moment (a police
    report and a phone call), end in one open case. Without a lock each would find no open
    case and open its own: two workers, each unaware of the other, for one family."""
    child = PersonFactory()
    second_done = threading.Event()
    reports: dict[str, Report] = {}
    errors: list[BaseException] = []

    def second() -> None:
        try:
            reports["second"] = _register(worker, [child])
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            second_done.set()
            connections.close_all()

    with held_open(lambda: _register(worker, [child])) as first:
        reports["first"] = first.value
        thread = threading.Thread(target=second)
        thread.start()
        # The second waits for the first to commit (it may not decide on a case before then).
        assert not second_done.wait(timeout=1)
        first.commit()
        thread.join(timeout=30)

    assert not errors
    assert reports["second"].case_id == reports["first"].case_id
    assert reports["second"].involvement == Involvement.FOLLOW_UP
    assert Case.objects.filter(household__members__person=child).count() == 1
