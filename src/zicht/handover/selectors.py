"""Every read of handovers and disputes. Staff reach them through a case they may see
(`cases.selectors.case_get_for_user` logs that read); a partner reaches one handover through its
link or its system account, and that read is logged too (R-PRIV-3)."""

from typing import Any

from django.db.models import QuerySet

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can
from zicht.audit.models import AccessEvent, Channel
from zicht.audit.services import access_log_record
from zicht.cases.models import Case
from zicht.cases.selectors import cases_shown_log
from zicht.core.errors import NotFound
from zicht.handover.models import Dispute, Handover, HandoverStatus, StepLevel, StepOutcome
from zicht.organisation.models import PartnerAgency
from zicht.organisation.selectors import this_organisation
from zicht.reports.disclosure import anonymous_reports, disclosure_errors


def handovers_of(*, case: Case) -> QuerySet[Handover]:
    return (
        Handover.objects.filter(case=case)
        .select_related("partner", "sent_by", "letter")
        .prefetch_related("opinions")
        .order_by("-sent_at", "-id")
    )


def handover_of_case(*, case: Case, handover_id: int) -> Handover:
    """A handover of a case the caller already fetched with scoping; 404 for any other id."""
    handover = handovers_of(case=case).filter(pk=handover_id).first()
    if handover is None:
        raise NotFound
    return handover


def disputes_of(*, case: Case) -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(case=case)
        .select_related("handover__partner", "opened_by", "resolved_by")
        .prefetch_related("steps")
        .order_by("-opened_at", "-id")
    )


def dispute_of_case(*, case: Case, dispute_id: int) -> Dispute:
    dispute = disputes_of(case=case).filter(pk=dispute_id).first()
    if dispute is None:
        raise NotFound
    return dispute


def partner_choices(*, case: Case) -> tuple[QuerySet[PartnerAgency], bool]:
    """Active partners working in the case's municipality; all of them (flag True) when the
    case has no municipality, so the form can say so."""
    partners = PartnerAgency.objects.filter(active=True).order_by("name")
    if case.municipality_id is None:
        return partners, True
    return partners.filter(municipalities=case.municipality_id).distinct(), False


def handovers_for_partner_system(*, user: User, status: str = "") -> QuerySet[Handover]:
    """The handovers addressed to the partner of this system account (issue 19.3: a partner
    sees only what it was handed), newest first; none for any other user."""
    account = getattr(user, "partner_system", None)
    if not can(user, Action.CONFIRM_HANDOVER) or account is None or not account.active:
        return Handover.objects.none()
    handovers = (
        Handover.objects.select_related("case__team", "case__worker", "partner")
        .prefetch_related("opinions")
        .filter(partner_id=account.partner_id)
        .order_by("-sent_at", "-id")
    )
    return handovers.filter(status=status) if status else handovers


def handover_for_partner_system(*, user: User, handover_id: int, resource: str = "") -> Handover:
    """A handover addressed to the partner of this system account; 404 otherwise. Logged."""
    handover = handovers_for_partner_system(user=user).filter(pk=handover_id).first()
    if handover is None:
        raise NotFound
    log_partner_read(handover=handover, user=user, channel=Channel.API, resource=resource)
    return handover


def handovers_shown_log(*, user: User, handovers: list[Handover], resource: str) -> None:
    """A page of the partner's list names each handover's case: a read of each case and its
    household's members, logged as the partner, in one write (as a list of cases is)."""
    if not handovers:
        return
    cases_shown_log(
        user=user,
        cases=[handover.case for handover in handovers],
        channel=Channel.API,
        resource=resource,
        detail=f"ketenpartner {handovers[0].partner.name}",  # one partner's list
    )


def log_partner_read(
    *, handover: Handover, user: User | None, channel: Channel, resource: str = ""
) -> None:
    """The partner read the handover: logged as the partner (by its system account, or named in
    the detail when it came through the link without a login)."""
    access_log_record(
        user=user,
        event=AccessEvent.READ,
        channel=channel,
        person_ids=handover.case.person_ids(),
        case=handover.case,
        resource=resource,
        detail=f"ketenpartner {handover.partner.name}"
        + (" via de bevestigingslink" if user is None else ""),
    )


WITHHELD = (
    "Dit deel is weggelaten om een melder te beschermen. Bel Veilig Thuis voor een toelichting."
)


def _unrevealing(case: Case, facts: str, safety_points: str, opinions: list[Any]) -> Any:
    """The texts as the partner may read them now: checked again as they are shown (R-PRIV-5),
    since a report added after sending may make a reporter anonymous who was named in them."""
    texts = {"facts": facts, "safety_points": safety_points}
    rows = [{"text": o.text, "holder": o.holder, "based_on": o.based_on} for o in opinions]
    for index, row in enumerate(rows):
        texts |= {f"opinions[{index}].{name}": value for name, value in row.items()}
    refused = disclosure_errors(reports=anonymous_reports(case), texts=texts)
    shown = {name: WITHHELD if name in refused else text for name, text in texts.items()}
    shown_rows = [
        {name: shown[f"opinions[{index}].{name}"] for name in row} for index, row in enumerate(rows)
    ]
    return shown["facts"], shown["safety_points"], shown_rows


def partner_texts(handover: Handover) -> tuple[str, str, list[dict[str, str]]]:
    """The facts, safety points and opinions as the partner may read them now (R-PRIV-5), for
    the link page and the partner system's API alike."""
    return _unrevealing(
        handover.case, handover.facts, handover.safety_points, list(handover.opinions.all())
    )


def partner_view(handover: Handover) -> dict[str, Any]:
    """Only what the partner needs: case number, VT's contact, the content handed over."""
    case = handover.case
    organisation = this_organisation()
    facts, safety_points, opinions = partner_texts(handover)
    return {
        "case_number": case.number,
        "partner": handover.partner.name,
        "status": handover.status,
        "status_label": HandoverStatus(handover.status).label,
        "sent_at": handover.sent_at,
        "facts": facts,
        "safety_points": safety_points,
        "opinions": opinions,
        "vt_worker": case.worker.full_name if case.worker else "",
        "vt_team": str(case.team),
        "vt_phone": organisation.phone if organisation else "0800-2000",
    }


def next_step_level(dispute: Dispute | None) -> int | None:
    """The only escalation level that may be recorded next (R-HO-7): step 1 first, then each
    after the previous one left the dispute unresolved; None when no step may follow."""
    if dispute is None or not dispute.is_open:
        return None
    last = max(dispute.steps.all(), key=lambda step: step.level, default=None)
    if last is None:
        return int(StepLevel.PROFESSIONALS)
    if last.outcome == StepOutcome.RESOLVED or last.level >= StepLevel.REGIONAL:
        return None
    return int(last.level) + 1


def allowed_decisions(status: str) -> list[str]:
    """What the partner may still answer (R-HO-5, R-HO-6), given where the handover stands."""
    from zicht.handover.services import Decision

    return {
        HandoverStatus.SENT: [Decision.ACCEPT, Decision.WAITING_LIST, Decision.HAND_BACK],
        HandoverStatus.WAITING_LIST: [Decision.ACCEPT, Decision.HAND_BACK],
        HandoverStatus.ACCEPTED: [Decision.HAND_BACK],
    }.get(HandoverStatus(status), [])
