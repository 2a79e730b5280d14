"""Every write of a handover: sending it (R-HO-3, R-HO-4), the partner's answers (R-HO-5), a
hand-back (R-HO-6) and a dispute with its escalation steps (R-HO-7).

Responsibility changes only through `cases.services` (one open period at a time, R-ZOV-1). VT
stays responsible from sending until the partner says it has taken the case up (R-HO-1).

A partner answers without a Zicht login (the link) or as a partner-system account, neither of
which may make phase changes of a case. Those case writes are recorded under the VT worker who
sent the handover, with the partner named in the reason and the timeline.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can, require
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case, HolderType
from zicht.cases.services import (
    acting_for,
    case_lock,
    case_touch,
    case_transition,
    deadline_meet,
    deadlines_lapse,
    deadlines_start,
    responsibility_transfer,
    timeline_add,
    vt_responsible_again,
)
from zicht.cases.workflow import Phase
from zicht.core.errors import AlreadyExists, Conflict, Gone, NotFound, NotPermitted
from zicht.handover.models import (
    HandedBackBy,
    Handover,
    HandoverKind,
    HandoverOpinion,
    HandoverStatus,
    HandoverToken,
)
from zicht.handover.warm import (
    WARM_PHASES,
    WarmMeeting,
    warm_errors,
    warm_household_letters,
    warm_partner_context,
    warm_texts,
)
from zicht.involvement.selectors import safety_plan_current
from zicht.letters.models import RecipientKind
from zicht.letters.services import letter_queue, vt_contact
from zicht.organisation.models import PartnerAgency
from zicht.reports.disclosure import anonymous_reports, disclosure_errors

TOKEN_VALID = timedelta(days=14)
PARTNER_TEMPLATE = "handover_to_partner"
WARM_PARTNER_TEMPLATE = "warm_handover_to_partner"
MUNICIPALITY_TEMPLATE = "municipality_waiting_list"
PARTNER_DEADLINES = ("partner_receipt", "partner_start")


@dataclass(frozen=True)
class Opinion:
    text: str
    holder: str
    based_on: str


class Decision:
    ACCEPT = "accepted"
    WAITING_LIST = "waiting_list"
    HAND_BACK = "handed_back"
    ALL = (ACCEPT, WAITING_LIST, HAND_BACK)


class TokenUnknown(NotFound):
    """A confirmation link we never issued (404)."""


class TokenRefused(Gone):
    """A confirmation link that was used, replaced or has expired (410)."""

    kind = "link-werkt-niet-meer"
    title = "Deze link werkt niet meer"


# --- helpers ------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue_token(handover: Handover, now: datetime) -> str:
    """A new link; any earlier unused link of the handover stops working."""
    HandoverToken.objects.filter(
        handover=handover, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    HandoverToken.objects.create(
        handover=handover,
        token_hash=token_hash(token),
        issued_at=now,
        expires_at=now + TOKEN_VALID,
    )
    return token


def _revoke_tokens(handover: Handover, now: datetime) -> None:
    HandoverToken.objects.filter(
        handover=handover, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)


def clean_text(value: str) -> str:
    return (value or "").strip()


def _staff_actor(handover: Handover) -> User:
    """The VT worker under whom a partner's answer changes the case (see the module docstring)."""
    for candidate in (handover.sent_by, handover.case.worker):
        if candidate is not None and can(candidate, Action.REGISTER_CONTACT):
            return candidate
    raise Conflict(
        "Dit antwoord kan nu niet worden verwerkt: de medewerker van Veilig Thuis is niet meer "
        "actief. Bel Veilig Thuis.",
        field="decision",
    )


def _link(link_base: str, token: str) -> str:
    return f"{link_base.rstrip('/')}/{token}"


# --- sending ------------------------------------------------------------------------------------


def _partner_texts(facts: str, safety_points: str, opinions: list[Opinion]) -> dict[str, str]:
    """Every text the partner reads (the letter and the link page), by field name."""
    return {"facts": facts, "safety_points": safety_points} | opinion_texts(opinions)


