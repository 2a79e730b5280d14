"""Handover services: sending (R-HO-3, R-HO-4), the partner's answers (R-HO-5), hand-back
(R-HO-6), disputes (R-HO-7) and the responsibility ledger throughout (R-HO-1, R-ZOV-1)."""

import hashlib
import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from tests.factories import UserFactory
from tests.handover.conftest import FACTS, OPINION, pdf_text, send, token_of
from zicht.accounts.policy import Role
from zicht.cases import services as case_services
from zicht.cases.models import Deadline, HolderType, ResponsibilityPeriod, TimelineEvent
from zicht.cases.services import current_period
from zicht.cases.workflow import Phase
from zicht.core.errors import AlreadyExists, NotPermitted
from zicht.handover import disputes, services
from zicht.handover.models import (
    Dispute,
    Handover,
    HandoverStatus,
    HandoverToken,
    ResolutionHolder,
    StepOutcome,
)
from zicht.handover.services import Decision, TokenRefused
from zicht.letters.models import Letter, RecipientKind
from zicht.reports.models import PartnerSystemAccount

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def answer(link, decision, **kwargs):
    return services.handover_answer_by_link(
        token=token_of(link), decision=decision, link_base="http://testserver/overdracht/", **kwargs
    )


def holder(case):
    return current_period(case)


def open_periods(case):
    return ResponsibilityPeriod.objects.filter(case=case, ended_at__isnull=True).count()


# --- sending ------------------------------------------------------------------------------------


def test_vt_stays_responsible_after_sending_and_the_partner_only_at_acceptance(
    case_worker, case, partner
):
    """R-HO-1: responsibility passes when the partner accepts, not when VT sends."""
    with time_machine.travel(datetime(2027, 3, 1, 10, 0, tzinfo=AMS), tick=False):
        handover, link = send(case_worker, case, partner)
    assert holder(case).holder_type == HolderType.VT
    assert handover.status == HandoverStatus.SENT

    accepted_at = datetime(2027, 3, 2, 9, 30, tzinfo=AMS)
    with time_machine.travel(accepted_at, tick=False):
        answer(link, Decision.ACCEPT, name="Sanne Smit, wijkcoach")
    period = holder(case)
    assert period.holder_type == HolderType.PARTNER
    assert period.partner == partner
    assert period.started_at == accepted_at
    assert open_periods(case) == 1


def test_sending_queues_a_letter_whose_pdf_keeps_facts_and_opinions_apart(
    case_worker, case, partner, django_capture_on_commit_callbacks
):
    """R-HO-3: a cold handover queues a letter to the partner; R-HO-4: the PDF gives the facts,
    then the opinions, marked as opinions, with whose and on which facts."""
    with django_capture_on_commit_callbacks(execute=True):
        handover, link = send(case_worker, case, partner)
    letter = Letter.objects.get(pk=handover.letter_id)
    assert letter.template_code == "handover_to_partner"
    assert letter.recipient_kind == RecipientKind.PARTNER
    text = pdf_text(letter)
    facts_at = text.index("Feiten")
    opinions_at = text.index("Meningen (dit zijn geen feiten)")
    assert facts_at < text.index("blauwe plekken op de arm") < opinions_at
    assert text.index("Mening van J. de Boer, gedragswetenschapper Veilig Thuis") > opinions_at
    assert "Gebaseerd op deze feiten: De blauwe plekken en twee politiemeldingen" in text
    assert "spanning thuis toeneemt" not in text[:opinions_at]
    assert token_of(link) not in letter.html  # issue 17 item 7: the link is not kept
    assert TimelineEvent.objects.filter(case=case, kind="handover_sent").exists()


def test_a_handover_without_facts_is_refused_and_nothing_is_saved(case_worker, case, partner):
    """R-HO-4: VT hands over facts; without any the handover is refused, field named."""
    with pytest.raises(ValidationError) as refused:
        send(case_worker, case, partner, facts="   ")
    assert "zonder feiten" in refused.value.message_dict["facts"][0]
    assert not Handover.objects.exists()
    assert not Letter.objects.exists()
    assert not Deadline.objects.filter(case=case, kind__startswith="partner").exists()


