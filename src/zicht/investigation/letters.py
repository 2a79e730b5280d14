"""The investigation's letters (editable templates, created by migration 0002): the conclusion
to the household (R-OND-2; after a refutation with the right to ask for destruction, R-PRIV-4)
and the letter informing the college of an RvdK request (R-OND-5, Wmo 4.1.1 f).

Both go through `letter_queue`, whose guard refuses a household letter that would reveal an
anonymous reporter (R-PRIV-5); the college letter names no one.
"""

from typing import TYPE_CHECKING

from django.utils import timezone

from zicht.accounts.models import User
from zicht.informing.services import household_addressees
from zicht.letters.models import Letter, RecipientKind
from zicht.letters.services import letter_queue
from zicht.organisation.models import Municipality

if TYPE_CHECKING:
    from zicht.investigation.models import AuthorityNotice, Investigation

CONCLUSION_HOUSEHOLD = "investigation_conclusion_household"
COLLEGE_RVDK = "investigation_rvdk_college"


def _vt_contact(investigation: "Investigation") -> dict[str, str]:
    case = investigation.case
    return {
        "case_number": case.number,
        "vt_worker": case.worker.full_name if case.worker else str(case.team),
        "vt_team": str(case.team),
    }


def _addressees(investigation: "Investigation") -> list[tuple[str, str]]:
    """(names, address) per address of the household's adults; without any address one letter
    to the parents/carers, to be handed over in person (the letter must exist: R-PRIV-4)."""
    by_address = household_addressees(investigation.case)
    if not by_address:
        return [(f"De ouders/verzorgers van {investigation.case.household.name}", "")]
    return [(names, address) for address, names in by_address.items()]


def conclusion_letters(*, user: User, investigation: "Investigation") -> list[Letter]:
    """One letter per address of the household's adults."""
    from zicht.investigation.models import Conclusion

    context = {
        **_vt_contact(investigation),
        "conclusion": Conclusion(investigation.conclusion).label.lower(),
        "refuted": investigation.conclusion == Conclusion.REFUTED,
        "facts": investigation.facts,
        "next_steps": investigation.next_steps,
        "opinions": [
            {"text": o.text, "holder": o.holder, "based_on": o.based_on}
            for o in investigation.opinions.all()
        ],
    }
    return [
        letter_queue(
            user=user,
            case=investigation.case,
            template_code=CONCLUSION_HOUSEHOLD,
            recipient_name=name,
            recipient_address=address,
            recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
            context={**context, "recipient_name": name},
        )
        for name, address in _addressees(investigation)
    ]


def college_letter(
    *,
    user: User,
    investigation: "Investigation",
    notice: "AuthorityNotice",
    municipality: Municipality,
) -> Letter:
    """R-OND-5: the college is informed of the RvdK request; no names, only our reference."""
    return letter_queue(
        user=user,
        case=investigation.case,
        template_code=COLLEGE_RVDK,
        recipient_name=f"Het college van burgemeester en wethouders van {municipality.name}",
        recipient_address=f"Gemeente {municipality.name}",
        recipient_kind=RecipientKind.MUNICIPALITY,
        context={
            **_vt_contact(investigation),
            "municipality_name": municipality.name,
            "requested_on": notice.made_on.strftime("%d-%m-%Y"),
            "informed_on": timezone.localdate().strftime("%d-%m-%Y"),
        },
    )
