"""The letters of monitoring: the agreements when it starts, and the closing letter when safety
lasts (R-MON-2, R-MON-4), each to the household (one per address) and to the partner who holds
responsibility for safety. The texts are editable templates (`letters.LetterTemplate`); an
anonymous reporter is kept out of them by `letter_queue`'s checks (R-PRIV-5)."""

from typing import Any

from django.utils import translation
from django.utils.formats import date_format

from zicht.accounts.models import User
from zicht.informing.services import household_addressees
from zicht.letters.models import Letter, RecipientKind
from zicht.letters.services import letter_queue, vt_contact
from zicht.monitoring import conditions
from zicht.monitoring.models import MonitoringPlan
from zicht.monitoring.selectors import holding_partner

AGREEMENTS = ("monitoring_agreements_household", "monitoring_agreements_partner")
CLOSING = ("monitoring_closed_household", "monitoring_closed_partner")


def dutch(day: Any) -> str:
    with translation.override("nl"):
        return str(date_format(day, "j F Y"))


def _context(plan: MonitoringPlan) -> dict[str, Any]:
    partner = holding_partner(plan.case)
    return {
        "case_number": plan.case.number,
        "started_on": dutch(plan.started_on),
        "ends_on": dutch(plan.ends_on),
        "ended_on": dutch(plan.ended_on) if plan.ended_on else "",
        "agreements": plan.agreements,
        "outcome_note": plan.outcome_note,
        "moments": [
            {
                "due": dutch(moment.due),
                "label": moment.get_kind_display(),
                "agreed_with": moment.get_agreed_with_display() if moment.agreed_with else "",
            }
            for moment in plan.moments.all()
        ],
        "conditions": [conditions.text(c) for c in conditions.current(plan.case)],
        "partner_name": partner.name if partner else "",
        **vt_contact(plan.case),
    }


def _send(user: User, plan: MonitoringPlan, templates: tuple[str, str]) -> list[Letter]:
    context = _context(plan)
    letters = [
        letter_queue(
            user=user,
            case=plan.case,
            template_code=templates[0],
            recipient_name=names,
            recipient_address=address,
            recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
            context={**context, "recipient_name": names},
        )
        for address, names in household_addressees(plan.case).items()
    ]
    partner = holding_partner(plan.case)
    if partner is not None:
        letters.append(
            letter_queue(
                user=user,
                case=plan.case,
                template_code=templates[1],
                recipient_name=partner.contact_person or partner.name,
                recipient_address="\n".join(x for x in (partner.name, partner.address) if x),
                recipient_kind=RecipientKind.PARTNER,
                context={**context, "recipient_name": partner.contact_person or partner.name},
            )
        )
    return letters


def agreements(*, user: User, plan: MonitoringPlan) -> list[Letter]:
    """The monitoring agreements in writing, to the household and the partner (R-MON-2)."""
    return _send(user, plan, AGREEMENTS)


def closing(*, user: User, plan: MonitoringPlan) -> list[Letter]:
    """Monitoring closes because safety lasts: to the household and the partner (R-MON-4)."""
    return _send(user, plan, CLOSING)
