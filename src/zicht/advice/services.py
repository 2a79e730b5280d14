"""Registering an advice (DOMAIN §4.1, R-ADV-1..6), linking it to the report it became, and the
MDO decision about a VT-initiated report (R-ADV-7).

An advice opens no case and starts no responsibility period: responsibility for safety stays with
the advice-seeker (R-ADV-2, R-ZOV-2). Nothing is saved when anything is refused.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zicht.accounts.models import User
from zicht.accounts.policy import Action, can, require
from zicht.advice.decision_framework import QUESTIONS, SUSPICION
from zicht.advice.identifying import kinds_in
from zicht.advice.models import (
    Advice,
    FrameworkOutcome,
    MdoDecision,
    MdoOutcome,
    SupportType,
)
from zicht.advice.public_forms import DecisionAidForm
from zicht.cases.services import timeline_add
from zicht.core.errors import AlreadyExists, NotFound
from zicht.core.limits import received_at_error
from zicht.reports.models import CallerKind, Contact, ContactChannel, ContactOutcome, Report, Sector

NOT_IDENTIFYING = (
    "Leg bij een advies geen gegevens vast waarmee betrokkenen herkenbaar zijn (naam, BSN, "
    "geboortedatum, adres)."
)
RESPONSIBILITY = (
    "Bespreek met de adviesvrager dat de verantwoordelijkheid voor de veiligheid bij de "
    "adviesvrager blijft, en vink aan dat dit besproken is (R-ADV-2)."
)
CRIMINAL_TEXTS = {
    "investigation_risk": "het risico op het frustreren van een onderzoek door een andere "
    "instantie",
    "compulsory_framework_options": "de juridische mogelijkheden voor een gedwongen kader",
    "safety_measures": "de veiligheidsmaatregelen",
}
FREE_TEXT_LABELS = {
    "question": "De adviesvraag",
    "investigation_risk": "Het risico op het frustreren van een onderzoek",
    "compulsory_framework_options": "De juridische mogelijkheden voor een gedwongen kader",
    "safety_measures": "De veiligheidsmaatregelen",
}


def identifying_error(field: str, text: str) -> str | None:
    """The refusal for a free-text field that holds identifying data, or None (R-ADV-1)."""
    kinds = kinds_in(text)
    if not kinds:
        return None
    found = " en ".join(kind.value for kind in kinds)
    return f"{FREE_TEXT_LABELS[field]} lijkt een {found} te bevatten. {NOT_IDENTIFYING}"


def _framework_errors(answers: Mapping[str, str]) -> dict[str, str]:
    form = DecisionAidForm({k: v for k, v in answers.items() if k in {q.key for q in QUESTIONS}})
    unknown = set(answers) - {question.key for question in QUESTIONS}
    errors = {key: " ".join(str(text) for text in texts) for key, texts in form.errors.items()}
    if unknown:
        errors["framework_answers"] = "Onbekende vraag in het afwegingskader."
    return errors


def _validate(
    *,
    channel: str,
    received_at: datetime,
    caller_kind: str,
    sector: str,
    question: str,
    framework_answers: Mapping[str, str],
    framework_outcome: str,
    criminal_child_abuse_suspected: bool,
    criminal_texts: Mapping[str, str],
    support_types: Sequence[str],
    follow_up_on: date | None,
    responsibility_discussed: bool,
) -> None:
    errors: dict[str, str] = {}
    if channel not in ContactChannel.values:
        errors["channel"] = "Kies hoe het contact binnenkwam."
    received_problem = received_at_error(received_at)  # R-REP-1's moment, within sane limits
    if received_problem:
        errors["received_at"] = received_problem
    if caller_kind not in CallerKind.values:
        errors["caller_kind"] = "Kies of de adviesvrager een burger of een professional is."
    if caller_kind == CallerKind.PROFESSIONAL and sector not in Sector.values:
        errors["sector"] = "Kies de sector van de professional."
    if not question.strip():
        errors["question"] = "Beschrijf de adviesvraag."
    errors.update(_framework_errors(framework_answers))
    if framework_outcome not in FrameworkOutcome.values:
        errors["framework_outcome"] = "Kies de uitkomst van het contact."
    elif (
        framework_outcome == FrameworkOutcome.END_OF_CONTACT
        and framework_answers.get(SUSPICION.key) == "ja"
    ):
        errors["framework_outcome"] = (
            "‘Einde contact’ past alleen als er geen vermoeden van huiselijk geweld of "
            "kindermishandeling is (vraag 1 ‘nee’). Kies ‘Advies en ondersteuning’ of "
            "‘Melding aangenomen’ (R-ADV-3)."
        )
    if criminal_child_abuse_suspected:
        for field, what in CRIMINAL_TEXTS.items():
            if not criminal_texts.get(field, "").strip():
                errors[field] = (
                    f"Bij een vermoeden van strafbare kindermishandeling legt u {what} vast "
                    "(R-ADV-4)."
                )
    unknown = [value for value in support_types if value not in SupportType.values]
    if unknown:
        errors["support_types"] = "Kies de ondersteuning uit de lijst."
    if follow_up_on is not None and follow_up_on < timezone.localdate(received_at):
        errors["follow_up_on"] = "Het vervolggesprek ligt vóór de datum van het contact."
    if not responsibility_discussed:
        errors["responsibility_discussed"] = RESPONSIBILITY
    texts = {"question": question, **criminal_texts}
    for field, text in texts.items():
        problem = identifying_error(field, text)
        if problem and field not in errors:
            errors[field] = problem
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def advice_register(
    *,
    user: User,
    channel: str,
    received_at: datetime,
    caller_kind: str,
    sector: str = "",
    profession: str = "",
    advice_seeker_name: str = "",
    advice_seeker_organisation: str = "",
    advice_seeker_phone: str = "",
    advice_seeker_email: str = "",
    question: str,
    framework_answers: Mapping[str, str],
    framework_outcome: str,
    criminal_child_abuse_suspected: bool = False,
    investigation_risk: str = "",
    compulsory_framework_options: str = "",
    safety_measures: str = "",
    support_types: Sequence[str] = (),
    follow_up_on: date | None = None,
    responsibility_discussed: bool,
) -> Advice:
    """Registers a contact that became advice, with the advice itself (R-ADV-1..5)."""
    require(user, Action.REGISTER_CONTACT)
    criminal_texts = {
        "investigation_risk": investigation_risk,
        "compulsory_framework_options": compulsory_framework_options,
        "safety_measures": safety_measures,
    }
    _validate(
        channel=channel,
        received_at=received_at,
        caller_kind=caller_kind,
        sector=sector,
        question=question,
        framework_answers=framework_answers,
        framework_outcome=framework_outcome,
        criminal_child_abuse_suspected=criminal_child_abuse_suspected,
        criminal_texts=criminal_texts,
        support_types=support_types,
        follow_up_on=follow_up_on,
        responsibility_discussed=responsibility_discussed,
    )
    contact = Contact.objects.create(
        channel=channel,
        received_at=received_at,
        caller_kind=caller_kind,
        sector=sector if caller_kind == CallerKind.PROFESSIONAL else "",
        profession=profession.strip() if caller_kind == CallerKind.PROFESSIONAL else "",
        becomes=ContactOutcome.ADVICE,
        created_by=user,
    )
    return Advice.objects.create(
        contact=contact,
        advice_seeker_name=advice_seeker_name.strip(),
        advice_seeker_organisation=advice_seeker_organisation.strip(),
        advice_seeker_phone=advice_seeker_phone.strip(),
        advice_seeker_email=advice_seeker_email.strip(),
        question=question.strip(),
        framework_answers={k: v for k, v in framework_answers.items() if v},
        framework_outcome=framework_outcome,
        criminal_child_abuse_suspected=criminal_child_abuse_suspected,
        **{
            field: text.strip() if criminal_child_abuse_suspected else ""
            for field, text in criminal_texts.items()
        },
        support_types=[value for value in SupportType.values if value in set(support_types)],
        follow_up_on=follow_up_on,
        responsibility_discussed=responsibility_discussed,
        created_by=user,
    )


def advices_visible_to(user: User) -> QuerySet[Advice]:
    """The advices the user may see: their own and those of the members of their teams."""
    if not can(user, Action.REGISTER_CONTACT):
        return Advice.objects.none()
    teams = user.teams.all()
    return (
        Advice.objects.filter(Q(created_by=user) | Q(created_by__teams__in=teams))
        .distinct()
        .select_related("contact", "report__case", "created_by")
    )


@transaction.atomic
def advice_link_report(*, user: User, advice: Advice, report: Report) -> Advice:
    """The caller decided to report: the report links to the advice it came from (R-ADV-6)."""
    if not advices_visible_to(user).filter(pk=advice.pk).exists():
        raise NotFound
    advice = Advice.objects.select_for_update().get(pk=advice.pk)
    if advice.report_id is not None and advice.report_id != report.pk:
        raise AlreadyExists("Dit advies is al omgezet naar een andere melding.", field="report")
    if advice.report_id is None:
        advice.report = report
        advice.save(update_fields=["report"])
        timeline_add(
            case=report.case,
            actor=user,
            kind="advice_linked",
            summary=f"Melding komt voort uit advies {advice.pk}",
            target=advice,
        )
    return advice


# R-ADV-6 / R-ADV-7: the report form turns an advice into a report ----------------------------


@dataclass(frozen=True)
class ReportSource:
    """The advice a new report comes from, and the MDO decision when VT itself reports."""

    advice: Advice
    mdo: MdoDecision | None = None


def _number(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def report_source(*, user: User, advice_id: object, mdo_id: object = None) -> ReportSource:
    """The advice (and MDO decision) the report form was opened from, checked again on every
    request: visible to the user, not yet a report, and the MDO decided to report. Refusals are
    keyed `advies` and `mdo`, as the URL names them."""
    number = _number(advice_id)
    advice = advices_visible_to(user).filter(pk=number).first() if number else None
    if advice is None:
        raise ValidationError(
            {"advies": f"Advies ‘{advice_id}’ bestaat niet of u mag het niet inzien."}
        )
    if advice.report is not None:
        raise ValidationError(
            {
                "advies": f"Advies {advice.pk} is al omgezet naar een melding in dossier "
                f"{advice.report.case.number}. Een advies wordt maar één keer een melding."
            }
        )
    if mdo_id in (None, ""):
        return ReportSource(advice)
    mdo_number = _number(mdo_id)
    mdo = advice.mdo_decisions.filter(pk=mdo_number).first() if mdo_number else None
    if mdo is None:
        raise ValidationError({"mdo": f"Bij advies {advice.pk} hoort geen MDO-besluit ‘{mdo_id}’."})
    if mdo.outcome != MdoOutcome.REPORT:
        raise ValidationError(
            {"mdo": "Het MDO besloot géén ambtshalve melding te doen; deze melding kan niet."}
        )
    if mdo.report_id is not None:
        raise ValidationError({"mdo": "De ambtshalve melding van dit MDO is al vastgelegd."})
    return ReportSource(advice, mdo)


# R-ADV-7: the MDO decision about a VT-initiated report ----------------------------------------
