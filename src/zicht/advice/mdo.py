"""The MDO behind a VT-initiated report (ambtshalve melding, R-ADV-7): recorded with its date,
participants (at least one behavioural scientist or confidential doctor besides the recorder),
the four conditions each answered with grounds, and the decision; the professional is informed
by letter. The report itself goes through the report form (`reports.views`), which links it
here with `mdo_link_report`.
"""

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from zicht.accounts.models import User
from zicht.accounts.policy import Action, Role, can
from zicht.advice.identifying import kinds_in
from zicht.advice.models import (
    MDO_CRITERIA,
    Advice,
    MdoDecision,
    MdoOutcome,
)
from zicht.advice.services import NOT_IDENTIFYING, advices_visible_to
from zicht.cases.models import Case
from zicht.cases.services import timeline_add
from zicht.core.errors import AlreadyExists, Conflict, NotPermitted
from zicht.letters.models import Letter, RecipientKind
from zicht.letters.services import LetterTemplateMissing, letter_queue
from zicht.reports.models import CallerKind, Report

EXPERT_ROLES = (Role.BEHAVIOURAL_SCIENTIST, Role.CONFIDENTIAL_DOCTOR)
DECISION_TEXTS = {
    MdoOutcome.REPORT: "Veilig Thuis doet zelf een melding van deze situatie (ambtshalve "
    "melding), zonder uw toestemming.",
    MdoOutcome.NO_REPORT: "Veilig Thuis doet geen melding van deze situatie zonder uw "
    "toestemming (geen ambtshalve melding).",
}
LETTER_TEMPLATES = {
    MdoOutcome.REPORT: "vt_initiated_report_decision",
    MdoOutcome.NO_REPORT: "vt_initiated_report_declined",
}
ALONE = (
    "Een ambtshalve melding besluit u nooit alleen: kies naast uzelf minstens één "
    "gedragswetenschapper of vertrouwensarts die aan het MDO deelnam (R-ADV-7)."
)


def _expert(participant: User, recorder: User) -> bool:
    return (
        participant.pk != recorder.pk
        and participant.role in EXPERT_ROLES
        and can(participant, Action.DECIDE_IN_MDO)
    )


