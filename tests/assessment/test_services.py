"""The safety assessment's rules, held by zicht.assessment.services."""

import re
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from tests.assessment.conftest import REPORTER, content, report_case, submitted
from tests.factories import UserFactory
from tests.people.factories import PersonFactory
from zicht.accounts.policy import Role
from zicht.assessment import selectors, services
from zicht.assessment.models import Assessment, ConfirmerRole, Status
from zicht.assessment.services import AssessmentStale
from zicht.cases import services as case_services
from zicht.cases.models import Deadline, HolderType, TimelineEvent
from zicht.cases.services import StaleVersion
from zicht.cases.workflow import Phase
from zicht.letters.models import Letter, RecipientKind
from zicht.letters.services import letter_render_pdf
from zicht.reports.disclosure import ANONYMOUS_REPORTER

pytestmark = pytest.mark.django_db

STAY = [
    "stay_direct_intervention",
    "stay_short_term_agreements",
    "stay_information_insufficient",
    "stay_anonymity_promised",
    "stay_rvdk_investigation",
]


def confirm(user, assessment):
    assessment.refresh_from_db()
    return services.assessment_confirm(
        user=user,
        assessment=assessment,
        expected_version=assessment.version,
        case_version=assessment.case.version,
    )


def refused(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def pdf_text(letter: Letter) -> str:
    # The PDF task runs after commit; tests run inside one transaction, so make it here.
    letter = letter_render_pdf(letter_id=letter.pk)
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_draft_saves_half_filled_and_checks_its_own_version(author, case):
    draft = services.assessment_save(
        user=author, case=case, content=content(outcome="", rationale=""), expected_version=None
    )
    assert draft.status == Status.DRAFT and draft.author == author and draft.version == 1
    draft = services.assessment_save(
        user=author, case=case, content=content(), expected_version=1, assessment=draft
    )
    assert draft.version == 2
    with pytest.raises(AssessmentStale):
        services.assessment_save(
            user=author, case=case, content=content(), expected_version=1, assessment=draft
        )
    assert TimelineEvent.objects.filter(case=case, kind="assessment_saved").count() == 2


def test_tri2_three_sources_each_recorded(author, case):
    """R-TRI-2: earlier reports here, other VT organisations and the RvdK are each required."""
    errors = refused(
        lambda: submitted(
            author,
            case,
            own_history_summary="",
            other_vt_asked_on=None,
            other_vt_question="",
            other_vt_findings="",
            rvdk_request="",
            rvdk_answer="",
        )
    )
    for field in (
        "own_history_summary",
        "other_vt_asked_on",
        "other_vt_question",
        "other_vt_findings",
        "rvdk_request",
        "rvdk_answer",
    ):
        assert field in errors
    assert not Assessment.objects.filter(case=case).exists()  # nothing half-saved


def test_tri2_earlier_reports_are_listed_automatically(author):
    """R-TRI-2: reports at this VT about the same persons in other cases are listed."""
    mother = PersonFactory(first_names="Karin", last_name="de Wit")
    earlier_case = report_case(author, persons=[mother])
    case_services.case_transition(
        user=author, case=earlier_case, target=Phase.CLOSED, expected_version=None
    )
    case = report_case(author, persons=[mother, PersonFactory()])
    assert case != earlier_case
    found = selectors.earlier_reports(case=case, user=author)
    assert [item.case_number for item in found] == [earlier_case.number]
    assert found[0].visible
    assert selectors.earlier_reports(case=earlier_case, user=author)[0].case_number == case.number


def test_tri3_screenings_need_answers_and_grounds(author, case):
    """R-TRI-3: A, B and C are answered yes/no, each with its grounds."""
    errors = refused(
        lambda: submitted(author, case, screening_a=None, screening_b_grounds="", screening_c=None)
    )
    assert "screening_a" in errors and "screening_b_grounds" in errors
    assert "screening_c" in errors


def test_tri3_c_may_be_skipped_when_b_is_positive(author, case):
    """R-TRI-3: C may stay open when B is positive."""
    assessment = submitted(
        author,
        case,
        screening_b=True,
        screening_c=None,
        screening_c_grounds="",
        outcome="conditions",
    )
    assert assessment.status == Status.SUBMITTED


def test_tri3_crisis_starts_same_day_deadline_and_recording_action_meets_it(author, case):
    """R-TRI-3: crisis intervention starts the same-day deadline; the recorded action meets it."""
    draft = services.assessment_save(
        user=author, case=case, content=content(crisis_needed=True), expected_version=None
    )
    deadline = Deadline.objects.get(case=case, kind="crisis_action")
    assert deadline.due == deadline.started_on and deadline.met_at is None
    errors = refused(
        lambda: services.assessment_submit(
            user=author, assessment=draft, expected_version=draft.version
        )
    )
    assert "crisis_action" in errors
    draft = services.assessment_save(
        user=author,
        case=case,
        content=content(
            crisis_needed=True, crisis_action="police", crisis_description="Politie ging langs."
        ),
        expected_version=draft.version,
        assessment=draft,
    )
    deadline.refresh_from_db()
    assert deadline.met_at is not None and draft.crisis_recorded_at is not None
    assert TimelineEvent.objects.filter(case=case, kind="crisis_action").exists()


def test_tri3_crisis_action_needs_description(author, case):
    """R-TRI-3: a crisis action is recorded with what was done."""
    errors = refused(
        lambda: services.assessment_save(
            user=author,
            case=case,
            content=content(crisis_needed=True, crisis_action="police"),
            expected_version=None,
        )
    )
    assert "crisis_description" in errors


def test_tri4_author_cannot_confirm_own_assessment(author, case):
    """R-TRI-4: nobody confirms their own assessment."""
    assessment = submitted(author, case)
    with pytest.raises(PermissionDenied, match="eigen veiligheidsbeoordeling"):
        confirm(author, assessment)


def test_tri4_front_office_cannot_confirm(author, case, front_office):
    """R-TRI-4: confirming needs the right of a colleague, behavioural scientist or doctor."""
    assessment = submitted(author, case)
    with pytest.raises(PermissionDenied, match="bevestigen"):
        confirm(front_office, assessment)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.CASE_WORKER, ConfirmerRole.COLLEAGUE),
        (Role.BEHAVIOURAL_SCIENTIST, ConfirmerRole.BEHAVIOURAL_SCIENTIST),
        (Role.CONFIDENTIAL_DOCTOR, ConfirmerRole.CONFIDENTIAL_DOCTOR),
    ],
)
def test_tri4_second_person_confirms_and_is_recorded_with_role(author, case, team, role, expected):
    """R-TRI-4: who confirmed, when, and in which role."""
    second = UserFactory(role=role)
    team.members.add(second)
    assessment = confirm(second, submitted(author, case, outcome="close"))
    assert assessment.status == Status.CONFIRMED
    assert assessment.confirmed_by == second and assessment.confirmed_at is not None
    assert assessment.confirmer_role == expected