def opinion_texts(opinions: list[Opinion]) -> dict[str, str]:
    """The opinions' texts by field name, for the R-PRIV-5 disclosure check."""
    return {
        f"opinions[{index}].{name}": getattr(opinion, name)
        for index, opinion in enumerate(opinions)
        for name in ("text", "holder", "based_on")
    }


def _check_content(facts: str, opinions: list[Opinion]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not facts:
        errors["facts"] = (
            "Een overdracht zonder feiten kan niet: beschrijf ten minste één feit dat u overdraagt."
        )
    return errors | opinion_problems(opinions)


def opinion_problems(opinions: list[Opinion]) -> dict[str, str]:
    """R-HO-4: every opinion says whose it is and on which facts it rests; also used by the
    investigation's conclusion, which keeps its opinions apart the same way."""
    errors: dict[str, str] = {}
    for index, opinion in enumerate(opinions):
        if not clean_text(opinion.text):
            errors[f"opinions[{index}].text"] = (
                "Vul de mening of hypothese in, of laat de rij leeg."
            )
        if not clean_text(opinion.holder):
            errors[f"opinions[{index}].holder"] = (
                "Een mening zonder bron kan niet: vul in van wie deze mening is (naam en functie)."
            )
        if not clean_text(opinion.based_on):
            errors[f"opinions[{index}].based_on"] = (
                "Een mening zonder bron kan niet: vul in op welke feiten deze mening berust."
            )
    return errors


@transaction.atomic
def handover_send(
    *,
    user: User,
    case: Case,
    expected_version: int | None,
    partner: PartnerAgency | None,
    facts: str,
    safety_points: str = "",
    opinions: list[Opinion] | None = None,
    link_base: str,
    warm: WarmMeeting | None = None,
    channel: Channel = Channel.HTML,
) -> tuple[Handover, str]:
    """Sends a handover to a partner (R-HO-3): a letter with the facts, the opinions kept
    apart with their source (R-HO-4), and a one-time confirmation link; the partner's deadlines
    start (R-HO-5). VT stays responsible until the partner takes the case up (R-HO-1).

    Cold (`warm` None): from phase "handover", straight after the assessment. Warm (R-HO-3
    warm): at the end of VT's own involvement (phase "conditions" or "investigation"), with the
    handover meeting, a written rationale, the current safety plan version (its conditions) and
    the monitoring agreements (`warm.WarmMeeting`); the agreements go in writing to the partner
    and to each household address; the involvement's 10-week deadline is met and the case moves
    to "handover". When the partner accepts it goes on to monitoring (R-MON-1).

    Returns the handover and the confirmation link, shown once to the sender: only its hash is
    stored, and the letter, which every colleague on the case can open, does not carry it (a
    colleague could answer as the partner with it)."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(case, expected_version)
    opinions = opinions or []
    facts = clean_text(facts)
    errors = _check_content(facts, opinions)
    plan = safety_plan_current(case=case) if warm is not None else None
    if warm is not None:
        errors |= warm_errors(case, warm, plan)
    # R-PRIV-5: nothing the partner reads names a reporter anonymous towards the household.
    texts = _partner_texts(facts, safety_points, opinions)
    if warm is not None:
        texts |= warm_texts(warm)
    errors = disclosure_errors(reports=anonymous_reports(case), texts=texts) | errors
    if partner is None:
        errors["partner"] = "Kies de ketenpartner aan wie u overdraagt."
    elif not partner.active:
        errors["partner"] = f"{partner.name} is niet (meer) actief als ketenpartner."
    if warm is None and case.phase != Phase.HANDOVER:
        errors["case"] = (
            f"Dossier {case.number} staat niet in de fase Overdracht; zet eerst die stap."
        )
    elif warm is not None and case.phase not in WARM_PHASES:
        errors["case"] = (
            f"Een warme overdracht volgt op voorwaarden en vervolg of onderzoek; dossier "
            f"{case.number} staat in de fase {Phase(case.phase).label}."
        )
    elif case.handovers.exclude(status=HandoverStatus.HANDED_BACK).exists():
        errors["partner"] = (
            "Dit dossier heeft al een lopende overdracht. Laat die eerst terugleggen."
        )
    if errors:
        raise ValidationError(errors)
    assert partner is not None  # noqa: S101  # checked above
    now = timezone.now()
    handover = Handover.objects.create(
        case=case,
        partner=partner,
        facts=facts,
        safety_points=clean_text(safety_points),
        sent_at=now,
        sent_by=user,
        **(warm.fields(plan) if warm is not None else {}),
    )
    HandoverOpinion.objects.bulk_create(
        HandoverOpinion(
            handover=handover,
            text=clean_text(o.text),
            holder=clean_text(o.holder),
            based_on=clean_text(o.based_on),
        )
        for o in opinions
    )
    token = _issue_token(handover, now)
    link = _link(link_base, token)
    if warm is not None:
        case = _warm_start(user, case, handover, warm, now)
    handover.letter = letter_queue(
        user=user,
        case=case,
        template_code=WARM_PARTNER_TEMPLATE if warm is not None else PARTNER_TEMPLATE,
        recipient_name=partner.contact_person or partner.name,
        recipient_address="\n".join(x for x in (partner.name, partner.address) if x),
        recipient_kind=RecipientKind.PARTNER,
        context={
            "partner_name": partner.name,
            "case_number": case.number,
            "facts": facts,
            "safety_points": handover.safety_points,
            "opinions": [
                {"text": o.text, "holder": o.holder, "based_on": o.based_on}
                for o in handover.opinions.all()
            ],
            "link_valid_until": timezone.localtime(now + TOKEN_VALID).strftime("%d-%m-%Y"),
            **vt_contact(case),
            **(warm_partner_context(case, handover) if warm is not None else {}),
        },
    )
    handover.save(update_fields=["letter"])
    today = timezone.localdate(now)
    deadlines_start(case=case, kinds=PARTNER_DEADLINES, start=today, actor=user)
    timeline_add(
        case=case,
        actor=user,
        kind="handover_sent",
        summary=f"{HandoverKind(handover.form).label} verstuurd aan {partner.name}; Veilig Thuis "
        "blijft verantwoordelijk tot de ketenpartner de zaak heeft opgepakt.",
        target=handover,
        at=now,
    )
    case_touch(case)
    access_log_record(
        user=user,
        event=AccessEvent.TRANSFER,
        channel=channel,
        person_ids=case.person_ids(),
        case=case,
        detail=f"overdracht aan {partner.name}",
    )
    return handover, link


def _warm_start(
    user: User, case: Case, handover: Handover, warm: WarmMeeting, now: datetime
) -> Case:
    """The involvement is finished with this follow-up (R-VV-3, R-OND-2): its 10-week deadline
    is met, the agreements go in writing to the household, and the case moves to "handover"."""
    deadline_meet(case=case, kind=WARM_PHASES[Phase(case.phase)], user=user, at=now)
    handover.household_letters.set(warm_household_letters(user, case, handover))
    return case_transition(
        user=user,
        case=case,
        target=Phase.HANDOVER,
        expected_version=case.version,
        reason=f"Warme overdracht aan {handover.partner.name}",
    )


@transaction.atomic
def handover_new_link(
    *, user: User, handover: Handover, link_base: str, channel: Channel = Channel.HTML
) -> str:
    """A fresh link for the worker to send or read out; the old one stops working."""
    require(user, Action.ASSESS_SAFETY)
    case_lock(handover.case_id, None)  # the lock order: the case, then its handover
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if not handover.is_open:
        raise Conflict(
            "Deze overdracht is teruggelegd; er is geen link meer nodig.", field="handover"
        )
    now = timezone.now()
    token = _issue_token(handover, now)
    timeline_add(
        case=handover.case,
        actor=user,
        kind="handover_link",
        summary=f"Nieuwe bevestigingslink gemaakt voor {handover.partner.name}; de vorige werkt "
        "niet meer.",
        target=handover,
        at=now,
    )
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=handover.case, detail="link"
    )
    return _link(link_base, token)


# --- the partner's answers ----------------------------------------------------------------------


def token_check(token: str, *, now: datetime | None = None) -> HandoverToken:
    """The token row of a usable link, or `TokenRefused` saying why not (nothing changes)."""
    now = now or timezone.now()
    row = (
        HandoverToken.objects.select_related("handover__case", "handover__partner")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if row is None:
        raise TokenUnknown(
            "Deze link kennen wij niet. Controleer of u de volledige link uit de brief of e-mail "
            "heeft gebruikt, of bel Veilig Thuis."
        )
    if row.used_at is not None:
        raise TokenRefused(
            "Deze link is al gebruikt; uw antwoord is toen vastgelegd. Er is nu niets gewijzigd. "
            "Heeft u later nog iets te melden, gebruik dan de nieuwe link of bel Veilig Thuis."
        )
    if row.revoked_at is not None:
        raise TokenRefused(
            "Deze link werkt niet meer: er is een nieuwere link gemaakt, of de overdracht is "
            "beëindigd. Er is niets gewijzigd. Bel Veilig Thuis als u vragen heeft."
        )
    if row.expires_at <= now:
        raise TokenRefused(
            "Deze link is verlopen. Er is niets gewijzigd. Bel Veilig Thuis om de ontvangst of "
            "de start van de hulp door te geven; wij sturen u zo nodig een nieuwe link."
        )
    return row


@dataclass(frozen=True)
class Answer:
    handover: Handover
    next_link: str  # empty when no later decision is expected


@transaction.atomic
def handover_answer_by_link(
    *, token: str, decision: str, name: str = "", reason: str = "", link_base: str
) -> Answer:
    """The partner's answer through the one-time link (R-HO-5): the token is used up."""
    row = token_check(token)
    case_lock(row.handover.case_id, None)  # the lock order: the case, then its handover's rows
    row = HandoverToken.objects.select_for_update().get(pk=row.pk)
    if row.used_at is not None or row.revoked_at is not None:  # a concurrent answer won
        raise TokenRefused("Deze link is al gebruikt. Er is nu niets gewijzigd.")
    answer = _answer(
        handover=row.handover,
        decision=decision,
        name=name,
        reason=reason,
        link_base=link_base,
        logged_as=None,
        channel=Channel.HTML,
    )
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return answer


@transaction.atomic
def handover_answer_by_system(
    *,
    user: User,
    handover: Handover,
    decision: str,
    name: str = "",
    reason: str = "",
    link_base: str,
) -> Answer:
    """The same answer from the partner's own system (API, token of a partner-system account)."""
    require(user, Action.CONFIRM_HANDOVER)
    account = getattr(user, "partner_system", None)
    if account is None or not account.active or account.partner_id != handover.partner_id:
        raise NotPermitted("Deze overdracht is niet aan uw organisatie gericht.")
    return _answer(
        handover=handover,
        decision=decision,
        name=name,
        reason=reason,
        link_base=link_base,
        logged_as=user,
        channel=Channel.API,
    )


def _answer(
    *,
    handover: Handover,
    decision: str,
    name: str,
    reason: str,
    link_base: str,
    logged_as: User | None,
    channel: Channel,
) -> Answer:
    # The case first, then the handover (the lock order of cases.services.case_lock): a worker's
    # hand-back takes them in that order too, so the two wait for each other, never deadlock.
    case = case_lock(handover.case_id, None)
    handover = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("case", "partner")
        .get(pk=handover.pk)
    )
    if decision not in Decision.ALL:
        raise ValidationError({"decision": "Kies wat u met deze overdracht doet."})
    if handover.status == HandoverStatus.HANDED_BACK:
        raise AlreadyExists(
            "Deze overdracht is al teruggelegd bij Veilig Thuis; bevestigen kan niet meer. Er is "
            "niets gewijzigd. Bel Veilig Thuis als u vragen heeft.",
            field="decision",
        )
    actor = _staff_actor(handover)
    name = clean_text(name)[:150]
    who = f"{handover.partner.name}" + (f" ({name})" if name else "")
    now = timezone.now()
    next_link = ""
    route = "de bevestigingslink" if channel == Channel.HTML else "het eigen systeem"
    with acting_for(f"{who}, via {route}"):  # the partner's decision, recorded as theirs
        if decision == Decision.ACCEPT:
            next_link = _accept(handover, case, actor, who, now, link_base)
        elif decision == Decision.WAITING_LIST:
            next_link = _waiting_list(handover, case, actor, who, now, link_base)
        else:
            _hand_back(handover, case, actor, HandedBackBy.PARTNER, clean_text(reason), who, now)
    if name:
        handover.answered_by_name = name
        handover.save(update_fields=["answered_by_name"])
    access_log_record(
        user=logged_as,
        event=AccessEvent.CHANGE,
        channel=channel,
        case=case,
        detail=f"antwoord ketenpartner {handover.partner.name}: {decision}",
    )
    return Answer(handover=handover, next_link=next_link)


