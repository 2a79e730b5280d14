"""Demo data: a draft assessment on one demo case and a confirmed one on another, made through
the services so the timeline, deadlines and access log look as in real use.

Called from the demo command after `seed_demo_cases()`: `zicht.demo.assessment.seed(staff)`.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.assessment import services
from zicht.assessment.models import Assessment
from zicht.assessment.services import AssessmentContent
from zicht.audit.models import Channel
from zicht.cases.workflow import Phase
from zicht.demo.reference import demo_cases

INFORMATION = {
    "own_history_summary": "Eén eerdere melding, twee jaar geleden afgesloten na overdracht.",
    "other_vt_question": "Zijn de ouders bekend bij andere Veilig Thuis-organisaties?",
    "other_vt_findings": "Niet bekend.",
    "rvdk_request": "Is het gezin bekend bij de Raad voor de Kinderbescherming?",
    "rvdk_answer": "Niet bekend bij de Raad.",
}


def _content(**values: object) -> AssessmentContent:
    asked = timezone.localdate() - timedelta(days=1)
    return AssessmentContent.of(
        {**INFORMATION, "other_vt_asked_on": asked, "rvdk_asked_on": asked, **values}
    )


@transaction.atomic
def seed(staff: dict[str, User]) -> int:
    """Adds a draft and a confirmed assessment to demo cases still without one; returns how many.

    `staff` maps demo account names (medewerker, gedragswetenschapper, …) to users."""
    author, confirmer = staff["medewerker"], staff["gedragswetenschapper"]
    open_cases = list(
        demo_cases()
        .filter(phase=Phase.ASSESSMENT, team__members=author, assessments__isnull=True)
        .order_by("number")[:2]
    )
    if Assessment.objects.filter(author=author).exists() or not open_cases:
        return 0
    draft_case = open_cases[0]
    services.assessment_save(
        user=author,
        case=draft_case,
        content=_content(screening_a=False, screening_a_grounds="Kinderen nu veilig bij oma."),
        expected_version=None,
        channel=Channel.SYSTEM,
    )
    if len(open_cases) < 2:
        return 1
    confirmed_case = open_cases[1]
    proposal = services.assessment_save_and_submit(
        user=author,
        case=confirmed_case,
        content=_content(
            screening_a=False,
            screening_a_grounds="Geen acuut gevaar.",
            screening_b=True,
            screening_b_grounds="Herhaald partnergeweld waar de kinderen bij zijn.",
            stay_short_term_agreements=True,
            outcome="conditions",
            rationale="Ouders erkennen de zorgen en willen aan veiligheid werken.",
        ),
        expected_version=None,
        channel=Channel.SYSTEM,
    )
    confirmed_case.refresh_from_db()
    services.assessment_confirm(
        user=confirmer,
        assessment=proposal,
        expected_version=proposal.version,
        case_version=confirmed_case.version,
        channel=Channel.SYSTEM,
    )
    return 2
