"""Every write of an investigation (DOMAIN §4.6): its grounds (R-OND-1), its start and end
(R-OND-2), the conversations and network information (R-OND-3), the conclusion (facts and
attributed opinions apart, R-HO-4; the household told of destruction after a refutation,
R-PRIV-4) and the notices to the child protection board, the college and the police (R-OND-5).

Lock order as everywhere (docs/architecture.md "Locks"): the case first, then the investigation.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, require
from zicht.assessment.models import Assessment, Outcome
from zicht.assessment.models import Status as AssessmentStatus
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.cases.services import case_lock, case_touch, deadline_meet, timeline_add
from zicht.cases.workflow import Phase
from zicht.core.errors import AlreadyExists, Conflict, NotFound, StaleVersion, VersionRequired
from zicht.handover.services import Opinion, opinion_problems, opinion_texts
from zicht.investigation import letters
from zicht.investigation.ages import must_be_spoken
from zicht.investigation.coverage import missing_members
from zicht.investigation.models import (
    AuthorityNotice,
    Conclusion,
    ConclusionOpinion,
    Ground,
    Investigation,
    InvestigationGround,
    NetworkKind,
    NetworkRequest,
    NoticeKind,
)
from zicht.involvement.models import ContactHow, ContactSkip, Conversation, Service
from zicht.involvement.services import ContactInput, contact_skip_record, conversation_record
from zicht.reports.disclosure import anonymous_reports, disclosure_errors

START_DEADLINE = "investigation_start"
DONE_DEADLINE = "investigation_done"


class InvestigationStale(StaleVersion):
    """The investigation changed since the user read it (409, with its current version)."""

    title = "Onderzoek intussen gewijzigd"

    def __init__(self, investigation: Investigation) -> None:
        super().__init__(
            "Het onderzoek is intussen door iemand anders gewijzigd (nu versie "
            f"{investigation.version}). Er is niets opgeslagen; bekijk de nieuwe stand en "
            "probeer het opnieuw."
        )
        self.investigation = investigation

    def problem_extra(self) -> dict[str, int]:
        return {"current_version": self.investigation.version}


@dataclass(frozen=True)
class GroundEntry:
    ground: str
    explanation: str


def _text(value: str | None) -> str:
    return (value or "").strip()


def _log(user: User, case: Case, event: AccessEvent, channel: Channel, detail: str) -> None:
    access_log_record(
        user=user,
        event=event,
        channel=channel,
        person_ids=case.person_ids(),
        case=case,
        detail=detail,
    )


def _decided_on(case: Case) -> date:
    """The day the confirmed assessment decided to investigate (R-OND-2 counts from it)."""
    assessment = (
        Assessment.objects.filter(
            case=case, status=AssessmentStatus.CONFIRMED, outcome=Outcome.INVESTIGATION
        )
        .order_by("-confirmed_at")
        .first()
    )
    if assessment is None or assessment.confirmed_at is None:
        return timezone.localdate()
    return timezone.localdate(assessment.confirmed_at)


def _lock(case: Case, investigation: Investigation, expected_version: int | None) -> Investigation:
    """The investigation, locked after its case. `expected_version` None: a row is only added
    to it (a conversation, a request); a change of its own fields always passes its version."""
    case_lock(case.pk, None)  # the case first, then its investigation
    locked = Investigation.objects.select_for_update(of=("self",)).get(pk=investigation.pk)
    if locked.case_id != case.pk:
        raise NotFound
    if expected_version is not None and locked.version != expected_version:
        raise InvestigationStale(locked)
    locked.case = case
    return locked


def _refuse_if_concluded(investigation: Investigation, what: str) -> None:
    if not investigation.is_open:
        raise Conflict(
            f"Dit onderzoek is al afgerond; {what} kan niet meer.", field="investigation"
        )


def _grounds_problems(grounds: list[GroundEntry]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not grounds:
        errors["grounds"] = (
            "Kies ten minste één reden voor het onderzoek (R-OND-1) en licht die toe."
        )
    seen: set[str] = set()
    for entry in grounds:
        if entry.ground not in Ground.values:
            errors["grounds"] = "Kies een reden uit de lijst."
        elif entry.ground in seen:
            errors["grounds"] = f"De reden ‘{Ground(entry.ground).label}’ staat er twee keer in."
        elif not _text(entry.explanation):
            errors[f"explanation_{entry.ground}"] = (
                f"Licht de reden ‘{Ground(entry.ground).label}’ toe voor dit huishouden."
            )
        seen.add(entry.ground)
    return errors


@transaction.atomic
def investigation_grounds_save(
    *,
    user: User,
    case: Case,
    grounds: list[GroundEntry],
    investigation: Investigation | None = None,
    expected_version: int | None = None,
    channel: Channel = Channel.HTML,
) -> Investigation:
    """Records why VT investigates (R-OND-1); without `investigation`, starts the record of the
    case's investigation (the case must be in phase Onderzoek). Saving again replaces the
    grounds, based on the version read."""
    require(user, Action.ASSESS_SAFETY)
    errors = _grounds_problems(grounds)
    if errors:
        raise ValidationError(errors)
    if investigation is None:
        case = case_lock(case.pk, None)
        if case.phase != Phase.INVESTIGATION:
            raise Conflict("Dit dossier is niet in de fase Onderzoek.", field="case")
        if Investigation.objects.filter(case=case, concluded_at__isnull=True).exists():
            raise AlreadyExists(
                "Er is al een lopend onderzoek voor dit dossier; wijzig de redenen daarvan.",
                field="grounds",
            )
        try:
            with transaction.atomic():
                investigation = Investigation.objects.create(
                    case=case, decided_on=_decided_on(case), created_by=user
                )
        except IntegrityError as error:  # a colleague started it at the same moment
            raise AlreadyExists(
                "Er is zojuist al een onderzoek vastgelegd voor dit dossier.", field="grounds"
            ) from error
        event = AccessEvent.CREATE
    else:
        if expected_version is None:
            raise VersionRequired(field="version")
        investigation = _lock(case, investigation, expected_version)
        _refuse_if_concluded(investigation, "de redenen wijzigen")
        investigation.grounds.all().delete()
        investigation.version += 1
        investigation.save(update_fields=["version"])
        event = AccessEvent.CHANGE
    InvestigationGround.objects.bulk_create(
        InvestigationGround(
            investigation=investigation, ground=g.ground, explanation=_text(g.explanation)
        )
        for g in grounds
    )
    timeline_add(
        case=investigation.case,
        actor=user,
        kind="investigation_grounds",
        summary="Reden(en) voor het onderzoek vastgelegd: "
        + "; ".join(str(Ground(g.ground).label) for g in grounds),
        target=investigation,
    )
    case_touch(investigation.case)
    _log(user, investigation.case, event, channel, "onderzoek: redenen")
    return investigation


def mark_started(*, user: User, investigation: Investigation, at: datetime | None = None) -> None:
    """R-OND-2: the first conversation or action of the investigation meets its start deadline
    (5 working days after the decision). Joins the caller's transaction."""
    if investigation.started_at is not None:
        return
    at = at or timezone.now()
    investigation.started_at = at
    investigation.save(update_fields=["started_at"])
    deadline_meet(case=investigation.case, kind=START_DEADLINE, user=user, at=at)