def _receive(handover: Handover, case: Case, actor: User, now: datetime) -> None:
    if handover.received_at is None:
        handover.received_at = now
        deadline_meet(case=case, kind="partner_receipt", user=actor, at=now)


def _accept(
    handover: Handover, case: Case, actor: User, who: str, now: datetime, link_base: str
) -> str:
    if handover.status == HandoverStatus.ACCEPTED:
        raise AlreadyExists(
            "U heeft deze overdracht al bevestigd als opgepakt. Er is niets gewijzigd.",
            field="decision",
        )
    if case.phase != Phase.HANDOVER:
        raise Conflict(
            "Het dossier is intussen weer bij Veilig Thuis in behandeling. Er is niets "
            "gewijzigd; bel Veilig Thuis.",
            field="decision",
        )
    _receive(handover, case, actor, now)
    deadline_meet(case=case, kind="partner_start", user=actor, at=now)
    handover.status = HandoverStatus.ACCEPTED
    handover.accepted_at = now
    handover.save(update_fields=["status", "accepted_at", "received_at"])
    # R-HO-1: responsibility passes now, at acceptance, not when VT sent the handover.
    responsibility_transfer(
        user=actor,
        case=case,
        holder_type=HolderType.PARTNER,
        partner=handover.partner,
        reason=f"Overdracht opgepakt door {who}",
        at=now,
    )
    timeline_add(
        case=case,
        actor=None,
        kind="handover_accepted",
        summary=f"Overdracht ontvangen en opgepakt door {who}.",
        target=handover,
        at=now,
    )
    if handover.is_warm:  # R-MON-1: after VT's own involvement, always monitoring
        case_transition(
            user=actor,
            case=case,
            target=Phase.MONITORING,
            expected_version=None,
            reason="Monitoren volgens de afspraken van de warme overdracht",
        )
    # The partner may still hand the case back (R-HO-6): a new link for that.
    return _link(link_base, _issue_token(handover, now))