def _criteria_errors(
    *, outcome: str, answers: Mapping[str, bool | None], grounds: Mapping[str, str]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    unmet = []
    for key, label in MDO_CRITERIA:
        answer, text = answers.get(key), grounds.get(key, "").strip()
        if answer is None:
            errors[key] = f"Beantwoord met ja of nee: {label.lower()}."
        elif outcome == MdoOutcome.REPORT and not answer:
            unmet.append(label.lower())
            errors[key] = (
                f"‘{label}’ is met nee beantwoord: dan mag Veilig Thuis geen ambtshalve melding "
                "doen (alle vier voorwaarden moeten gelden, R-ADV-7)."
            )
        if not text:
            errors[f"{key}_grounds"] = f"Onderbouw het antwoord op: {label.lower()}."
        elif kinds_in(text):
            errors[f"{key}_grounds"] = (
                f"De onderbouwing bevat herkenbare gegevens. {NOT_IDENTIFYING}"
            )
    if unmet:
        errors["outcome"] = (
            "Een ambtshalve melding kan alleen als alle vier voorwaarden gelden. Niet voldaan: "
            + "; ".join(unmet)
            + "."
        )
    return errors


def _mdo_errors(
    *,
    user: User,
    advice: Advice,
    held_on: date | None,
    participants: Sequence[User],
    outcome: str,
    rationale: str,
    professional_name: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if advice.report_id is not None:
        errors["advice"] = (
            "Dit advies is al omgezet naar een melding; een MDO-besluit kan niet meer."
        )
    elif advice.mdo_decisions.filter(outcome=MdoOutcome.REPORT, report__isnull=True).exists():
        errors["advice"] = (
            "Een eerder MDO besloot al tot een ambtshalve melding; leg eerst die melding vast."
        )
    if advice.contact.caller_kind != CallerKind.PROFESSIONAL:
        errors["advice"] = (
            "Een ambtshalve melding vanuit een advies gaat over de vraag van een professional; "
            "dit advies is van een burger."
        )
    if held_on is None:
        errors["held_on"] = "Vul de datum van het MDO in."
    elif held_on > timezone.localdate():
        errors["held_on"] = "De datum van het MDO ligt in de toekomst."
    elif held_on < timezone.localdate(advice.contact.received_at):
        errors["held_on"] = "De datum van het MDO ligt vóór het adviescontact."
    if any(not p.is_active or not can(p, Action.REGISTER_CONTACT) for p in participants):
        errors["participants"] = "Kies als deelnemers alleen actieve medewerkers."
    elif not any(_expert(p, user) for p in participants):
        errors["participants"] = ALONE
    if outcome not in MdoOutcome.values:
        errors["outcome"] = "Kies het besluit van het MDO."
    if not rationale.strip():
        errors["rationale"] = "Motiveer het besluit."
    elif kinds_in(rationale):
        errors["rationale"] = f"De motivering bevat herkenbare gegevens. {NOT_IDENTIFYING}"
    if not professional_name.strip():
        errors["professional_name"] = (
            "Vul de naam van de professional in: die krijgt een brief met het besluit."
        )
    return errors


def _inform_professional(*, user: User, mdo: MdoDecision, case: Case | None) -> Letter:
    """The professional is informed of the decision, whatever it is (R-ADV-7)."""
    with translation.override("nl"):
        held_on = date_format(mdo.held_on, "j F Y")
    try:
        return _queue(user=user, mdo=mdo, case=case, held_on=held_on)
    except LetterTemplateMissing as missing:
        # Keyed, so the page shows it; the transaction is undone: no decision without its letter.
        raise ValidationError({"mdo": missing.messages}) from missing


def _queue(*, user: User, mdo: MdoDecision, case: Case | None, held_on: str) -> Letter:
    return letter_queue(
        user=user,
        case=case,
        template_code=LETTER_TEMPLATES[MdoOutcome(mdo.outcome)],
        recipient_name=mdo.professional_name,
        recipient_address=mdo.professional_address,
        recipient_kind=RecipientKind.PROFESSIONAL,
        context={
            "professional_name": mdo.professional_name,
            "decision_date": held_on,
            "decision": DECISION_TEXTS[MdoOutcome(mdo.outcome)],
            "grounds": mdo.rationale,
        },
    )


@transaction.atomic
def mdo_record(
    *,
    user: User,
    advice: Advice,
    held_on: date | None,
    participants: Sequence[User],
    answers: Mapping[str, bool | None],
    grounds: Mapping[str, str],
    outcome: str,
    rationale: str,
    professional_name: str,
    professional_address: str = "",
) -> MdoDecision:
    """Records an MDO's decision about a VT-initiated report from an advice (R-ADV-7).

    The recorder is a participant; at least one behavioural scientist or confidential doctor
    decides with them. "Report" needs all four conditions met, each with grounds. A decision not
    to report is sent to the professional now; a decision to report is sent when the report is
    registered (`mdo_link_report`), so the letter lands in the new case."""
    if (
        not can(user, Action.REGISTER_CONTACT)
        or not advices_visible_to(user).filter(pk=advice.pk).exists()
    ):
        raise NotPermitted("U mag voor dit advies geen MDO-besluit vastleggen.")
    advice = (
        Advice.objects.select_for_update(of=("self",)).select_related("contact").get(pk=advice.pk)
    )
    errors = _mdo_errors(
        user=user,
        advice=advice,
        held_on=held_on,
        participants=participants,
        outcome=outcome,
        rationale=rationale,
        professional_name=professional_name,
    )
    errors.update(_criteria_errors(outcome=outcome, answers=answers, grounds=grounds))
    if errors or held_on is None:  # a missing date is among the errors
        raise ValidationError(errors)
    mdo = MdoDecision.objects.create(
        advice=advice,
        held_on=held_on,
        outcome=outcome,
        rationale=rationale.strip(),
        professional_name=professional_name.strip(),
        professional_address=professional_address.strip(),
        recorded_by=user,
        **{key: bool(answers[key]) for key, _ in MDO_CRITERIA},
        **{f"{key}_grounds": grounds[key].strip() for key, _ in MDO_CRITERIA},
    )
    mdo.participants.set({*participants, user})
    if outcome == MdoOutcome.NO_REPORT:
        mdo.letter = _inform_professional(user=user, mdo=mdo, case=None)
        mdo.save(update_fields=["letter"])
    return mdo


@transaction.atomic
def mdo_link_report(*, user: User, mdo: MdoDecision, report: Report) -> MdoDecision:
    """The VT-initiated report decided in the MDO is registered: link it, inform the professional
    with a letter in the new case and note the MDO on the case's timeline (R-ADV-7). Call after
    `advice_link_report`, in the same transaction as `report_register`."""
    mdo = (
        MdoDecision.objects.select_for_update(of=("self",)).select_related("advice").get(pk=mdo.pk)
    )
    if mdo.outcome != MdoOutcome.REPORT:
        raise Conflict("Het MDO besloot géén ambtshalve melding te doen.", field="mdo")
    if mdo.advice.report_id != report.pk:
        raise Conflict("Koppel eerst het advies van dit MDO aan de melding.", field="mdo")
    if mdo.report_id is not None:
        if mdo.report_id == report.pk:
            return mdo
        raise AlreadyExists("De ambtshalve melding van dit MDO is al vastgelegd.", field="mdo")
    mdo.report = report
    mdo.letter = _inform_professional(user=user, mdo=mdo, case=report.case)
    mdo.save(update_fields=["report", "letter"])
    timeline_add(
        case=report.case,
        actor=user,
        kind="vt_initiated_report",
        summary=f"Ambtshalve melding na MDO van {mdo.held_on:%d-%m-%Y} over advies "
        f"{mdo.advice_id}: alle vier voorwaarden voldaan",
        target=mdo,
    )
    return mdo
