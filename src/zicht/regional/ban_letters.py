"""The house-ban letters (R-HB-1): to the banned person and to each protected adult, about what
Veilig Thuis does during and after the ban. Texts are the editable templates of the letters app.

The banned person may not learn where the protected persons are: their letter goes only to the
address where they stay meanwhile, never to the home, and no address of a protected person may
appear anywhere in it. A notice without such an address gets no letter to the banned person —
the timeline says so, and the worker hands it over in person or through the police.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from zicht.accounts.models import User
from zicht.cases.services import timeline_add
from zicht.letters.models import Letter, RecipientKind
from zicht.letters.services import letter_queue
from zicht.organisation.selectors import this_organisation
from zicht.people.models import HouseholdRole, Person
from zicht.people.postal import postal_address
from zicht.regional.models import HouseBan

PERPETRATOR_TEMPLATE = "house_ban_perpetrator"
PROTECTED_TEMPLATE = "house_ban_protected"


def _key(text: str) -> str:
    return " ".join(re.sub(r"[,.]", " ", text.casefold()).split())


def protected_address_parts(ban: HouseBan) -> set[str]:
    """What would give a protected person's home away: street with number, and postcode."""
    parts: set[str] = set()
    for person in ban.protected.all():
        if person.street:
            parts.add(_key(f"{person.street} {person.house_number}"))
        if person.postcode:
            parts.add(_key(person.postcode).replace(" ", ""))
    return parts - {""}


def reveals_protected_address(ban: HouseBan, text: str) -> bool:
    words = _key(re.sub(r"<[^>]+>", " ", text))
    compact = words.replace(" ", "")
    return any(
        part in words or part.replace(" ", "") in compact for part in protected_address_parts(ban)
    )


def _context(ban: HouseBan) -> dict[str, str]:
    organisation = this_organisation()
    case = ban.case
    return {
        "case_number": case.number,
        "perpetrator_name": ban.perpetrator.full_name,
        "starts_at": f"{timezone.localtime(ban.starts_at):%d-%m-%Y %H:%M}",
        "ends_at": f"{timezone.localtime(ban.ends_at):%d-%m-%Y %H:%M}",
        "order_reference": ban.order_reference,
        "order_date": f"{ban.order_date:%d-%m-%Y}",
        "vt_worker": case.worker.full_name if case.worker else str(case.team),
        "vt_phone": organisation.phone if organisation else "0800-2000",
    }


def _perpetrator_letter(user: User, ban: HouseBan) -> Letter | None:
    address = ban.stay_address or postal_address(ban.perpetrator)
    if not address or reveals_protected_address(ban, address):
        timeline_add(
            case=ban.case,
            actor=user,
            kind="house_ban_no_letter",
            summary="Geen brief aan de uithuisgeplaatste klaargezet: er is geen verblijfadres "
            "bekend buiten de woning. Geef de informatie persoonlijk of via de politie.",
            target=ban,
        )
        return None
    letter = letter_queue(
        user=user,
        case=ban.case,
        template_code=PERPETRATOR_TEMPLATE,
        recipient_name=ban.perpetrator.full_name,
        recipient_address=address,
        recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
        context=_context(ban),
    )
    if reveals_protected_address(ban, letter.html):
        # The template is editable: a text that names the home is refused, nothing is saved.
        raise ValidationError(
            "De brief aan de uithuisgeplaatste zou het adres van een beschermde persoon "
            "bevatten. Pas het briefsjabloon aan; er is niets opgeslagen."
        )
    return letter


def away_address(person: Person) -> str | None:
    """Where a banned person stays while their ban runs (`people.postal`): every letter of the
    case goes there, never to the home; "" when that address is unknown or would give a protected
    person's home away. None for a person under no running ban."""
    ban = (
        HouseBan.objects.filter(perpetrator=person, ended_at__isnull=True)
        .order_by("-starts_at", "-pk")
        .first()
    )
    if ban is None:
        return None
    if not ban.stay_address or reveals_protected_address(ban, ban.stay_address):
        return ""
    return ban.stay_address


def queue_letters(*, user: User, ban: HouseBan) -> list[Letter]:
    """The letters of a new ban, in its transaction."""
    letters = []
    perpetrator = _perpetrator_letter(user, ban)
    if perpetrator is not None:
        letters.append(perpetrator)
    roles = dict(
        ban.case.household.members.filter(person__in=ban.protected.all()).values_list(
            "person_id", "role"
        )
    )
    for person in ban.protected.order_by("pk"):
        address = postal_address(person)
        if roles.get(person.pk) == HouseholdRole.CHILD or not address:
            continue  # children are spoken with, not written to
        letters.append(
            letter_queue(
                user=user,
                case=ban.case,
                template_code=PROTECTED_TEMPLATE,
                recipient_name=person.full_name,
                recipient_address=address,
                recipient_kind=RecipientKind.HOUSEHOLD_MEMBER,
                context={**_context(ban), "recipient_name": person.full_name},
            )
        )
    return letters