def _waiting_list(
    handover: Handover, case: Case, actor: User, who: str, now: datetime, link_base: str
) -> str:
    if handover.status != HandoverStatus.SENT:
        raise AlreadyExists(
            "De wachtlijst is al doorgegeven (of de zaak is al opgepakt). Er is niets gewijzigd.",
            field="decision",
        )
    _receive(handover, case, actor, now)
    handover.status = HandoverStatus.WAITING_LIST
    handover.waiting_list_at = now
    handover.save(update_fields=["status", "waiting_list_at", "received_at"])
    timeline_add(
        case=case,
        actor=None,
        kind="handover_waiting_list",
        summary=f"{who} heeft de overdracht ontvangen maar kan niet binnen 2 weken starten "
        "(wachtlijst). Veilig Thuis blijft verantwoordelijk.",
        target=handover,
        at=now,
    )
    _inform_municipality(handover, case, actor, now)
    return _link(link_base, _issue_token(handover, now))


def _inform_municipality(handover: Handover, case: Case, actor: User, now: datetime) -> None:
    """R-HO-5: VT informs the municipality when a local team has a waiting list."""
    municipality = case.municipality
    if municipality is None:
        timeline_add(
            case=case,
            actor=None,
            kind="municipality_not_informed",
            summary="Wachtlijst bij de ketenpartner: er is geen gemeente bij dit dossier bekend, "
            "dus er is geen brief aan de gemeente klaargezet. Informeer de gemeente zelf.",
            target=handover,
            at=now,
        )
        return
    letter_queue(
        user=actor,
        case=case,
        template_code=MUNICIPALITY_TEMPLATE,
        recipient_name=f"Het college van burgemeester en wethouders van {municipality.name}",
        recipient_address=f"Gemeente {municipality.name}",
        recipient_kind=RecipientKind.MUNICIPALITY,
        context={
            "municipality_name": municipality.name,
            "partner_name": handover.partner.name,
            "case_number": case.number,
            "sent_on": timezone.localtime(handover.sent_at).strftime("%d-%m-%Y"),
            "reported_on": timezone.localtime(now).strftime("%d-%m-%Y"),
            **vt_contact(case),
        },
    )
    timeline_add(
        case=case,
        actor=None,
        kind="municipality_informed",
        summary=f"Gemeente {municipality.name} geïnformeerd over de wachtlijst bij "
        f"{handover.partner.name}.",
        target=handover,
        at=now,
    )