def conversation_age_problems(
    case: Case, held_on: date, contacts: Sequence[ContactInput]
) -> dict[str, str]:
    """R-OND-3, for every investigation conversation wherever it is recorded (registered with
    `involvement`): a member only seen needs a recorded reason, unless a child surely under 6 on
    the day; a partial or unknown date of birth counts as possibly 6 or older."""
    members = {m.pk: m for m in case.household.members.select_related("person")}
    skipped = set(
        ContactSkip.objects.filter(
            case=case, service=Service.INVESTIGATION, member__in=members
        ).values_list("member_id", flat=True)
    )
    errors: dict[str, str] = {}
    for contact in contacts:
        member = members.get(contact.member_id or 0)
        if member is None or contact.how != ContactHow.SEEN or member.pk in skipped:
            continue
        if must_be_spoken(member.person, held_on):
            errors[f"reason_{member.pk}"] = (
                f"{member.person.full_name} is alleen gezien. Vanaf 6 jaar wordt ieder kind "
                "persoonlijk gesproken (bij een onbekende of onvolledige geboortedatum kan het "
                "kind 6 of ouder zijn): leg vast waarom niet (R-OND-3)."
            )
    return errors


def conversation_recorded(user: User, conversation: Conversation) -> None:
    """R-OND-2: the first investigation conversation, wherever recorded, starts it."""
    investigation = Investigation.objects.filter(
        case=conversation.case, concluded_at__isnull=True
    ).first()
    if investigation is not None:
        mark_started(user=user, investigation=investigation)
    else:  # recorded before the grounds: the deadline is the case's all the same
        deadline_meet(case=conversation.case, kind=START_DEADLINE, user=user)


