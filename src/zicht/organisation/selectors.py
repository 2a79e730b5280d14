"""Reads of reference data. No client data lives here, so no access logging is needed."""

from django.db.models import QuerySet

from zicht.organisation.models import Municipality, Organisation, PartnerAgency


def this_organisation() -> Organisation | None:
    return Organisation.objects.first()


def partners_for_municipality(*, municipality: Municipality) -> QuerySet[PartnerAgency]:
    return PartnerAgency.objects.filter(active=True, municipalities=municipality).order_by("name")