# --- hand-back ----------------------------------------------------------------------------------


def _hand_back(
    handover: Handover,
    case: Case,
    actor: User,
    by: HandedBackBy,
    reason: str,
    who: str,
    now: datetime,
) -> None:
    """R-HO-6: the case returns to VT, VT responsible again."""
    if not reason:
        raise ValidationError({"reason": "Geef de reden waarom de zaak wordt teruggelegd."})
    handover.status = HandoverStatus.HANDED_BACK
    handover.handed_back_at = now
    handover.handed_back_by = by
    handover.hand_back_reason = reason
    handover.save(update_fields=["status", "handed_back_at", "handed_back_by", "hand_back_reason"])
    _revoke_tokens(handover, now)
    text = f"Teruggelegd door {who}: {reason}"
    # The partner's obligations fall away with the handover (R-DL-3): ended as lapsed, so no
    # worklist keeps showing a partner deadline for a case that is back at VT, and no report
    # counts them as met.
    deadlines_lapse(case=case, kinds=PARTNER_DEADLINES, user=actor, reason=text, at=now)
    if case.phase in (Phase.HANDOVER, Phase.CLOSED):
        case_transition(
            user=actor, case=case, target=Phase.ASSESSMENT, expected_version=None, reason=text
        )
    else:
        vt_responsible_again(user=actor, case=case, reason=text, at=now)
    timeline_add(
        case=case, actor=None, kind="handover_handed_back", summary=text, target=handover, at=now
    )


@transaction.atomic
def handover_hand_back(
    *,
    user: User,
    handover: Handover,
    by: str,
    reason: str,
    expected_version: int | None,
    channel: Channel = Channel.HTML,
) -> Handover:
    """A VT worker records a hand-back: by the household, or by the partner by phone (R-HO-6)."""
    require(user, Action.ASSESS_SAFETY)
    case = case_lock(handover.case, expected_version)
    handover = (
        Handover.objects.select_for_update(of=("self",))
        .select_related("partner")
        .get(pk=handover.pk)
    )
    if by not in HandedBackBy.values:
        raise ValidationError(
            {"by": "Kies wie de zaak teruglegt: de ketenpartner of het huishouden."}
        )
    if handover.status == HandoverStatus.HANDED_BACK:
        raise AlreadyExists("Deze overdracht is al teruggelegd.", field="by")
    who = handover.partner.name if by == HandedBackBy.PARTNER else "het huishouden"
    _hand_back(
        handover,
        case,
        user,
        HandedBackBy(by),
        clean_text(reason),
        f"{who} (vastgelegd door {user})",
        timezone.now(),
    )
    access_log_record(
        user=user, event=AccessEvent.CHANGE, channel=channel, case=case, detail="teruggelegd"
    )
    return handover
