"""Conversations of VT's involvement and who is covered (R-OND-3, R-MON-3 build on this)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.involvement.conftest import in_phase, members
from zicht.cases.models import Case, TimelineEvent
from zicht.cases.services import case_transition
from zicht.cases.workflow import Phase
from zicht.core.errors import AlreadyExists, Conflict, NotPermitted
from zicht.involvement import selectors, services
from zicht.involvement.models import ContactHow, ContactSkip, Conversation, Service
from zicht.involvement.services import ContactInput


def record(user, case, *contacts, **overrides):
    arguments = {
        "user": user,
        "case": case,
        "held_on": timezone.localdate(),
        "summary": "Kennismaking; moeder erkent de zorgen en wil werken aan veiligheid.",
        "contacts": list(contacts),
    }
    return services.conversation_record(**(arguments | overrides))


def test_a_conversation_records_whom_vt_spoke_and_saw(case, case_worker):
    m = members(case)
    conversation = record(
        case_worker,
        case,
        ContactInput(member_id=m["Anna"].pk),
        ContactInput(member_id=m["Sem"].pk, how=ContactHow.SEEN),
        ContactInput(name="Oma Jansen", relation="grootmoeder"),
    )
    assert conversation.service == Service.CONDITIONS
    assert conversation.contacts.count() == 3
    coverage = {
        c.member.person.first_names: c
        for c in selectors.contact_coverage(case=case, service=Service.CONDITIONS)
    }
    assert coverage["Anna"].status == selectors.Coverage.SPOKEN
    assert coverage["Sem"].status == selectors.Coverage.SEEN
    assert coverage["Daan"].status == selectors.Coverage.NONE
    assert coverage["Sem"].contacts == ((conversation.held_on, ContactHow.SEEN),)
    assert [
        x.person.first_names
        for x in selectors.members_missing(case=case, service=Service.CONDITIONS)
    ] == ["Daan"]
    assert TimelineEvent.objects.filter(case=case, kind="conversation_recorded").exists()


def test_a_member_spoken_later_counts_as_spoken(case, case_worker):
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=10))
    case.refresh_from_db()
    m = members(case)
    record(
        case_worker,
        case,
        ContactInput(member_id=m["Daan"].pk, how=ContactHow.SEEN),
        held_on=timezone.localdate() - timedelta(days=3),
    )
    record(case_worker, case, ContactInput(member_id=m["Daan"].pk))
    daan = next(
        c
        for c in selectors.contact_coverage(case=case, service=Service.CONDITIONS)
        if c.member == m["Daan"]
    )
    assert daan.status == selectors.Coverage.SPOKEN
    assert [how for _, how in daan.contacts] == [ContactHow.SEEN, ContactHow.SPOKEN]


def test_coverage_is_per_service(case_worker):
    case = in_phase(case_worker, Phase.INVESTIGATION)
    m = members(case)
    record(case_worker, case, ContactInput(member_id=m["Anna"].pk))
    assert Conversation.objects.get().service == Service.INVESTIGATION
    statuses = {c.status for c in selectors.contact_coverage(case=case, service=Service.CONDITIONS)}
    assert statuses == {selectors.Coverage.NONE}


def test_a_recorded_reason_takes_a_member_off_the_missing_list(case, case_worker):
    m = members(case)
    record(case_worker, case, ContactInput(member_id=m["Anna"].pk))
    skip = services.contact_skip_record(
        user=case_worker, case=case, member_id=m["Sem"].pk, reason="Sem logeert bij oma in Zeeland."
    )
    assert skip.service == Service.CONDITIONS
    missing = selectors.members_missing(case=case, service=Service.CONDITIONS)
    assert [x.person.first_names for x in missing] == ["Daan"]
    sem = next(
        c
        for c in selectors.contact_coverage(case=case, service=Service.CONDITIONS)
        if c.member == m["Sem"]
    )
    assert sem.skip == skip and sem.status == selectors.Coverage.NONE and not sem.missing


def test_a_reason_needs_a_text_and_is_recorded_once(case, case_worker):
    m = members(case)
    with pytest.raises(ValidationError) as refused:
        services.contact_skip_record(user=case_worker, case=case, member_id=m["Sem"].pk, reason=" ")
    assert "reason" in refused.value.message_dict
    services.contact_skip_record(user=case_worker, case=case, member_id=m["Sem"].pk, reason="Ziek")
    with pytest.raises(AlreadyExists):
        services.contact_skip_record(
            user=case_worker, case=case, member_id=m["Sem"].pk, reason="Weer ziek"
        )
    assert ContactSkip.objects.count() == 1


@pytest.mark.parametrize(
    ("contacts", "overrides", "field"),
    [
        ([], {}, "contacts"),
        ([ContactInput(member_id=-1)], {}, "contacts[0].member"),
        ([ContactInput(name="Oma Jansen")], {}, "contacts[0].relation"),
        ([ContactInput(relation="buurvrouw")], {}, "contacts[0].name"),
        (
            [ContactInput(member_id=None, how="shouted", name="X", relation="Y")],
            {},
            "contacts[0].how",
        ),
        (None, {"summary": "  "}, "summary"),
        (None, {"held_on": None}, "held_on"),
        (None, {"held_on": timezone.localdate() + timedelta(days=2)}, "held_on"),
        (None, {"held_on": timezone.localdate() - timedelta(days=1)}, "held_on"),  # before opening
    ],
)
def test_a_conversation_with_bad_input_is_refused_whole(
    case, case_worker, contacts, overrides, field
):
    if contacts is None:
        contacts = [ContactInput(member_id=members(case)["Anna"].pk)]
    with pytest.raises(ValidationError) as refused:
        record(case_worker, case, *contacts, **overrides)
    assert field in refused.value.message_dict
    assert not Conversation.objects.exists()


def test_a_member_twice_in_one_conversation_is_refused(case, case_worker):
    anna = members(case)["Anna"].pk
    with pytest.raises(ValidationError) as refused:
        record(case_worker, case, ContactInput(member_id=anna), ContactInput(member_id=anna))
    assert "contacts[1].member" in refused.value.message_dict


def test_a_member_of_another_household_is_refused(case, case_worker):
    other = in_phase(case_worker, Phase.CONDITIONS)
    stranger = members(other)["Anna"].pk
    with pytest.raises(ValidationError) as refused:
        record(case_worker, case, ContactInput(member_id=stranger))
    assert "contacts[0].member" in refused.value.message_dict


def test_no_conversation_outside_an_involvement(case_worker):
    case = in_phase(case_worker, Phase.ASSESSMENT)
    with pytest.raises(Conflict):
        record(case_worker, case, ContactInput(member_id=members(case)["Anna"].pk))
    assert not Conversation.objects.exists()


def test_a_role_without_casework_records_nothing(case):
    front_office = UserFactory(role="front_office")
    with pytest.raises(NotPermitted):
        record(front_office, case, ContactInput(member_id=members(case)["Anna"].pk))


def test_a_later_investigation_of_the_same_case_starts_its_coverage_afresh(case_worker):
    """R-OND-3 (with R-MON-4): after monitoring, a new investigation speaks everyone again — the
    first investigation's conversations and reasons do not count, and a new reason can be
    recorded for the same member."""
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        case = in_phase(case_worker, Phase.INVESTIGATION)
        anna = members(case)["Anna"]
        record(case_worker, case, ContactInput(member_id=anna.pk))
        services.contact_skip_record(
            user=case_worker, case=case, member_id=members(case)["Sem"].pk, reason="Te jong."
        )
        assert len(selectors.members_missing(case=case, service=Service.INVESTIGATION)) == 1
    for target in (Phase.MONITORING, Phase.INVESTIGATION):
        case_transition(user=case_worker, case=case, target=target, expected_version=None)
    assert len(selectors.members_missing(case=case, service=Service.INVESTIGATION)) == 3
    services.contact_skip_record(
        user=case_worker, case=case, member_id=members(case)["Sem"].pk, reason="Ziek thuis."
    )
    assert len(selectors.members_missing(case=case, service=Service.INVESTIGATION)) == 2