@pytest.mark.parametrize(
    ("missing", "field"), [("holder", "opinions[0].holder"), ("based_on", "opinions[0].based_on")]
)
def test_an_opinion_without_its_source_is_refused_with_the_field_named(
    case_worker, case, partner, missing, field
):
    """R-HO-4: an opinion says whose it is and on which facts it rests."""
    opinion = services.Opinion(**{**OPINION.__dict__, missing: ""})
    with pytest.raises(ValidationError) as refused:
        send(case_worker, case, partner, opinions=[opinion])
    assert "zonder bron" in refused.value.message_dict[field][0]
    assert not Handover.objects.exists()


def test_opinions_are_stored_apart_from_the_facts(case_worker, case, partner):
    """R-HO-4: facts in one field, each opinion a row with whose and which facts."""
    handover, _ = send(case_worker, case, partner)
    assert handover.facts == FACTS
    opinion = handover.opinions.get()
    assert (opinion.holder, opinion.based_on) == (OPINION.holder, OPINION.based_on)


def test_sending_starts_the_partner_deadlines(case_worker, case, partner):
    """R-HO-5: receipt within 2 working days, start within 2 weeks (Thu 25 Mar 2027: Good Friday
    and Easter Monday do not count)."""
    with time_machine.travel(datetime(2027, 3, 25, 11, 0, tzinfo=AMS), tick=False):
        send(case_worker, case, partner)
    due = dict(Deadline.objects.filter(case=case).values_list("kind", "due"))
    assert due["partner_receipt"] == date(2027, 3, 31)
    assert due["partner_start"] == date(2027, 4, 8)


def test_a_case_not_in_handover_cannot_be_handed_over(case_worker, case, partner):
    case_services.case_transition(
        user=case_worker, case=case, target=Phase.ASSESSMENT, expected_version=None
    )
    case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        send(case_worker, case, partner)
    assert "fase Overdracht" in refused.value.message_dict["case"][0]


def test_a_stale_version_is_refused(case_worker, case, partner):
    with pytest.raises(case_services.StaleVersion):
        send(case_worker, case, partner, expected_version=case.version - 1)
    assert not Handover.objects.exists()


# --- the partner's answers ----------------------------------------------------------------------


def test_the_token_is_stored_hashed_never_in_plaintext(case_worker, case, partner):
    """R-HO-5: the confirmation link is kept as its SHA-256 only."""
    handover, link = send(case_worker, case, partner)
    token = token_of(link)
    row = HandoverToken.objects.get(handover=handover)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(HandoverToken.objects.values()))
    assert token not in str(list(Handover.objects.values()))


def test_the_token_works_once_and_a_second_use_changes_nothing(case_worker, case, partner):
    """R-HO-5: a link used twice is refused clearly; nothing changes."""
    _, link = send(case_worker, case, partner)
    answer(link, Decision.WAITING_LIST, name="Sanne")
    before = (TimelineEvent.objects.count(), Letter.objects.count(), holder(case).pk)
    with pytest.raises(TokenRefused, match="al gebruikt"):
        answer(link, Decision.ACCEPT)
    assert (TimelineEvent.objects.count(), Letter.objects.count(), holder(case).pk) == before
    assert holder(case).holder_type == HolderType.VT


def test_an_expired_token_is_refused_and_changes_nothing(case_worker, case, partner):
    """R-HO-5: a link older than 14 days is refused; VT stays responsible."""
    with time_machine.travel(datetime(2027, 5, 3, 9, 0, tzinfo=AMS), tick=False):
        handover, link = send(case_worker, case, partner)
    later = datetime(2027, 5, 17, 9, 1, tzinfo=AMS)
    with time_machine.travel(later, tick=False), pytest.raises(TokenRefused, match="verlopen"):
        answer(link, Decision.ACCEPT)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.SENT
    assert holder(case).holder_type == HolderType.VT


def test_an_unknown_token_is_refused(db):
    with pytest.raises(services.TokenUnknown) as refused:
        services.token_check("niet-bestaand")
    assert refused.value.status == 404