@transaction.atomic
def investigation_conversation(
    *,
    user: User,
    case: Case,
    investigation: Investigation,
    held_on: date | None,
    summary: str,
    contacts: list[ContactInput],
    reasons: dict[int, str] | None = None,
    channel: Channel = Channel.HTML,
) -> Conversation:
    """R-OND-3: a conversation of the investigation (the shared `involvement` conversation)
    with, in the same transaction, a reason for each member given one who is not spoken in it;
    the age rule (`conversation_age_problems`) then finds those reasons recorded. The first
    conversation meets the start deadline (R-OND-2). A refusal keeps nothing."""
    require(user, Action.ASSESS_SAFETY)
    reasons = {key: _text(value) for key, value in (reasons or {}).items() if _text(value)}
    investigation = _lock(case, investigation, None)
    _refuse_if_concluded(investigation, "een gesprek vastleggen")
    if held_on is not None and held_on < investigation.decided_on:
        raise ValidationError({"held_on": "Dit gesprek was vóór het besluit tot onderzoek."})
    spoken = {c.member_id for c in contacts if c.how == ContactHow.SPOKEN}
    already = set(
        ContactSkip.objects.filter(
            case=investigation.case, service=Service.INVESTIGATION
        ).values_list("member_id", flat=True)
    )
    for member_id, reason in reasons.items():
        if member_id not in spoken and member_id not in already:
            contact_skip_record(
                user=user,
                case=investigation.case,
                member_id=member_id,
                reason=reason,
                channel=channel,
            )
    return conversation_record(
        user=user,
        case=investigation.case,
        held_on=held_on,
        summary=summary,
        contacts=contacts,
        channel=channel,
    )


def _date_problems(values: dict[str, date | None], today: date) -> dict[str, str]:
    return {
        name: "Deze datum ligt in de toekomst."
        for name, value in values.items()
        if value is not None and value > today
    }


@transaction.atomic
def network_request_add(
    *,
    user: User,
    case: Case,
    investigation: Investigation,
    kind: str,
    source: str,
    asked_on: date | None,
    question: str,
    answer: str = "",
    answered_on: date | None = None,
    channel: Channel = Channel.HTML,
) -> NetworkRequest:
    """R-OND-3: information asked from the professional or informal network: from whom, asked
    when, and (now or later) the answer."""
    require(user, Action.ASSESS_SAFETY)
    investigation = _lock(case, investigation, None)
    _refuse_if_concluded(investigation, "informatie opvragen")
    errors = _network_problems(kind, source, asked_on, question, answer, answered_on)
    if errors or asked_on is None:
        raise ValidationError(errors)
    request = NetworkRequest.objects.create(
        investigation=investigation,
        kind=kind,
        source=_text(source),
        asked_on=asked_on,
        question=_text(question),
        answer=_text(answer),
        answered_on=answered_on,
        recorded_by=user,
    )
    mark_started(user=user, investigation=investigation)
    timeline_add(
        case=investigation.case,
        actor=user,
        kind="investigation_network",
        summary=f"Informatie gevraagd aan {request.source} ({request.get_kind_display().lower()})"
        + (", antwoord vastgelegd" if request.answer else ""),
        target=request,
    )
    case_touch(investigation.case)
    _log(user, investigation.case, AccessEvent.CREATE, channel, "onderzoek: netwerkinformatie")
    return request


def _network_problems(
    kind: str,
    source: str,
    asked_on: date | None,
    question: str,
    answer: str,
    answered_on: date | None,
) -> dict[str, str]:
    errors = _date_problems(
        {"asked_on": asked_on, "answered_on": answered_on}, timezone.localdate()
    )
    if kind not in NetworkKind.values:
        errors["kind"] = "Kies professioneel of informeel netwerk."
    if not _text(source):
        errors["source"] = "Vul in aan wie de informatie is gevraagd."
    if asked_on is None:
        errors["asked_on"] = "Vul in wanneer de informatie is gevraagd."
    if not _text(question):
        errors["question"] = "Beschrijf welke informatie is gevraagd."
    if answered_on is not None and not _text(answer):
        errors["answer"] = "Vul het antwoord in, of laat de datum van het antwoord leeg."
    if _text(answer) and answered_on is None:
        errors["answered_on"] = "Vul in wanneer het antwoord is ontvangen."
    if asked_on and answered_on and answered_on < asked_on:
        errors["answered_on"] = "Het antwoord kan niet eerder zijn dan de vraag."
    return errors


