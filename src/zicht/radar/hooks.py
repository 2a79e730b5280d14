"""Where Zicht's own events become register messages (R-REG-1), without the cases and people
apps knowing the register: the case's first save, a member joining, an identity changing."""

from typing import Any

from django.db.models.signals import post_save

from zicht.cases.models import Case
from zicht.cases.workflow import Phase
from zicht.people.models import HouseholdMember, Person
from zicht.radar import client, services
from zicht.radar.models import CaseRegistration


def _case_saved(
    sender: Any, instance: Case, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw and client.configured():
        services.case_register(instance)


def _member_saved(
    sender: Any, instance: HouseholdMember, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created or raw or not client.configured():
        return
    for registration in (
        CaseRegistration.objects.filter(case__household_id=instance.household_id, ended_at=None)
        .exclude(case__phase=Phase.CLOSED)
        .select_related("case")
    ):
        services.case_register(registration.case, [instance.person])


def _person_saved(
    sender: Any, instance: Person, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created and not raw and client.configured():
        services.persons_changed(instance)


def connect() -> None:
    post_save.connect(_case_saved, sender=Case, dispatch_uid="radar-case")
    post_save.connect(_member_saved, sender=HouseholdMember, dispatch_uid="radar-member")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="radar-person")