def test_waiting_list_keeps_vt_responsible_and_informs_the_municipality(case_worker, case, partner):
    """R-HO-5: receipt met, VT stays responsible (waiting list), a letter to the municipality."""
    handover, link = send(case_worker, case, partner)
    result = answer(link, Decision.WAITING_LIST, name="Sanne Smit")
    assert result.next_link and result.next_link != link
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.WAITING_LIST
    assert holder(case).holder_type == HolderType.VT
    deadlines = {d.kind: d for d in Deadline.objects.filter(case=case)}
    assert deadlines["partner_receipt"].met_at is not None
    assert deadlines["partner_start"].met_at is None
    letter = Letter.objects.get(template_code="municipality_waiting_list")
    assert letter.recipient_kind == RecipientKind.MUNICIPALITY
    assert "Alkmaar" in letter.recipient_name
    assert "Wijkteam Alkmaar-Noord" in letter.html
    # No names of the persons involved (the worker's Faker name may be a Jansen too).
    for member in case.household.members.select_related("person"):
        assert escape(member.person.full_name) not in letter.html
    assert TimelineEvent.objects.filter(case=case, kind="municipality_informed").exists()

    answer(result.next_link, Decision.ACCEPT)
    assert holder(case).holder_type == HolderType.PARTNER
    assert Deadline.objects.get(case=case, kind="partner_start").met_at is not None


def test_waiting_list_without_municipality_says_so_on_the_timeline(case_worker, case, partner):
    """R-HO-5: no municipality known: no letter, but the worker is told to inform it."""
    type(case).objects.filter(pk=case.pk).update(municipality=None)
    case.refresh_from_db()
    _, link = send(case_worker, case, partner)
    answer(link, Decision.WAITING_LIST)
    assert not Letter.objects.filter(template_code="municipality_waiting_list").exists()
    assert TimelineEvent.objects.filter(case=case, kind="municipality_not_informed").exists()


def test_partner_system_may_answer_only_its_own_handovers(case_worker, case, partner, team):
    """R-HO-5 through the API account: only for handovers to that account's partner."""
    handover, _ = send(case_worker, case, partner)
    other = PartnerSystemAccount.objects.create(
        user=UserFactory(role=Role.PARTNER_SYSTEM),
        partner=type(partner).objects.create(name="Ander wijkteam", type=partner.type),
        default_team=team,
    )
    with pytest.raises(NotPermitted, match="niet aan uw organisatie gericht"):
        services.handover_answer_by_system(
            user=other.user, handover=handover, decision=Decision.ACCEPT, link_base="http://x/"
        )
    own = PartnerSystemAccount.objects.create(
        user=UserFactory(role=Role.PARTNER_SYSTEM), partner=partner, default_team=team
    )
    services.handover_answer_by_system(
        user=own.user, handover=handover, decision=Decision.ACCEPT, link_base="http://x/"
    )
    assert holder(case).partner == partner


# --- hand-back ----------------------------------------------------------------------------------


def test_partner_hands_back_through_the_link_and_vt_is_responsible_again(
    case_worker, case, partner
):
    """R-HO-6: the partner hands the case back; it returns to VT (assessment), VT responsible."""
    _, link = send(case_worker, case, partner)
    accepted = answer(link, Decision.ACCEPT)
    answer(accepted.next_link, Decision.HAND_BACK, reason="Gezin weigert elke hulp.")
    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT
    assert holder(case).holder_type == HolderType.VT
    assert holder(case).team == case.team
    assert TimelineEvent.objects.filter(case=case, kind="handover_handed_back").exists()
    assert not Deadline.objects.filter(case=case, met_at__isnull=True, kind__startswith="partner")


def test_hand_back_needs_a_reason(case_worker, case, partner):
    """R-HO-6: a hand-back names its reason."""
    _, link = send(case_worker, case, partner)
    with pytest.raises(ValidationError) as refused:
        answer(link, Decision.HAND_BACK, reason="")
    assert "reason" in refused.value.message_dict