@transaction.atomic
def network_answer_record(
    *,
    user: User,
    case: Case,
    request: NetworkRequest,
    answer: str,
    answered_on: date | None,
    channel: Channel = Channel.HTML,
) -> NetworkRequest:
    """The answer to an earlier request; an answer already recorded is not overwritten."""
    require(user, Action.ASSESS_SAFETY)
    investigation = _lock(case, request.investigation, None)
    _refuse_if_concluded(investigation, "een antwoord vastleggen")
    request = NetworkRequest.objects.select_for_update().get(pk=request.pk)
    if request.answer:
        raise AlreadyExists(f"Het antwoord van {request.source} is al vastgelegd.", field="answer")
    errors = _network_problems(
        request.kind, request.source, request.asked_on, request.question, answer, answered_on
    )
    if not _text(answer):
        errors["answer"] = "Vul het antwoord in."
    if errors:
        raise ValidationError(errors)
    request.answer, request.answered_on = _text(answer), answered_on
    request.save(update_fields=["answer", "answered_on"])
    timeline_add(
        case=investigation.case,
        actor=user,
        kind="investigation_network",
        summary=f"Antwoord van {request.source} vastgelegd",
        target=request,
    )
    case_touch(investigation.case)
    _log(user, investigation.case, AccessEvent.CHANGE, channel, "onderzoek: netwerkantwoord")
    return request


def conclusion_problems(
    *,
    investigation: Investigation,
    conclusion: str,
    facts: str,
    next_steps: str,
    opinions: list[Opinion],
) -> dict[str, str]:
    """Everything wrong with a conclusion, by field, at once. Pure: nothing is written."""
    errors: dict[str, str] = {}
    missing = missing_members(investigation)
    if missing:
        errors["conclusion"] = (
            "Het onderzoek kan nog niet worden afgerond: met "
            + ", ".join(m.person.full_name for m in missing)
            + " is nog niet (persoonlijk) gesproken en er is geen reden vastgelegd waarom niet "
            "(R-OND-3)."
        )
    if conclusion not in Conclusion.values:
        errors["conclusion"] = errors.get("conclusion") or "Kies de conclusie van het onderzoek."
    if not _text(facts):
        errors["facts"] = "Beschrijf de feiten waarop de conclusie berust."
    if not _text(next_steps):
        errors["next_steps"] = "Beschrijf welke stappen volgen."
    errors |= opinion_problems(opinions)
    texts = {"facts": _text(facts), "next_steps": _text(next_steps)} | opinion_texts(opinions)
    return disclosure_errors(reports=anonymous_reports(investigation.case), texts=texts) | errors


@transaction.atomic
def investigation_conclude(
    *,
    user: User,
    case: Case,
    investigation: Investigation,
    expected_version: int | None,
    conclusion: str,
    facts: str,
    next_steps: str,
    opinions: list[Opinion] | None = None,
    channel: Channel = Channel.HTML,
) -> Investigation:
    """R-OND-2: the conclusion (the CBS categories) with its facts, opinions apart with whose
    they are (R-HO-4). Refused while a household member has neither a conversation nor a reason
    (R-OND-3). The household gets the conclusion by letter; after a refutation that letter says
    it may ask for destruction of its file (R-PRIV-4)."""
    require(user, Action.ASSESS_SAFETY)
    opinions = opinions or []
    if expected_version is None:
        raise VersionRequired(field="version")
    investigation = _lock(case, investigation, expected_version)
    _refuse_if_concluded(investigation, "opnieuw afronden")
    errors = conclusion_problems(
        investigation=investigation,
        conclusion=conclusion,
        facts=facts,
        next_steps=next_steps,
        opinions=opinions,
    )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    investigation.conclusion = conclusion
    investigation.facts = _text(facts)
    investigation.next_steps = _text(next_steps)
    investigation.concluded_at, investigation.concluded_by = now, user
    if conclusion == Conclusion.REFUTED:
        investigation.destruction_told_at = now
    investigation.version += 1
    investigation.save()
    ConclusionOpinion.objects.bulk_create(
        ConclusionOpinion(
            investigation=investigation,
            text=_text(o.text),
            holder=_text(o.holder),
            based_on=_text(o.based_on),
        )
        for o in opinions
    )
    mark_started(user=user, investigation=investigation, at=now)
    deadline_meet(case=investigation.case, kind=DONE_DEADLINE, user=user, at=now)
    letters.conclusion_letters(user=user, investigation=investigation)
    label = Conclusion(conclusion).label
    timeline_add(
        case=investigation.case,
        actor=user,
        kind="investigation_concluded",
        summary=f"Onderzoek afgerond: {label}."
        + (
            " Het huishouden is per brief gewezen op het recht om vernietiging van het dossier "
            "te vragen."
            if conclusion == Conclusion.REFUTED
            else ""
        ),
        target=investigation,
        at=now,
    )
    case_touch(investigation.case)
    _log(user, investigation.case, AccessEvent.CHANGE, channel, "onderzoek afgerond")
    return investigation


