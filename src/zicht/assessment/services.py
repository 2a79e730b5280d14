"""Every write to a safety assessment (DOMAIN §4.3): the draft, submitting the proposed decision,
sending it back, and the confirmation by a second person that applies the outcome to the case.

The assessment form has its own version (`AssessmentStale`); the confirmation also checks the
case's version (`cases.services.StaleVersion`), because it moves the case to another phase.
"""

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from zicht.accounts.models import User
from zicht.accounts.policy import Action, Role, require
from zicht.assessment import notify
from zicht.assessment.models import (
    Assessment,
    ConfirmerRole,
    CrisisAction,
    Outcome,
    Status,
)
from zicht.assessment.register_source import fill_from_register
from zicht.assessment.selectors import case_has_anonymous_report
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases import services as case_services
from zicht.cases.models import Case
from zicht.cases.services import case_lock
from zicht.cases.workflow import Phase
from zicht.core.errors import (
    AlreadyExists,
    Conflict,
    NotFound,
    NotPermitted,
    StaleVersion,
    VersionRequired,
)


class AssessmentStale(StaleVersion):
    """The assessment changed since the user read it (409, with its current version)."""

    title = "Beoordeling intussen gewijzigd"

    def __init__(self, assessment: Assessment, message: str = "") -> None:
        super().__init__(
            message
            or "De veiligheidsbeoordeling is intussen door iemand anders gewijzigd (nu versie "
            f"{assessment.version}). Er is niets opgeslagen; bekijk de nieuwe stand en probeer "
            "het opnieuw."
        )
        self.assessment = assessment

    def problem_extra(self) -> dict[str, Any]:
        return {"current_version": self.assessment.version}


class AssessmentStartedMeanwhile(AssessmentStale):
    """A new assessment was to be started, but a colleague started one since the form was read
    (issue 20.2): 409 naming who and when, so the page can show what was typed again."""

    title = "Intussen begonnen door een ander"

    def __init__(self, assessment: Assessment) -> None:
        done = (
            "een concept opgeslagen"
            if assessment.status == Status.DRAFT
            else "de beoordeling ter bevestiging aangeboden"
        )
        when = date_format(timezone.localtime(assessment.updated_at), "DATETIME_FORMAT")
        super().__init__(
            assessment,
            f"{assessment.author.full_name} heeft intussen {done} op {when} (versie "
            f"{assessment.version}). Er is niets van u opgeslagen; uw tekst staat hieronder nog, "
            "zodat u die kunt overnemen of met uw collega kunt afstemmen.",
        )


@dataclass(frozen=True)
class AssessmentContent:
    """What the author fills in; every field of the form and of the API's PUT."""

    own_history_summary: str = ""
    other_vt_asked_on: date | None = None
    other_vt_question: str = ""
    other_vt_findings: str = ""
    rvdk_asked_on: date | None = None
    rvdk_request: str = ""
    rvdk_answer: str = ""
    screening_a: bool | None = None
    screening_a_grounds: str = ""
    screening_b: bool | None = None
    screening_b_grounds: str = ""
    screening_c: bool | None = None
    screening_c_grounds: str = ""
    crisis_needed: bool = False
    crisis_action: str = ""
    crisis_description: str = ""
    stay_direct_intervention: bool = False
    stay_short_term_agreements: bool = False
    stay_information_insufficient: bool = False
    stay_anonymity_promised: bool = False
    stay_rvdk_investigation: bool = False
    outcome: str = ""
    rationale: str = ""
    findings: str = ""
    safety_agreements: str = ""
    help_agency: str = ""

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def of(cls, values: dict[str, Any]) -> "AssessmentContent":
        """From a form's or serializer's cleaned data; unknown keys are ignored."""
        return cls(**{name: values[name] for name in cls.names() if name in values})


# Outcomes 2 and 3 hand responsibility away from VT, which R-TRI-6 refuses in some situations.
HANDING_AWAY = (Outcome.HOUSEHOLD, Outcome.PARTNER)