def test_household_hand_back_recorded_by_worker_reopens_a_closed_case(case_worker, case, partner):
    """R-HO-6: the household hands back after the case was closed: reopened, VT responsible."""
    _, link = send(case_worker, case, partner)
    answer(link, Decision.ACCEPT)
    case.refresh_from_db()
    case_services.case_transition(
        user=case_worker, case=case, target=Phase.CLOSED, expected_version=case.version
    )
    case.refresh_from_db()
    handover = Handover.objects.get(case=case)
    services.handover_hand_back(
        user=case_worker,
        handover=handover,
        by="household",
        reason="Moeder belt: het wijkteam komt niet meer.",
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT
    assert holder(case).holder_type == HolderType.VT
    assert open_periods(case) == 1


def test_confirming_after_hand_back_is_refused(case_worker, case, partner, team):
    """R-HO-6: a handover already handed back cannot be confirmed any more."""
    handover, link = send(case_worker, case, partner)
    case.refresh_from_db()
    services.handover_hand_back(
        user=case_worker,
        handover=handover,
        by="household",
        reason="Gezin wil geen wijkteam.",
        expected_version=case.version,
    )
    with pytest.raises(TokenRefused):  # the link stopped working at the hand-back
        answer(link, Decision.ACCEPT)
    account = PartnerSystemAccount.objects.create(
        user=UserFactory(role=Role.PARTNER_SYSTEM), partner=partner, default_team=team
    )
    with pytest.raises(AlreadyExists, match="al teruggelegd"):
        services.handover_answer_by_system(
            user=account.user, handover=handover, decision=Decision.ACCEPT, link_base="http://x/"
        )
    assert holder(case).holder_type == HolderType.VT


# --- disputes -----------------------------------------------------------------------------------


@pytest.fixture
def accepted(case_worker, case, partner):
    handover, link = send(case_worker, case, partner)
    answer(link, Decision.ACCEPT)
    case.refresh_from_db()
    return Handover.objects.get(pk=handover.pk)


def _step(user, dispute, level, outcome=StepOutcome.NOT_RESOLVED):
    dispute.case.refresh_from_db()
    return disputes.dispute_step_record(
        user=user,
        dispute=dispute,
        level=level,
        held_on=timezone.localdate(),
        participants="K. Visser (VT), S. Smit (wijkteam)",
        outcome=outcome,
        expected_version=dispute.case.version,
    )


def test_a_dispute_makes_vt_responsible_at_once(case_worker, case, accepted):
    """R-HO-7: while a case is in dispute VT is temporarily responsible."""
    assert holder(case).holder_type == HolderType.PARTNER
    disputes.dispute_open(
        user=case_worker, handover=accepted, reason="Geen contact", expected_version=case.version
    )
    period = holder(case)
    assert period.holder_type == HolderType.VT
    assert (period.team, period.worker) == (case.team, case.worker)
    assert TimelineEvent.objects.filter(case=case, kind="dispute_opened").exists()


def test_escalation_steps_follow_in_order(case_worker, case, accepted):
    """R-HO-7: (1) professionals, (2) team leaders, (3) municipality, (4) regional steering group;
    a step only follows the previous unresolved one."""
    dispute = disputes.dispute_open(
        user=case_worker, handover=accepted, reason="Geen start", expected_version=case.version
    )
    with pytest.raises(ValidationError) as refused:
        _step(case_worker, dispute, 2)
    assert "1. Gesprek tussen de professionals" in refused.value.message_dict["level"][0]
    for level in (1, 2, 3, 4):
        _step(case_worker, dispute, level)
    with pytest.raises(ValidationError) as refused:
        _step(case_worker, dispute, 5)
    assert "level" in refused.value.message_dict
    assert TimelineEvent.objects.filter(case=case, kind="dispute_step").count() == 4


def test_no_step_after_a_resolved_one(case_worker, case, accepted):
    """R-HO-7: a resolved step ends the ladder; the dispute is then resolved."""
    dispute = disputes.dispute_open(
        user=case_worker, handover=accepted, reason="Geen start", expected_version=case.version
    )
    _step(case_worker, dispute, 1, StepOutcome.RESOLVED)
    with pytest.raises(ValidationError, match="rond het geschil af"):
        _step(case_worker, dispute, 2)


@pytest.mark.parametrize(
    ("resolution", "expected"),
    [(ResolutionHolder.PARTNER, HolderType.PARTNER), (ResolutionHolder.VT, HolderType.VT)],
)
def test_resolving_records_who_holds_responsibility(
    case_worker, case, accepted, resolution, expected
):
    """R-HO-7: the resolution says who is responsible afterwards: the partner again, or VT."""
    dispute = disputes.dispute_open(
        user=case_worker, handover=accepted, reason="Geen start", expected_version=case.version
    )
    _step(case_worker, dispute, 1, StepOutcome.RESOLVED)
    case.refresh_from_db()
    disputes.dispute_resolve(
        user=case_worker, dispute=dispute, holder=resolution, expected_version=case.version
    )
    assert holder(case).holder_type == expected
    assert Dispute.objects.get().resolution == resolution
    assert TimelineEvent.objects.filter(case=case, kind="dispute_resolved").exists()


def test_a_dispute_only_about_an_accepted_handover(case_worker, case, partner):
    """R-HO-7: escalation is about a handed-over case."""
    handover, _ = send(case_worker, case, partner)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        disputes.dispute_open(
            user=case_worker, handover=handover, reason="x", expected_version=case.version
        )
    assert "handover" in refused.value.message_dict


# --- the ledger throughout ----------------------------------------------------------------------


@pytest.mark.parametrize("resolution", [ResolutionHolder.PARTNER, ResolutionHolder.VT])
def test_exactly_one_open_period_through_the_whole_flow(case_worker, case, partner, resolution):
    """R-ZOV-1, R-HO-1, R-HO-5, R-HO-7: send → waiting list → confirm → dispute → resolve; at
    every step exactly one open period, periods contiguous, the holder as the rules say."""
    expected_holders = []
    start = datetime(2027, 4, 1, 9, 0, tzinfo=AMS)
    steps = []

    def check(expected):
        case.refresh_from_db()
        assert open_periods(case) == 1
        periods = list(ResponsibilityPeriod.objects.filter(case=case).order_by("started_at", "id"))
        for earlier, later in itertools.pairwise(periods):
            assert earlier.ended_at == later.started_at
        assert holder(case).holder_type == expected
        expected_holders.append(expected)

    with time_machine.travel(start, tick=False) as clock:
        handover, link = send(case_worker, case, partner)
        check(HolderType.VT)
        clock.shift(timedelta(hours=5))
        waiting = answer(link, Decision.WAITING_LIST)
        check(HolderType.VT)
        clock.shift(timedelta(days=3))
        answer(waiting.next_link, Decision.ACCEPT)
        check(HolderType.PARTNER)
        clock.shift(timedelta(days=10))
        case.refresh_from_db()
        dispute = disputes.dispute_open(
            user=case_worker, handover=handover, reason="Geen start", expected_version=case.version
        )
        check(HolderType.VT)
        clock.shift(timedelta(days=1))
        steps.append(_step(case_worker, dispute, 1))
        check(HolderType.VT)
        clock.shift(timedelta(days=1))
        case.refresh_from_db()
        disputes.dispute_resolve(
            user=case_worker, dispute=dispute, holder=resolution, expected_version=case.version
        )
        check(HolderType.PARTNER if resolution == ResolutionHolder.PARTNER else HolderType.VT)
    assert len(expected_holders) == 6


def test_a_partners_answer_is_recorded_as_the_partners(case_worker, case, partner):
    """R-HO-5, R-ZOV-1 (issue 16.10): the partner's acceptance runs under the sending worker's
    account (only staff may change a case), but the ledger, the timeline and the change history
    name the partner as the one who decided, on the case page too, not the worker."""
    from tests.conftest import verified_client

    _, link = send(case_worker, case, partner)
    answer(link, Decision.ACCEPT, name="Sanne Vos")
    party = "Wijkteam Alkmaar-Noord (Sanne Vos), via de bevestigingslink"

    period = holder(case)
    assert period.holder_type == HolderType.PARTNER
    assert period.on_behalf_of == party
    events = TimelineEvent.objects.filter(
        case=case, kind__in=["responsibility", "deadline_met", "handover_accepted"]
    )
    assert events.count() >= 3
    assert all(event.data.get("on_behalf_of") == party for event in events)

    body = verified_client(case_worker).get(f"/dossiers/{case.number}").content.decode()
    assert f"vastgelegd namens {escape(party)}" in body
    assert f"(namens {escape(party)})" in body
    assert f"Gewijzigd door {escape(party)}" in body  # the change history