@transaction.atomic
def notice_record(
    *,
    user: User,
    case: Case,
    investigation: Investigation,
    kind: str,
    made_on: date | None,
    grounds: str,
    inform_college: bool = False,
    channel: Channel = Channel.HTML,
) -> AuthorityNotice:
    """R-OND-5: a request to the RvdK for an investigation, with date and grounds, always with
    the municipal executive (college) informed by letter (Wmo 4.1.1 f); informing the police is
    recorded the same way."""
    require(user, Action.ASSESS_SAFETY)
    investigation = _lock(case, investigation, None)
    errors = _date_problems({"made_on": made_on}, timezone.localdate())
    if kind not in NoticeKind.values:
        errors["kind"] = "Kies een verzoek aan de Raad of het informeren van de politie."
    if made_on is None:
        errors["made_on"] = "Vul de datum in."
    if not _text(grounds):
        errors["grounds"] = "Beschrijf de gronden."
    municipality = investigation.case.municipality
    if kind == NoticeKind.RVDK:
        if not inform_college:
            errors["inform_college"] = (
                "Een verzoek aan de Raad voor de Kinderbescherming kan alleen samen met het "
                "informeren van het college van burgemeester en wethouders (Wmo 4.1.1 f): vink "
                "aan dat de brief aan het college wordt verstuurd."
            )
        elif municipality is None:
            errors["inform_college"] = (
                "Er is geen gemeente bij dit dossier bekend, dus het college kan niet worden "
                "geïnformeerd. Leg eerst de gemeente van het dossier vast."
            )
    if errors:
        raise ValidationError(errors)
    assert made_on is not None  # noqa: S101  # checked above
    notice = AuthorityNotice(
        investigation=investigation,
        kind=kind,
        made_on=made_on,
        grounds=_text(grounds),
        recorded_by=user,
    )
    if kind == NoticeKind.RVDK:
        assert municipality is not None  # noqa: S101  # checked above
        notice.college_informed_on = timezone.localdate()
        notice.college_letter = letters.college_letter(
            user=user, investigation=investigation, notice=notice, municipality=municipality
        )
    notice.save()
    mark_started(user=user, investigation=investigation)
    timeline_add(
        case=investigation.case,
        actor=user,
        kind="investigation_notice",
        summary=f"{notice.get_kind_display()} op {made_on:%d-%m-%Y}"
        + (
            f"; college van {municipality.name} per brief geïnformeerd"
            if kind == NoticeKind.RVDK and municipality is not None
            else ""
        ),
        target=notice,
    )
    case_touch(investigation.case)
    _log(user, investigation.case, AccessEvent.CREATE, channel, f"onderzoek: {kind}")
    return notice


def confirmed_before_warm_handover(case: Case) -> dict[str, str]:
    """For `handover.warm` (R-OND-4): after an investigation the warm handover of the conditions
    follows its conclusion "bevestigd"; before that, or after another conclusion, it is refused."""
    if case.phase != Phase.INVESTIGATION:
        return {}
    investigation = Investigation.objects.filter(case=case).order_by("-created_at", "-id").first()
    if investigation is None or investigation.is_open:
        return {
            "investigation": "Rond eerst het onderzoek af: een warme overdracht na onderzoek "
            "volgt op de conclusie ‘bevestigd’ (R-OND-4)."
        }
    if investigation.conclusion != Conclusion.CONFIRMED:
        return {
            "investigation": f"Het onderzoek is afgerond als ‘{investigation.get_conclusion_display()}"
            "’; een warme overdracht met veiligheidsvoorwaarden volgt alleen op ‘bevestigd’ "
            "(R-OND-4). Kies een ander vervolg, zoals voorwaarden en vervolg of monitoren."
        }
    return {}