OUTCOME_PHASE = {
    Outcome.CLOSE: Phase.CLOSED,
    Outcome.HOUSEHOLD: Phase.CLOSED,
    Outcome.PARTNER: Phase.HANDOVER,
    Outcome.CONDITIONS: Phase.CONDITIONS,
    Outcome.INVESTIGATION: Phase.INVESTIGATION,
}
OUTCOME_DEADLINES = {
    Outcome.CONDITIONS: ("conditions_done", "reporter_update"),
    # R-OND-2: started within 5 working days of the decision, concluded within 10 weeks.
    Outcome.INVESTIGATION: ("investigation_start", "investigation_done", "reporter_update"),
}


def _check_draft(content: AssessmentContent) -> None:
    errors = _draft_problems(content)
    if errors:
        raise ValidationError(errors)


def _draft_problems(content: AssessmentContent) -> dict[str, str]:
    """What is wrong even in a draft: choices outside the lists, dates in the future."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    for name, label in (("other_vt_asked_on", "andere VT"), ("rvdk_asked_on", "de Raad")):
        asked = getattr(content, name)
        if asked is not None and asked > today:
            errors[name] = f"De datum waarop {label} is bevraagd ligt in de toekomst."
    if content.outcome and content.outcome not in Outcome.values:
        errors["outcome"] = "Kies een van de vijf besluiten."
    if content.crisis_action and content.crisis_action not in CrisisAction.values:
        errors["crisis_action"] = "Kies crisisdienst, politie of anders."
    if content.crisis_action and not content.crisis_needed:
        errors["crisis_needed"] = (
            "U heeft een crisisactie ingevuld: vink aan dat crisisinterventie nodig is."
        )
    if content.crisis_action and not content.crisis_description.strip():
        errors["crisis_description"] = "Beschrijf welke crisisactie is ondernomen en door wie."
    return errors


def _check_complete(assessment: Assessment) -> None:
    errors = _complete_problems(assessment)
    if errors:
        raise ValidationError(errors)


def assessment_problems(
    *,
    case: Case,
    content: AssessmentContent,
    draft: Assessment | None,
    submit: bool,
) -> dict[str, str]:
    """Everything wrong with what the author typed, by field, at once (issue 16.5): the draft's
    checks and, when it is offered for confirmation, everything a decision needs — judged on
    the assessment as it would be after saving. Pure: nothing is read for update or written."""
    errors = _draft_problems(content)
    if not submit:
        return errors
    preview = Assessment(case=case, **{n: getattr(content, n) for n in AssessmentContent.names()})
    if case_has_anonymous_report(case=case):
        preview.stay_anonymity_promised = True
    recorded = content.crisis_action and content.crisis_description.strip()
    preview.crisis_recorded_at = (draft.crisis_recorded_at if draft else None) or (
        timezone.now() if recorded else None
    )
    return _complete_problems(preview) | errors


def _complete_problems(assessment: Assessment) -> dict[str, str]:
    """Everything a proposed decision needs (R-TRI-2, R-TRI-3, R-TRI-5, R-TRI-6, R-HO-2)."""
    a = assessment
    errors: dict[str, str] = {}
    if not a.own_history_summary.strip():
        errors["own_history_summary"] = (
            "Vat samen wat de eerdere meldingen en dossiers bij deze Veilig Thuis laten zien "
            "(of schrijf dat er geen zijn)."
        )
    if a.other_vt_asked_on is None:
        errors["other_vt_asked_on"] = (
            "Vul in wanneer andere Veilig Thuis-organisaties zijn bevraagd."
        )
    if not a.other_vt_question.strip():
        errors["other_vt_question"] = "Beschrijf wat u andere Veilig Thuis-organisaties vroeg."
    if not a.other_vt_findings.strip():
        errors["other_vt_findings"] = "Beschrijf wat andere Veilig Thuis-organisaties meldden."
    if not a.rvdk_request.strip():
        errors["rvdk_request"] = "Beschrijf wat u de Raad voor de Kinderbescherming vroeg."
    if not a.rvdk_answer.strip():
        errors["rvdk_answer"] = "Beschrijf het antwoord van de Raad voor de Kinderbescherming."
    for letter in ("a", "b", "c"):
        answer = getattr(a, f"screening_{letter}")
        if letter == "c" and answer is None and a.screening_b is True:
            continue  # C may be skipped when B is positive (R-TRI-3)
        if answer is None:
            errors[f"screening_{letter}"] = (
                f"Beantwoord screening {letter.upper()} met ja of nee"
                + (" (C mag alleen open blijven als B ‘ja’ is)." if letter == "c" else ".")
            )
        elif not getattr(a, f"screening_{letter}_grounds").strip():
            errors[f"screening_{letter}_grounds"] = (
                f"Geef de onderbouwing van screening {letter.upper()}."
            )
    if a.crisis_needed and a.crisis_recorded_at is None:
        errors["crisis_action"] = (
            "Crisisinterventie is nodig: leg eerst vast welke crisisactie is ondernomen."
        )
    if not a.outcome:
        errors["outcome"] = "Kies het besluit."
    elif a.outcome in HANDING_AWAY and a.stay_reasons:
        errors["outcome"] = (
            f"‘{Outcome(a.outcome).label}’ kan niet: Veilig Thuis blijft verantwoordelijk omdat "
            + "; ".join(a.stay_reasons)
            + " (R-TRI-6)."
        )
    if not a.rationale.strip():
        errors["rationale"] = "Onderbouw het besluit."
    if a.outcome == Outcome.HOUSEHOLD:
        if not a.findings.strip():
            errors["findings"] = "Beschrijf de bevindingen en risico's voor de brieven."
        if not a.safety_agreements.strip():
            errors["safety_agreements"] = "Beschrijf de veiligheidsafspraken met het huishouden."
        if not a.help_agency.strip():
            errors["help_agency"] = "Noem de instantie waar het huishouden hulp kan vragen."
    return errors


def _refuse_if_started(case: Case) -> None:
    """A new assessment may not start while one is open: name who started it (issue 20.2)."""
    started = (
        Assessment.objects.filter(case=case)
        .exclude(status=Status.CONFIRMED)
        .select_related("author")
        .first()
    )
    if started is not None:
        raise AssessmentStartedMeanwhile(started)


def _lock(assessment: Assessment, expected_version: int | None) -> Assessment:
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=assessment.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise AssessmentStale(locked)
    return locked


def _log(
    user: User, assessment: Assessment, event: AccessEvent, channel: Channel, detail: str
) -> None:
    access_log_record(user=user, event=event, channel=channel, case=assessment.case, detail=detail)


def _apply_crisis(user: User, assessment: Assessment, was_needed: bool) -> None:
    """R-TRI-3: a crisis starts the same-day deadline; recording the action taken meets it."""
    case = assessment.case
    if assessment.crisis_needed and not was_needed:
        case_services.deadline_start(
            case=case, kind="crisis_action", start=timezone.localdate(), actor=user
        )
        case_services.timeline_add(
            case=case,
            actor=user,
            kind="crisis_needed",
            summary="Crisisinterventie nodig: actie vandaag (binnen 24 uur)",
            target=assessment,
        )
    recorded = assessment.crisis_action and assessment.crisis_description.strip()
    if assessment.crisis_needed and recorded and assessment.crisis_recorded_at is None:
        assessment.crisis_recorded_at = timezone.now()
        case_services.deadline_meet(case=case, kind="crisis_action", user=user)
        case_services.timeline_add(
            case=case,
            actor=user,
            kind="crisis_action",
            summary=f"Crisisactie ondernomen: {CrisisAction(assessment.crisis_action).label}. "
            f"{assessment.crisis_description.strip()}",
            target=assessment,
        )


@transaction.atomic
def assessment_save(
    *,
    user: User,
    case: Case,
    content: AssessmentContent,
    expected_version: int | None,
    assessment: Assessment | None = None,
    channel: Channel = Channel.HTML,
) -> Assessment:
    """Saves the draft; without `assessment`, starts a new one (the case must be in assessment)."""
    require(user, Action.ASSESS_SAFETY)
    _check_draft(content)
    if assessment is None:
        if case.phase != Phase.ASSESSMENT:
            raise Conflict("Dit dossier is niet in de fase veiligheidsbeoordeling.", field="case")
        _refuse_if_started(case)
        assessment = Assessment(case=case, author=user)
        was_needed, event = False, AccessEvent.CREATE
    else:
        if expected_version is None and assessment.author_id != user.pk:
            raise AssessmentStartedMeanwhile(assessment)  # meant to start a new one (20.2)
        if expected_version is None:  # an update must say what it was based on (issue 20.3)
            raise VersionRequired(
                "Er is al een concept van deze beoordeling: stuur de versie mee waarop uw "
                "wijziging is gebaseerd (veld ‘version’), zodat niets ongemerkt wordt "
                "overschreven."
            )
        assessment = _lock(assessment, expected_version)
        if assessment.case_id != case.pk:
            raise NotFound
        if assessment.author_id != user.pk:
            raise NotPermitted(
                "Alleen de auteur van de veiligheidsbeoordeling kan het concept wijzigen."
            )
        if assessment.status != Status.DRAFT:
            raise Conflict(
                "Deze beoordeling is al aangeboden of bevestigd en kan niet meer worden gewijzigd.",
                field="status",
            )
        if assessment.crisis_needed and not content.crisis_needed:
            raise ValidationError(
                {
                    "crisis_needed": "De crisisinterventie is al gestart en blijft vastgelegd; "
                    "leg vast welke actie is ondernomen."
                }
            )
        was_needed, event = assessment.crisis_needed, AccessEvent.CHANGE
        assessment.version += 1
    for name in AssessmentContent.names():
        value = getattr(content, name)
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    if event == AccessEvent.CREATE:
        fill_from_register(assessment)  # R-TRI-2: what the register already answered
    if case_has_anonymous_report(case=assessment.case):
        assessment.stay_anonymity_promised = True  # R-REP-2: promised at intake, not undone here
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as error:  # a colleague started one at the same moment
        _refuse_if_started(case)
        raise AlreadyExists(
            "Er is zojuist al een veiligheidsbeoordeling begonnen voor dit dossier.", field="case"
        ) from error
    _apply_crisis(user, assessment, was_needed)
    assessment.save(update_fields=["crisis_recorded_at"])
    case_services.timeline_add(
        case=assessment.case,
        actor=user,
        kind="assessment_saved",
        summary="Veiligheidsbeoordeling (concept) "
        + ("aangemaakt" if event == AccessEvent.CREATE else "opgeslagen"),
        target=assessment,
    )
    _log(user, assessment, event, channel, "veiligheidsbeoordeling concept")
    return assessment


@transaction.atomic
def assessment_save_and_submit(
    *,
    user: User,
    case: Case,
    content: AssessmentContent,
    expected_version: int | None,
    assessment: Assessment | None = None,
    channel: Channel = Channel.HTML,
) -> Assessment:
    """Saves what the author typed and submits it, in one transaction: a refusal keeps nothing,
    and names every problem at once."""
    problems = assessment_problems(case=case, content=content, draft=assessment, submit=True)
    if problems:
        raise ValidationError(problems)
    saved = assessment_save(
        user=user,
        case=case,
        content=content,
        expected_version=expected_version,
        assessment=assessment,
        channel=channel,
    )
    return assessment_submit(
        user=user, assessment=saved, expected_version=saved.version, channel=channel
    )


@transaction.atomic
def assessment_submit(
    *,
    user: User,
    assessment: Assessment,
    expected_version: int | None,
    channel: Channel = Channel.HTML,
) -> Assessment:
    """The author proposes the decision for a second person to confirm (R-TRI-4)."""
    assessment = _lock(assessment, expected_version)
    if assessment.author_id != user.pk:
        raise NotPermitted("Alleen de auteur kan de veiligheidsbeoordeling aanbieden.")
    if assessment.status != Status.DRAFT:
        raise Conflict("Deze beoordeling is al aangeboden of bevestigd.", field="status")
    _check_complete(assessment)
    assessment.status = Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.version += 1
    assessment.save()
    case_services.timeline_add(
        case=assessment.case,
        actor=user,
        kind="assessment_submitted",
        summary=f"Veiligheidsbeoordeling ter bevestiging aangeboden; voorgesteld besluit: "
        f"{Outcome(assessment.outcome).label}",
        target=assessment,
    )
    _log(user, assessment, AccessEvent.CHANGE, channel, "veiligheidsbeoordeling aangeboden")
    return assessment


def _check_second_person(user: User, assessment: Assessment) -> None:
    require(user, Action.CONFIRM_ASSESSMENT)
    if assessment.author_id == user.pk:
        raise NotPermitted(
            "U kunt uw eigen veiligheidsbeoordeling niet bevestigen: een tweede persoon "
            "(collega, gedragswetenschapper of vertrouwensarts) bevestigt het besluit (R-TRI-4)."
        )
    if assessment.status != Status.SUBMITTED:
        raise Conflict("Deze beoordeling is niet ter bevestiging aangeboden.", field="status")


@transaction.atomic
def assessment_return(
    *,
    user: User,
    assessment: Assessment,
    expected_version: int | None,
    comment: str,
    channel: Channel = Channel.HTML,
) -> Assessment:
    """The second person sends the proposal back to the author with a comment."""
    assessment = _lock(assessment, expected_version)
    _check_second_person(user, assessment)
    if not comment.strip():
        raise ValidationError({"return_comment": "Schrijf op wat de auteur moet aanpassen."})
    assessment.status = Status.DRAFT
    assessment.return_comment = comment.strip()
    assessment.returned_by = user
    assessment.version += 1
    assessment.save()
    case_services.timeline_add(
        case=assessment.case,
        actor=user,
        kind="assessment_returned",
        summary=f"Veiligheidsbeoordeling teruggestuurd naar {assessment.author.full_name}: "
        f"{comment.strip()}",
        target=assessment,
    )
    _log(user, assessment, AccessEvent.CHANGE, channel, "veiligheidsbeoordeling teruggestuurd")
    return assessment


def _confirmer_role(user: User) -> ConfirmerRole:
    if user.role == Role.BEHAVIOURAL_SCIENTIST:
        return ConfirmerRole.BEHAVIOURAL_SCIENTIST
    if user.role == Role.CONFIDENTIAL_DOCTOR:
        return ConfirmerRole.CONFIDENTIAL_DOCTOR
    return ConfirmerRole.COLLEAGUE


@transaction.atomic
def assessment_confirm(
    *,
    user: User,
    assessment: Assessment,
    expected_version: int | None,
    case_version: int | None,
    channel: Channel = Channel.HTML,
) -> Assessment:
    """A second person confirms (R-TRI-4): the assessment deadline is met (R-TRI-1) and the
    outcome applied to the case in the same transaction (R-TRI-5, R-HO-2)."""
    assessment = _lock(assessment, expected_version)
    _check_second_person(user, assessment)
    case = case_lock(assessment.case_id, case_version)
    if case.phase != Phase.ASSESSMENT:
        raise Conflict("Het dossier is niet meer in de fase veiligheidsbeoordeling.", field="case")
    _check_complete(assessment)  # a rule may have changed since submitting (anonymity, crisis)
    now = timezone.now()
    assessment.status = Status.CONFIRMED
    assessment.confirmed_by = user
    assessment.confirmed_at = now
    assessment.confirmer_role = _confirmer_role(user)
    assessment.version += 1
    assessment.save()
    case_services.deadline_meet(case=case, kind="assessment", user=user, at=now)
    outcome = Outcome(assessment.outcome)
    case_services.timeline_add(
        case=case,
        actor=user,
        kind="assessment_confirmed",
        summary=f"Veiligheidsbeoordeling bevestigd door {user.full_name} "
        f"({assessment.get_confirmer_role_display().lower()}); besluit: {outcome.label}",
        target=assessment,
    )
    case = case_services.case_transition(
        user=user,
        case=case,
        target=OUTCOME_PHASE[outcome],
        expected_version=case.version,
        reason=f"Besluit veiligheidsbeoordeling: {outcome.label}",
        channel=channel,
    )
    assessment.case = case
    for kind in OUTCOME_DEADLINES.get(outcome, ()):
        case_services.deadline_start(
            case=case, kind=kind, start=timezone.localdate(now), actor=user
        )
    notify.outcome_letters(user=user, assessment=assessment)
    _log(user, assessment, AccessEvent.CHANGE, channel, "veiligheidsbeoordeling bevestigd")
    return assessment
