"""Writes of reference data (the admin writes through Django's own forms)."""

from collections.abc import Iterable

from django.db import transaction

from zicht.organisation.models import Municipality, Organisation, PartnerAgency, PartnerType


@transaction.atomic
def organisation_ensure(*, name: str, code: str, phone: str = "0800-2000") -> Organisation:
    """Creates this VT's own record if there is none; an existing one is left as edited."""
    organisation, _ = Organisation.objects.get_or_create(
        singleton=True, defaults={"name": name, "code": code, "phone": phone}
    )
    return organisation


@transaction.atomic
def municipality_ensure(*, name: str, cbs_code: str, in_region: bool = True) -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(
        cbs_code=cbs_code, defaults={"name": name, "in_region": in_region}
    )
    return municipality


@transaction.atomic
def partner_ensure(
    *,
    name: str,
    type: PartnerType,
    municipalities: Iterable[Municipality],
    phone: str = "",
    email: str = "",
    contact_person: str = "",
    address: str = "",
) -> PartnerAgency:
    partner, created = PartnerAgency.objects.get_or_create(
        name=name,
        type=type,
        defaults={
            "phone": phone,
            "email": email,
            "contact_person": contact_person,
            "address": address,
        },
    )
    if created:
        partner.municipalities.set(list(municipalities))
    return partner