def test_return_sends_back_to_author_with_comment(author, case, scientist):
    assessment = submitted(author, case)
    returned = services.assessment_return(
        user=scientist,
        assessment=assessment,
        expected_version=assessment.version,
        comment="Vraag de Raad nog eens.",
    )
    assert returned.status == Status.DRAFT and returned.return_comment == "Vraag de Raad nog eens."
    again = services.assessment_submit(
        user=author, assessment=returned, expected_version=returned.version
    )
    assert again.status == Status.SUBMITTED


def test_tri1_confirmation_meets_the_assessment_deadline(author, case, scientist):
    """R-TRI-1: the assessment deadline is met when the second person confirms."""
    deadline = Deadline.objects.get(case=case, kind="assessment")
    confirm(scientist, submitted(author, case, outcome="close"))
    deadline.refresh_from_db()
    assert deadline.met_at is not None and deadline.met_by == scientist


def test_confirm_with_stale_case_version_changes_nothing(author, case, scientist):
    assessment = submitted(author, case, outcome="close")
    with pytest.raises(StaleVersion):
        services.assessment_confirm(
            user=scientist,
            assessment=assessment,
            expected_version=assessment.version,
            case_version=case.version - 1,
        )
    assessment.refresh_from_db()
    case.refresh_from_db()
    assert assessment.status == Status.SUBMITTED and case.phase == Phase.ASSESSMENT


def test_tri5_close_closes_with_household_responsible_and_a_letter(author, case, scientist):
    """R-TRI-5 (1): closed, responsibility to the household, a letter with the 24/7 number."""
    confirm(scientist, submitted(author, case, outcome="close"))
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED
    assert case_services.current_period(case).holder_type == HolderType.HOUSEHOLD
    letter = Letter.objects.get(case=case)
    assert letter.template_code == "assessment_closed_household"
    assert letter.recipient_name == "Karin de Wit"
    assert "Lindelaan 4" in letter.recipient_address
    text = pdf_text(letter)
    assert "geen zorgen gevonden" in text and "0800-2000" in text


def test_tri5_ho2_handover_to_household_letters_to_household_and_reporter(author, case, scientist):
    """R-TRI-5 (2), R-HO-2: closed to the household; both letters name findings, agreements,
    the help agency and advise reporting again."""
    confirm(scientist, submitted(author, case, outcome="household"))
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED
    assert case_services.current_period(case).holder_type == HolderType.HOUSEHOLD
    household = Letter.objects.get(case=case, recipient_kind=RecipientKind.HOUSEHOLD_MEMBER)
    reporter = Letter.objects.get(case=case, recipient_kind=RecipientKind.REPORTER)
    assert reporter.recipient_name == REPORTER.name
    assert "Basisschool De Regenboog" in reporter.recipient_address
    for letter in (household, reporter):
        text = pdf_text(letter)
        assert "Eenmalige ruzie met geschreeuw" in text
        assert "gaat vader een uur wandelen" in text
        assert "Wijkteam Centrum" in text
        assert "0800-2000" in text
    assert "Meester Jan Pieterse" in pdf_text(household)


