"""Conditions & follow-up (R-VV-1..3) ending in the warm handover (R-HO-3 warm, R-HO-1)."""

import inspect
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from tests.conditions.conftest import CONDITION, acknowledge, meeting, members, plan, warm
from zicht.cases.models import Deadline, HolderType, ResponsibilityPeriod
from zicht.cases.workflow import Phase
from zicht.conditions import services
from zicht.conditions.models import Acknowledgement
from zicht.handover import services as handover
from zicht.handover.models import Handover, HandoverKind
from zicht.handover.services import Decision
from zicht.involvement.services import PlanStale
from zicht.letters.models import Letter, RecipientKind


def pdf_text(letter) -> str:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_assessment_outcome_starts_conditions_with_its_ten_weeks(case):
    """R-VV-3 / R-TRI-5: the case is in conditions & follow-up and its deadline runs."""
    assert case.phase == Phase.CONDITIONS
    assert Deadline.objects.get(case=case, kind="conditions_done").met_at is None


def test_the_acknowledgement_needs_no_confirmation_of_abuse(case, author):
    """R-VV-1: conditions & follow-up is for a household that acknowledges the concerns and
    wants to work on safety; whether domestic violence or child abuse happened need not be
    confirmed or refuted. The service asks nothing of the kind, and the whole service — up to
    the warm handover — runs without any confirmation recorded anywhere."""
    parameters = set(inspect.signature(services.acknowledgement_record).parameters)
    assert not {p for p in parameters if "confirm" in p or "refut" in p}
    acknowledgement = acknowledge(author, case)
    assert acknowledgement.concerns_acknowledged and acknowledgement.wants_to_work_on_safety
    assert not any("confirm" in f.name for f in Acknowledgement._meta.get_fields())


def test_a_household_that_does_not_acknowledge_is_refused(case, author):
    """R-VV-1: without acknowledgement and the will to work on safety this is not the service."""
    with pytest.raises(ValidationError) as refused:
        services.acknowledgement_record(
            user=author,
            case=case,
            acknowledged_on=timezone.localdate(),
            member_ids=[members(case)["Karin"]],
            concerns_acknowledged=False,
            wants_to_work_on_safety=False,
        )
    assert {"concerns_acknowledged", "wants_to_work_on_safety"} <= set(refused.value.message_dict)
    assert not Acknowledgement.objects.exists()


def test_a_warm_handover_without_the_acknowledgement_is_refused(case, author, partner):
    """R-VV-1: conditions & follow-up rests on the acknowledgement; no warm handover without."""
    plan(author, case)
    with pytest.raises(ValidationError) as refused:
        warm(author, case, partner)
    assert "acknowledgement" in refused.value.message_dict
    assert not Handover.objects.exists()


def test_the_warm_handover_hands_over_the_conditions_and_writes_to_both(
    case, author, partner, django_capture_on_commit_callbacks
):
    """R-HO-3 warm, R-VV-3: a handover meeting, a written rationale, the plan version with the
    conditions and the monitoring agreements; the agreements go in writing (PDF) to the partner
    and to the household; the 10 weeks are met and the case moves to "handover" while VT stays
    responsible (R-HO-1)."""
    acknowledge(author, case)
    version = plan(author, case)
    with django_capture_on_commit_callbacks(execute=True):
        sent, _link = warm(author, case, partner)
    sent.refresh_from_db()
    assert sent.form == HandoverKind.WARM and sent.plan_version == version
    assert sent.meeting_on == timezone.localdate() and sent.client_present
    case.refresh_from_db()
    assert case.phase == Phase.HANDOVER
    assert Deadline.objects.get(case=case, kind="conditions_done").lapsed_reason == ""
    assert Deadline.objects.get(case=case, kind="conditions_done").met_at is not None
    assert ResponsibilityPeriod.objects.get(case=case, ended_at__isnull=True).holder_type == (
        HolderType.VT
    )
    partner_text = pdf_text(sent.letter)
    assert CONDITION in partner_text and "versie 1" in partner_text
    assert "Het wijkteam kan de voorwaarden dichtbij volgen" in partner_text
    assert "na 3 en na 12 maanden" in partner_text
    household = list(sent.household_letters.all())
    assert [x.recipient_kind for x in household] == [RecipientKind.HOUSEHOLD_MEMBER]
    household_text = pdf_text(household[0])
    assert CONDITION in household_text and "Wijkteam Testdorp" in household_text
    assert "na 3 en na 12 maanden" in household_text


def test_the_partner_confirms_then_responsibility_passes_and_monitoring_starts(
    case, author, partner
):
    """R-HO-1, R-MON-1: the exact confirm path of the cold handover; after VT's own involvement
    the case goes on to monitoring with the agreements recorded on the handover."""
    acknowledge(author, case)
    plan(author, case)
    _sent, link = warm(author, case, partner)
    handover.handover_answer_by_link(
        token=link.rsplit("/", 1)[1],
        decision=Decision.ACCEPT,
        name="P. Peters",
        link_base="http://testserver/overdracht/",
    )
    case.refresh_from_db()
    assert case.phase == Phase.MONITORING
    ledger = list(ResponsibilityPeriod.objects.filter(case=case).order_by("started_at", "id"))
    assert [p.holder_type for p in ledger][-2:] == [HolderType.VT, HolderType.PARTNER]
    assert ledger[-1].partner == partner
    assert Handover.objects.get().monitoring_agreements.startswith("Veilig Thuis belt")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": None}, "meeting_on"),
        ({"attendees": " "}, "meeting_attendees"),
        ({"partner_professional": ""}, "partner_professional"),
        ({"rationale": ""}, "rationale"),
        ({"monitoring_agreements": ""}, "monitoring_agreements"),
    ],
)
def test_a_warm_handover_without_a_meeting_is_refused_and_nothing_is_saved(
    case, author, partner, overrides, field
):
    """R-HO-3 warm: no warm handover without the meeting, its rationale and agreements."""
    acknowledge(author, case)
    plan(author, case)
    with pytest.raises(ValidationError) as refused:
        warm(author, case, partner, warm=meeting(**overrides))
    assert field in refused.value.message_dict
    case.refresh_from_db()
    assert case.phase == Phase.CONDITIONS
    assert not Handover.objects.exists()
    assert not Letter.objects.filter(template_code__startswith="warm_").exists()
    assert Deadline.objects.get(case=case, kind="conditions_done").met_at is None


def test_a_warm_handover_without_conditions_is_refused(case, author, partner):
    """R-HO-3 warm, R-VV-3: the conditions are what is handed over; without a plan, nothing."""
    acknowledge(author, case)
    with pytest.raises(ValidationError) as refused:
        warm(author, case, partner)
    assert "plan" in refused.value.message_dict
    assert not Handover.objects.exists()


def test_a_warm_handover_over_a_newer_plan_version_is_refused(case, author, partner):
    """The plan handed over is the one the worker saw: a colleague's newer version refuses it."""
    acknowledge(author, case)
    plan(author, case)
    with pytest.raises(PlanStale):
        warm(author, case, partner, warm=meeting(plan_number=7))
    assert not Handover.objects.exists()


def test_a_cold_handover_form_cannot_end_an_involvement(case, author, partner):
    """R-HO-3: after VT's own involvement the handover is warm; the cold form is refused."""
    acknowledge(author, case)
    plan(author, case)
    with pytest.raises(ValidationError) as refused:
        warm(author, case, partner, warm=None)
    assert "case" in refused.value.message_dict