def test_ho2_household_letter_does_not_name_an_anonymous_reporter(author, scientist):
    """R-HO-2, R-REP-2: the household letter never names an anonymous reporter."""
    case = report_case(author, anonymous=True)
    assessment = services.assessment_save(
        user=author, case=case, content=content(outcome="conditions"), expected_version=None
    )
    assert assessment.stay_anonymity_promised  # forced: the report is anonymous
    # Outcome 2 itself is refused while anonymity is promised (R-TRI-6), see below.
    services.assessment_submit(
        user=author, assessment=assessment, expected_version=assessment.version
    )
    confirm(scientist, assessment)
    letters = Letter.objects.filter(case=case)
    assert not letters.exists()  # outcome 4 writes no letter
    from zicht.assessment.notify import outcome_letters

    assessment.refresh_from_db()
    assessment.outcome = "household"  # the letter code path itself, with an anonymous report
    outcome_letters(user=scientist, assessment=assessment)
    household = Letter.objects.get(case=case, recipient_kind=RecipientKind.HOUSEHOLD_MEMBER)
    text = pdf_text(household)
    assert "Pieterse" not in text and "Regenboog" not in text
    assert ANONYMOUS_REPORTER in text


def test_tri5_partner_handover_moves_case_to_handover_vt_still_responsible(author, case, scientist):
    """R-TRI-5 (3): the case goes to the handover phase; VT holds responsibility until accepted."""
    confirm(scientist, submitted(author, case, outcome="partner"))
    case.refresh_from_db()
    assert case.phase == Phase.HANDOVER
    assert case_services.current_period(case).holder_type == HolderType.VT
    assert not Letter.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("outcome", "phase", "kind"),
    [
        ("conditions", Phase.CONDITIONS, "conditions_done"),
        ("investigation", Phase.INVESTIGATION, "investigation_done"),
    ],
)
def test_tri5_conditions_and_investigation_start_their_deadlines(
    author, case, scientist, outcome, phase, kind
):
    """R-TRI-5 (4, 5), R-TRI-8: phase, 10-week deadline and the reporter update."""
    confirm(scientist, submitted(author, case, outcome=outcome))
    case.refresh_from_db()
    assert case.phase == phase
    assert case_services.current_period(case).holder_type == HolderType.VT
    for started in (kind, "reporter_update"):
        deadline = Deadline.objects.get(case=case, kind=started)
        assert (deadline.due - deadline.started_on).days == 70


@pytest.mark.parametrize("condition", STAY)
@pytest.mark.parametrize("outcome", ["household", "partner"])
def test_tri6_stay_responsible_refuses_handing_away(author, case, condition, outcome):
    """R-TRI-6: outcome 2 or 3 is refused while a stay-responsible condition is recorded."""
    errors = refused(lambda: submitted(author, case, outcome=outcome, **{condition: True}))
    assert "R-TRI-6" in errors["outcome"][0]
    assert "Veilig Thuis blijft verantwoordelijk" in errors["outcome"][0]
    assert not Assessment.objects.filter(case=case).exists()


def test_tri6_anonymous_report_forces_anonymity_and_refuses_handover(author, scientist):
    """R-TRI-6: an anonymous reporter means VT stays responsible, even if the box is unticked."""
    case = report_case(author, anonymous=True)
    errors = refused(
        lambda: submitted(author, case, outcome="household", stay_anonymity_promised=False)
    )
    assert "anonimiteit" in errors["outcome"][0]


def test_ho2_handover_to_household_needs_findings_agreements_and_agency(author, case):
    """R-HO-2: the household letter content is required for outcome 2."""
    errors = refused(
        lambda: submitted(author, case, findings="", safety_agreements="", help_agency="")
    )
    assert {"findings", "safety_agreements", "help_agency"} <= set(errors)


def test_tri5_outcome_and_rationale_required(author, case):
    """R-TRI-5: a decision with its rationale."""
    errors = refused(lambda: submitted(author, case, outcome="", rationale=""))
    assert "outcome" in errors and "rationale" in errors


def test_reassessment_after_a_new_report(author, case, scientist):
    """A later report brings the case back to assessment: a new assessment may start."""
    confirm(scientist, submitted(author, case, outcome="partner"))
    case.refresh_from_db()
    report_case(author, persons=[m.person for m in case.household.members.all()])
    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT
    second = submitted(author, case, outcome="close")
    assert Assessment.objects.filter(case=case).count() == 2
    assert selectors.assessment_current(case=case) == second


def test_demo_seed_adds_a_draft_and_a_confirmed_assessment(author, scientist, team):
    from tests.cases.factories import open_case
    from zicht.demo.assessment import seed

    first, second = open_case(user=author, team=team), open_case(user=author, team=team)
    assert seed({"medewerker": author, "gedragswetenschapper": scientist}) == 2
    statuses = {a.case_id: a.status for a in Assessment.objects.all()}
    assert statuses == {first.pk: Status.DRAFT, second.pk: Status.CONFIRMED}
    assert seed({"medewerker": author, "gedragswetenschapper": scientist}) == 0
